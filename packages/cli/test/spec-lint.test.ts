import { describe, expect, it } from 'vitest';
import { failsOn } from '../../../generators/diff/model.ts';
import { runSpecLint } from '../src/commands/spec-lint.ts';
import { REPO_ROOT } from '../src/root.ts';

describe('mimi spec lint', () => {
  it('runs every lint source by default, lists the errata applied, and has no ERR on the shipped spec', async () => {
    const report = await runSpecLint(REPO_ROOT, undefined);
    expect(report.tool).toBe('mimi spec lint');
    expect(new Set(report.findings.map((f) => f.domain))).toEqual(new Set(['openapi', 'errata']));
    expect(report.summary.ERR).toBe(0);
    expect(failsOn(report, 'ERR')).toBe(false);
    expect(failsOn(report, 'WARN')).toBe(report.summary.WARN > 0);
    const erratum = report.findings.find((f) => f.rule === 'erratum-applied' && f.subject === 'key-material-user-code-commas');
    expect(erratum?.new).toEqual({ file: 'spec/drafts/draft-ietf-mimi-protocol-06.md', line: 856 });
    expect(erratum?.level).toBe('INFO');
    expect(report.findings.some((f) => f.rule === 'draft-inconsistency')).toBe(true);
  });

  it('runs one source by name and rejects unknown targets', async () => {
    const report = await runSpecLint(REPO_ROOT, 'openapi');
    expect(new Set(report.findings.map((f) => f.domain))).toEqual(new Set(['openapi']));
    expect(report.findings.some((f) => f.rule === 'erratum-applied')).toBe(false);
    await expect(runSpecLint(REPO_ROOT, 'nonsense')).rejects.toThrow(/unknown lint target/);
  });
});
