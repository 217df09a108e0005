/**
 * Specs nested as deeply as the parsers allow (TLS_MAX_NESTING, CDDL_MAX_NESTING) go through every
 * later stage that recurses over them without a stack overflow: compile, generate, lint, diff, the
 * example validator, and the generated decoder itself. One level deeper is a nesting-too-deep
 * error (see the parser tests), so nothing downstream ever sees deeper input from a parser.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encode, Tag } from 'cbor2';
import { afterAll, describe, expect, it } from 'vitest';
import { lintCddl } from '../../generators/lint/cddl-lint.ts';
import { CDDL_MAX_NESTING, parseCddl } from '../../generators/cddl/parse/parser.ts';
import { emitContentPackage } from '../../generators/cddl/emit/emit-package.ts';
import { lowerSpec } from '../../generators/cddl/passes/lower.ts';
import { diffSpecSets } from '../../generators/diff/diff.ts';
import { formatReport } from '../../generators/report/format/index.ts';
import { loadSide } from '../../generators/diff/load-side.ts';
import { CddlValidator } from '../../generators/lint/cddl-validate.ts';
import { lintTlsPackages } from '../../generators/lint/tls-checks.ts';
import { compilePackage } from '../../generators/tls/compile.ts';
import { emitPackage } from '../../generators/tls/emit/emit-package.ts';
import { parseTls, TLS_MAX_NESTING } from '../../generators/tls/parse/parser.ts';
import { mimi } from '../support/run-cli.ts';

const ROOT = new URL('../../', import.meta.url).pathname;

/**
 * A top-level struct, inline structs inside it, then a select and an optional: TLS_MAX_NESTING
 * levels in all. The innermost struct holds `uint8 t; select (t) { case 1: optional<uint8> x; };`.
 */
function deepTls(innermostValue: string, levels = TLS_MAX_NESTING): string {
  const structs = levels - 2;
  return [
    'struct {',
    ...Array.from({ length: structs - 1 }, () => 'struct {'),
    `uint8 t; select (t) { case 1: optional<${innermostValue}> x; };`,
    ...Array.from({ length: structs - 1 }, (_, i) => `} s${i};`),
    '} Deep;',
    '',
  ].join('\n');
}

/** CDDL_MAX_NESTING - 1 lists of lists, the innermost holding tags: CDDL_MAX_NESTING levels. */
function deepCddl(inner: string, levels = CDDL_MAX_NESTING): string {
  const arrays = levels - 1;
  return `Deep = ${'[* '.repeat(arrays)}#6.1(${inner})${' ]'.repeat(arrays)}\n`;
}

/** The temp folders tempFile made, removed when the file's tests are done. */
const tempDirs: string[] = [];
afterAll(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

function tempFile(name: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'mimikit-deep-'));
  tempDirs.push(dir);
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

describe(`TLS-PL nested ${TLS_MAX_NESTING} levels deep`, () => {
  it('is the deepest the parser takes', () => {
    expect(parseTls(deepTls('uint8'), 'deep.tls').diagnostics).toEqual([]);
    expect(parseTls(deepTls('uint8', TLS_MAX_NESTING + 1), 'deep.tls').diagnostics.map((d) => d.code)).toEqual(['nesting-too-deep']);
  });

  it('parses, compiles, generates, lints and diffs', async () => {
    const { spec, diagnostics } = parseTls(deepTls('uint8'), 'deep.tls', 'deep');
    expect(diagnostics).toEqual([]);
    const pkg = compilePackage('deep', [spec]);
    expect(pkg.diagnostics).toEqual([]);
    const files = emitPackage(pkg, [{ name: 'deep', file: 'deep.tls', sha256: '', draft: 'deep', version: '' }]);
    expect(files.find((f) => f.path === 'src/deep.ts')?.content).toContain('export function readDeep(');
    expect(lintTlsPackages([pkg], { roots: new Set(['Deep']) })).toEqual([]);

    const oldFile = tempFile('deep.tls', deepTls('uint8'));
    const newFile = tempFile('deep.tls', deepTls('uint16'));
    const report = diffSpecSets(await loadSide(oldFile, { root: ROOT }), await loadSide(newFile, { root: ROOT }));
    expect(report.findings.length).toBeGreaterThan(0);
    expect(formatReport(report, 'text')).toContain('Deep');
  });

  it('its generated decoder decodes a value nested all the way down', () => {
    const file = tempFile('deep.tls', deepTls('uint8'));
    const r = mimi(['codec', 'decode', '--spec', file, '--type', 'Deep', '--hex', '010107']);
    expect(r.stderr).toBe('');
    let value = JSON.parse(r.stdout) as Record<string, unknown>;
    for (let i = TLS_MAX_NESTING - 4; i >= 0; i--) value = value[`s${i}`] as Record<string, unknown>;
    expect(value).toEqual({ t: 1, x: 7 });
  });
});

describe(`CDDL nested ${CDDL_MAX_NESTING} levels deep`, () => {
  it('is the deepest the parser takes', () => {
    expect(parseCddl(deepCddl('uint'), 'deep.cddl').diagnostics).toEqual([]);
    expect(parseCddl(deepCddl('uint', CDDL_MAX_NESTING + 1), 'deep.cddl').diagnostics.map((d) => d.code)).toEqual(['nesting-too-deep']);
  });

  it('parses, lints, lowers, generates, validates and diffs', async () => {
    const { spec, diagnostics } = parseCddl(deepCddl('uint'), 'deep.cddl', 'deep');
    expect(diagnostics).toEqual([]);
    expect(lintCddl([spec])).toEqual([]);
    const lowered = lowerSpec(spec);
    expect(lowered.diagnostics).toEqual([]);
    const emitted = emitContentPackage('deep', [lowered], [{ name: 'deep', file: 'deep.cddl', sha256: '', source: 'deep' }]);
    expect(emitted.diagnostics).toEqual([]);

    let value: unknown = new Tag(1, 5);
    for (let i = 0; i < CDDL_MAX_NESTING - 1; i++) value = [value];
    expect(new CddlValidator([spec]).validate(value, 'Deep')).toBeNull();
    expect(encode(value).length).toBe(CDDL_MAX_NESTING - 1 + 2);

    const oldFile = tempFile('deep.cddl', deepCddl('uint'));
    const newFile = tempFile('deep.cddl', deepCddl('tstr'));
    const report = diffSpecSets(await loadSide(oldFile, { root: ROOT }), await loadSide(newFile, { root: ROOT }));
    expect(report.findings.length).toBeGreaterThan(0);
    expect(formatReport(report, 'text')).toContain('Deep');
  });
});
