import { describe, expect, it } from 'vitest';
import { formatSpecLint, lintFails, runSpecLint } from '../src/commands/spec-lint.ts';
import { REPO_ROOT } from '../src/root.ts';

describe('mimi spec lint', () => {
  it('runs every lint source by default, lists the errata applied, and fails only on errors by default', async () => {
    const report = await runSpecLint(REPO_ROOT, undefined);
    expect(report.sources.map((s) => s.name)).toEqual(['openapi', 'tls', 'cddl', 'errata']);
    expect(report.errors).toBe(0);
    expect(lintFails(report, 'error')).toBe(false);
    expect(lintFails(report, 'warning')).toBe(report.warnings > 0);
    expect(report.errata.find((e) => e.id === 'key-material-user-code-commas')?.at).toBe('spec/drafts/draft-ietf-mimi-protocol-06.md:856');
    const text = formatSpecLint(report);
    expect(text).toContain('errata applied: ');
    expect(text).toMatch(/\[draft-inconsistency\]/);
  });

  it('runs one source by name and rejects unknown targets', async () => {
    const report = await runSpecLint(REPO_ROOT, 'openapi');
    expect(report.sources.map((s) => s.name)).toEqual(['openapi']);
    expect(report.errata).toEqual([]);
    await expect(runSpecLint(REPO_ROOT, 'nonsense')).rejects.toThrow(/unknown lint target/);
  });
});
