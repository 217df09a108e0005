import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { MissingInputError } from '../common/input-path.ts';
import { loadSide } from '../diff/load-side.ts';
import { failsOn } from '../report/model.ts';
import { runSpecLint } from './spec-lint.ts';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url)).replace(/\/$/, '');

describe('mimi spec lint', () => {
  it('runs every lint source by default, lists the errata applied, and has no ERR on the shipped spec', async () => {
    const report = await runSpecLint(REPO_ROOT, undefined);
    expect(report.tool).toBe('mimi spec lint');
    const count = (domain: string, rule: string) => report.findings.filter((f) => f.domain === domain && f.rule === rule).length;
    // What the shipped spec is known to have, and nothing else: the drafts' own inconsistencies
    // (directory vs endpoint parameter names), MessageId defined in three CDDL files, ConsentScope
    // defined but never used, and the 64 errata.
    expect(report.summary).toEqual({ ERR: 0, WARN: 11, INFO: 70, suppressed: 0 });
    expect(count('openapi', 'draft-inconsistency')).toBe(4);
    expect(count('openapi', 'path-parameter-mismatch')).toBe(2);
    expect(count('cddl', 'repeated-rule')).toBe(4);
    expect(report.findings.filter((f) => f.rule === 'unused-type').map((f) => f.message)).toEqual([expect.stringContaining("'ConsentScope'")]);
    expect(count('errata', 'erratum-applied')).toBe(70);
    expect(failsOn(report, 'ERR')).toBe(false);
    expect(failsOn(report, 'WARN')).toBe(report.summary.WARN > 0);
    const erratum = report.findings.find((f) => f.rule === 'erratum-applied' && f.subject === 'key-material-user-code-commas');
    expect(erratum?.new).toEqual({ file: 'spec/drafts/draft-ietf-mimi-protocol-06.md', line: 856 });
    expect(erratum?.level).toBe('INFO');
    expect(report.findings.some((f) => f.rule === 'draft-inconsistency')).toBe(true);
  });

  it('lints a draft from its markdown: the latest drafts show their known defects only', async () => {
    const rules = async (draft: string) => {
      const r = await runSpecLint(REPO_ROOT, `${REPO_ROOT}/spec/drafts/${draft}`);
      return r.findings.map((f) => `${f.level} ${f.rule} ${f.new?.file.replace(/^.*\/spec\//, 'spec/')}:${f.new?.line}`);
    };
    expect(await rules('draft-ietf-mimi-room-policy-03.md')).toEqual([]);
    const protocol = await rules('draft-ietf-mimi-protocol-06.md');
    expect(protocol.filter((x) => !x.includes('pseudo-code-skipped'))).toEqual(['WARN unused-type spec/drafts/draft-ietf-mimi-protocol-06.md:1693']);
    // -07 ships examples/report.edn but no longer includes the delivery-report schema it is an instance of.
    const content = await rules('draft-ietf-mimi-content-07.md');
    expect(content.filter((x) => x.startsWith('ERR'))).toEqual(['ERR example-invalid spec/drafts/draft-ietf-mimi-content-07-files/examples/report.cbor:1']);
  });

  it('lints an old draft with syntax errors: recovers, locates each error on the draft line', async () => {
    const r = await runSpecLint(REPO_ROOT, `${REPO_ROOT}/test/fixtures/drafts/draft-ietf-mimi-protocol-03.md`);
    const at = (rule: string) => r.findings.filter((f) => f.rule === rule).map((f) => f.new?.line);
    expect(at('unterminated-definition')).toEqual([946]);
    expect(at('unknown-case-label')).toEqual([1334, 1336, 1338, 1342]);
    expect(r.summary.ERR).toBeGreaterThan(5);
  });

  it('runs one source by name and rejects unknown targets', async () => {
    const report = await runSpecLint(REPO_ROOT, 'openapi');
    expect(new Set(report.findings.map((f) => f.domain))).toEqual(new Set(['openapi']));
    expect(report.findings.some((f) => f.rule === 'erratum-applied')).toBe(false);
    await expect(runSpecLint(REPO_ROOT, 'nonsense')).rejects.toThrow(/unknown lint target nonsense: use one of openapi, tls/);
    await expect(runSpecLint(REPO_ROOT, 'tsl')).rejects.toThrow(/unknown lint target tsl \(did you mean tls\?\)/);
  });

  it('says that a file or folder it is given does not exist, as loadSide (mimi spec diff) does', async () => {
    for (const target of ['nope.tls', 'no/such/dir', 'nope.yaml']) {
      await expect(runSpecLint(REPO_ROOT, target)).rejects.toThrow(MissingInputError);
      await expect(runSpecLint(REPO_ROOT, target)).rejects.toThrow(`${target}: no such file or directory`);
      await expect(loadSide(target, { root: REPO_ROOT })).rejects.toThrow(`${target}: no such file or directory`);
    }
    await expect(runSpecLint(REPO_ROOT, 'openapi', { draft: 'nope.md' })).rejects.toThrow('nope.md: no such file or directory');
  });
});
