/**
 * `mimi spec diff`, `mimi spec checks` and the rule catalogue as a user meets them: the real
 * command, its exit codes (--fail-on), config overrides and suppressions, --against a git ref,
 * every format selectable, and every catalogue rule firing on its own fixture pair.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EMPTY_CONFIG } from '../../generators/diff/config.ts';
import { diffSpecSets } from '../../generators/diff/diff.ts';
import { scanSpecTags } from '../../generators/diff/spec-tags.ts';
import { FORMATS } from '../../generators/report/format/index.ts';
import { loadDiffSides } from '../../generators/diff/load-pair.ts';
import type { Report } from '../../generators/report/model.ts';
import { RULES } from '../../generators/diff/rules.ts';
import { mimi } from '../support/run-cli.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const FIX = 'test/fixtures/diff';

describe('the rule catalogue', () => {
  it('has unique kebab-case ids, a description and a fixture pair for every rule', () => {
    expect(new Set(RULES.map((r) => r.id)).size).toBe(RULES.length);
    for (const r of RULES) {
      expect(r.id).toMatch(/^(tls|cddl|api|prose|erratum)-[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(r.description.length).toBeGreaterThan(20);
      const files = readdirSync(join(ROOT, r.fixture));
      expect(files.filter((f) => f.startsWith('old.'))).toHaveLength(1);
      expect(files.filter((f) => f.startsWith('new.'))).toHaveLength(1);
    }
  });

  it('every rule fires on its fixture pair, loaded as the command loads files', async () => {
    for (const r of RULES) {
      const files = readdirSync(join(ROOT, r.fixture));
      const file = (prefix: string) => join(ROOT, r.fixture, files.find((f) => f.startsWith(prefix))!);
      // An errata rule's fixture brings its own spec/errata for old.md: that folder is the root.
      const root = existsSync(join(ROOT, r.fixture, 'spec', 'errata')) ? join(ROOT, r.fixture) : ROOT;
      const [old, neu] = await loadDiffSides(file('old.'), file('new.'), { root, cwd: ROOT });
      // A prose rule's fixture holds the code whose `@spec` tag names the section (implements.ts).
      const report = diffSpecSets(old, neu, EMPTY_CONFIG, scanSpecTags(ROOT, [r.fixture]).tags);
      expect(
        report.findings.map((f) => f.rule),
        r.id,
      ).toContain(r.id);
    }
  });

  it('`mimi spec checks` prints every rule, as text, json and markdown', () => {
    const text = mimi(['spec', 'checks']);
    expect(text.code).toBe(0);
    for (const r of RULES) expect(text.stdout).toContain(r.id);
    const json = JSON.parse(mimi(['spec', 'checks', '--format', 'json']).stdout) as Array<{ id: string }>;
    expect(json.map((r) => r.id)).toEqual(RULES.map((r) => r.id));
    const md = mimi(['spec', 'checks', '--format', 'markdown']).stdout;
    expect(md.split('\n').filter((l) => l.startsWith('| `'))).toHaveLength(RULES.length);
    expect(md).toContain('request INFO, response WARN');
  });
});

describe('mimi spec diff', () => {
  const dir = `${FIX}/tls-struct-field-inserted`;
  const args = ['spec', 'diff', `${dir}/old.tls`, `${dir}/new.tls`];
  let tmp: string;
  beforeAll(() => {
    tmp = mkdtempSync(join(tmpdir(), 'mimi-diff-cli-'));
  });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('exits 0 without --fail-on, 1 when a finding reaches the level, and prints the summary', () => {
    const plain = mimi(args, undefined, { cwd: ROOT });
    expect(plain.code).toBe(0);
    expect(plain.stdout).toMatch(/1 ERR, 0 WARN, 0 INFO/);
    expect(plain.stdout).not.toContain('\u001b['); // not a terminal: no colour
    expect(mimi([...args, '--fail-on', 'ERR'], undefined, { cwd: ROOT }).code).toBe(1);
    expect(mimi([...args, '--fail-on', 'WARN'], undefined, { cwd: ROOT }).code).toBe(1);
    const info = `${FIX}/tls-type-added`;
    expect(mimi(['spec', 'diff', `${info}/old.tls`, `${info}/new.tls`, '--fail-on', 'WARN'], undefined, { cwd: ROOT }).code).toBe(0);
    expect(mimi([...args, '--color'], undefined, { cwd: ROOT }).stdout).toContain('\u001b[');
  });

  it('writes every format, to stdout or --output', () => {
    for (const format of FORMATS) {
      const r = mimi([...args, '--format', format], undefined, { cwd: ROOT });
      expect(r.code, format).toBe(0);
      expect(r.stdout.length, format).toBeGreaterThan(50);
    }
    const out = join(tmp, 'report.json');
    expect(mimi([...args, '--format', 'json', '--output', out], undefined, { cwd: ROOT }).stdout).toBe('');
    const report = JSON.parse(execFileSync('cat', [out]).toString()) as Report;
    expect(report.findings.map((f) => f.rule)).toEqual(['tls-struct-field-inserted']);
  });

  it('applies level overrides and suppressions from the config file', () => {
    const fp = (JSON.parse(mimi([...args, '--format', 'json'], undefined, { cwd: ROOT }).stdout) as Report).findings[0]!.fingerprint;
    const config = join(tmp, 'diff.json');
    writeFileSync(config, JSON.stringify({ levels: { 'tls-struct-field-inserted': 'WARN' } }));
    const lowered = JSON.parse(mimi([...args, '--format', 'json', '--config', config], undefined, { cwd: ROOT }).stdout) as Report;
    expect(lowered.findings[0]!.level).toBe('WARN');
    expect(mimi([...args, '--config', config, '--fail-on', 'ERR'], undefined, { cwd: ROOT }).code).toBe(0);
    writeFileSync(config, JSON.stringify({ suppress: [{ fingerprint: fp, reason: 'accepted in review' }] }));
    const suppressed = JSON.parse(mimi([...args, '--format', 'json', '--config', config], undefined, { cwd: ROOT }).stdout) as Report;
    expect(suppressed.summary).toEqual({ ERR: 0, WARN: 0, INFO: 0, suppressed: 1 });
    expect(mimi([...args, '--config', config, '--fail-on', 'INFO'], undefined, { cwd: ROOT }).code).toBe(0);
  });

  it('rejects a bad config, a missing side and a bad git ref with a message and exit code 2', () => {
    const config = join(tmp, 'bad.json');
    writeFileSync(config, JSON.stringify({ levels: { 'no-such-rule': 'ERR' } }));
    const bad = mimi([...args, '--config', config], undefined, { cwd: ROOT });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/unknown rule "no-such-rule"/);
    const missing = mimi(['spec', 'diff', 'nope.md', `${dir}/new.tls`], undefined, { cwd: ROOT });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/nope\.md: no such file/);
    const ref = mimi(['spec', 'diff', '--against', 'no-such-ref-xyz'], undefined, { cwd: ROOT });
    expect(ref.code).toBe(2);
    expect(ref.stderr).toMatch(/git:no-such-ref-xyz/);
  });

  it('--against <ref> compares the working tree spec/ with the ref', () => {
    // A small repository of its own: spec/ committed, then a field inserted in the working tree.
    const repo = join(tmp, 'repo');
    mkdirSync(join(repo, 'spec/tls'), { recursive: true });
    cpSync(join(ROOT, dir, 'old.tls'), join(repo, 'spec/tls/x.tls'));
    const git = (...a: string[]) => execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...a], { cwd: repo });
    git('init', '-q');
    git('add', '.');
    git('commit', '-qm', 'spec');
    expect(mimi(['spec', 'diff', '--against', 'HEAD', '--fail-on', 'INFO'], undefined, { cwd: repo }).code).toBe(0);
    cpSync(join(ROOT, dir, 'new.tls'), join(repo, 'spec/tls/x.tls'));
    const r = mimi(['spec', 'diff', '--against', 'HEAD', '--format', 'json'], undefined, { cwd: repo });
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.sides.map((s) => s.kind)).toEqual(['git', 'spec-dir']);
    expect(report.findings.map((f) => [f.rule, f.old?.file])).toEqual([['tls-struct-field-inserted', 'git:HEAD:spec/tls/x.tls']]);
    expect(existsSync(join(repo, 'spec/tls/x.tls'))).toBe(true);
  });

  it('diffs two OpenAPI files and two spec directories', () => {
    const api = `${FIX}/api-success-status-changed`;
    const r = JSON.parse(mimi(['spec', 'diff', `${api}/old.yaml`, `${api}/new.yaml`, '--format', 'json'], undefined, { cwd: ROOT }).stdout) as Report;
    expect(r.findings.map((f) => f.rule)).toContain('api-success-status-changed');
    const same = JSON.parse(mimi(['spec', 'diff', 'spec', 'spec', '--format', 'json'], undefined, { cwd: ROOT }).stdout) as Report;
    expect(same.findings).toEqual([]);
  });
});
