/**
 * Generated code people can read (issue 13, point 7): a private helper is written once per
 * package (helpers that several files would define go to src/shared-helpers.ts), and content
 * helpers are named after the rule, member and shape kind of their first use, with a shape hash
 * only when that name is already taken.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { emitContentPackage } from '../../generators/cddl/emit/emit-package.ts';
import { loadContentSpecs } from '../../generators/cddl/load.ts';
import { parseCddl } from '../../generators/cddl/parse/parser.ts';
import { lowerSpec } from '../../generators/cddl/passes/lower.ts';

const ROOT = new URL('../../', import.meta.url).pathname;
const PACKAGES = readdirSync(join(ROOT, 'generated'));

/** Each top-level function of a module: its name and its whole text. */
function functions(text: string): Array<{ name: string; text: string }> {
  return [...text.matchAll(/^(?:export )?function (\w+)[\s\S]*?^}$/gm)].map((m) => ({ name: m[1]!, text: m[0].replace(/^export /, '') }));
}

describe('helpers are emitted once per package', () => {
  it.each(PACKAGES)('no function of generated/%s is defined in two of its files', (pkg) => {
    const dir = join(ROOT, 'generated', pkg, 'src');
    const where = new Map<string, string>();
    const repeated: string[] = [];
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
      for (const f of functions(readFileSync(join(dir, file), 'utf8'))) {
        const prior = where.get(f.text);
        if (prior) repeated.push(`${f.name} in ${prior} and ${file}`);
        where.set(f.text, file);
      }
    }
    expect(repeated).toEqual([]);
  });

  it('the vector of Extension, used by two MLS drafts, lives in the shared helpers module', () => {
    const shared = readFileSync(join(ROOT, 'generated/mls/src/shared-helpers.ts'), 'utf8');
    expect(shared).toMatch(/^export function read_vec_Extension\(/m);
    const protocol = readFileSync(join(ROOT, 'generated/mls/src/draft-ietf-mls-protocol.ts'), 'utf8');
    expect(protocol).not.toMatch(/^function read_vec_Extension\(/m);
    expect(protocol).toMatch(/read_vec_Extension,?\s[\s\S]*?from '\.\/shared-helpers\.ts'/);
    const index = readFileSync(join(ROOT, 'generated/mls/src/index.ts'), 'utf8');
    expect(index).not.toContain('shared-helpers'); // private to the package
  });
});

describe('content helper names', () => {
  it('the committed content specs need no hash to keep helper names apart', () => {
    const content = loadContentSpecs(ROOT);
    const result = emitContentPackage('mimi-content', content.lowered, content.inputs);
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(result.hashedHelperNames).toBe(0);
    const names = result.files.filter((f) => f.path.endsWith('.ts')).flatMap((f) => functions(f.content).map((x) => x.name));
    expect(names).toContain('readMimiContentReplacesChoice');
    expect(names.filter((n) => /_[0-9a-f]{8}$/.test(n))).toEqual([]);
  });

  it('a helper name that a rule already declares gets the shape hash, and both stay', () => {
    const { spec, diagnostics } = parseCddl('A = [ b: [* uint] ]\na-b-list = [ x: tstr ]\n', 'clash.cddl', 'clash');
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const result = emitContentPackage('clash', [lowerSpec(spec)], [{ name: 'clash', file: 'clash.cddl', sha256: 'x', source: 'clash' }]);
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(result.hashedHelperNames).toBe(1);
    const code = result.files.find((f) => f.path === 'src/clash.ts')!.content;
    expect(code).toMatch(/^export function readABList\(r: CborReader\): ABList \{/m);
    expect(code).toMatch(/^function readABList_[0-9a-f]{8}\(r: CborReader\): \(number \| bigint\)\[\] \{/m);
  });
});
