/**
 * Text that reaches generated code from specs, drafts, descriptions and file names cannot leave
 * the comment or literal it is written into (issue 11, finding 1). Each emitter is run twice on
 * the same input, once with plain text and once with hostile text in every place provenance,
 * titles, descriptions and paths can reach; the two outputs must parse without errors to the same
 * syntax (same node kinds in the same order), and the hostile text must really be in the output.
 */
import { describe, expect, it } from 'vitest';
import { hasErrors } from '../../generators/common/diagnostics.ts';
import { emitContentPackage } from '../../generators/cddl/emit/emit-package.ts';
import { parseCddl } from '../../generators/cddl/parse/parser.ts';
import { lowerSpec } from '../../generators/cddl/passes/lower.ts';
import { extractCddl } from '../../generators/extract/cddl.ts';
import { extractTls } from '../../generators/extract/extract.ts';
import { compilePackage } from '../../generators/tls/compile.ts';
import { emitPackage, type SpecInput } from '../../generators/tls/emit/emit-package.ts';
import { parseTls } from '../../generators/tls/parse/parser.ts';
import { generateMini, miniYaml } from './mini-openapi.ts';
import { tsShape } from './ts-shape.ts';

/** Ways out of a comment, a line, a string or a template literal, each with a payload. */
const ESCAPE = '*/ globalThis.pwned = 1; /* `${globalThis.pwned = 2}` " \' \\';

/** Every generated file of `hostile` has the syntax of the same file of `plain`, and parses. */
function expectSameCode(plain: Array<{ path: string; content: string }>, hostile: Array<{ path: string; content: string }>): void {
  expect(hostile.map((f) => f.path)).toEqual(plain.map((f) => f.path));
  for (const [i, f] of hostile.entries()) {
    if (!f.path.endsWith('.ts')) continue;
    const h = tsShape(f.content, f.path);
    expect(h.errors, f.path).toEqual([]);
    expect(h.kinds, f.path).toEqual(tsShape(plain[i]!.content, f.path).kinds);
  }
}

const allText = (files: Array<{ content: string }>) => files.map((f) => f.content).join('\n');

describe('TLS emitter', () => {
  const tls = (section: string, comment: string) =>
    [
      `// source: draft-evil-00.md:12 § 5. ${section}`,
      'struct {',
      `  uint8 a; // ${comment}`,
      '  Kind kind;',
      '  select (T.kind) { case one: uint8 b; default: struct {}; }',
      '} T;',
      `// source: ${section.includes('*/') ? 'draft-x*/y' : 'draft-xy'}-01.md:3 § 6. Kinds`,
      'enum { one(1), two(2), (255) } Kind;',
    ].join('\n');
  const emit = (text: string, input: SpecInput) => {
    const { spec, diagnostics } = parseTls(text, input.file, 'evil');
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const pkg = compilePackage('evil', [spec]);
    expect(pkg.diagnostics).toEqual([]);
    return emitPackage(pkg, [input]);
  };

  it('provenance, definition text, file name, draft and version stay in their comments', () => {
    const plain = emit(tls('Signing', 'plain'), { name: 'evil', file: 'spec/evil.tls', sha256: 'abc', draft: 'draft-evil', version: '00' });
    const hostile = emit(tls(`Signing ${ESCAPE}`, ESCAPE), {
      name: 'evil',
      file: `dir${ESCAPE}/evil.tls`,
      sha256: 'abc',
      draft: `draft${ESCAPE}`,
      version: ESCAPE,
    });
    expectSameCode(plain, hostile);
    expect(allText(hostile)).toContain('globalThis.pwned = 1');
  });

  it('a line break in a file name does not end the header comment', () => {
    const plain = emit(tls('Signing', 'plain'), { name: 'evil', file: 'evil.tls', sha256: 'abc', draft: 'd', version: '0' });
    const hostile = emit(tls('Signing', 'plain'), { name: 'evil', file: 'a\n*/ globalThis.pwned = 3;\r\u2028/*.tls', sha256: 'abc', draft: 'd', version: '0' });
    expectSameCode(plain, hostile);
  });
});

describe('CDDL emitter', () => {
  const cddl = (section: string, literal: string, comment: string) =>
    [`; source: draft-evil-00.md:3 § 2. ${section}`, `Msg = [ kind: ${JSON.stringify(literal)}, body: tstr ] ; ${comment}`, ''].join('\n');
  const emit = (text: string, file: string, source: string) => {
    const { spec, diagnostics } = parseCddl(text, file, 'evil');
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const lowered = lowerSpec(spec);
    expect(lowered.diagnostics).toEqual([]);
    const out = emitContentPackage('evil-content', [lowered], [{ name: 'evil', file, sha256: 'abc', source }]);
    expect(out.diagnostics).toEqual([]);
    return out.files;
  };

  it('provenance, rule text, text literals (in template-literal messages), file name and source', () => {
    const plain = emit(cddl('Title', 'abc', 'plain'), 'spec/content/evil.cddl', 'draft-evil-00');
    const hostile = emit(cddl(`Title ${ESCAPE}`, ESCAPE, ESCAPE), `spec/${ESCAPE}.cddl`, `draft${ESCAPE}`);
    expectSameCode(plain, hostile);
    expect(allText(hostile)).toContain('globalThis.pwned = 2');
  });
});

describe('OpenAPI emitter', () => {
  const render = async (yaml: string, file: string) => {
    const r = await generateMini(yaml, file);
    expect(hasErrors(r.diagnostics), JSON.stringify(r.diagnostics)).toBe(false);
    return r.files;
  };

  it('titles, versions, summaries, descriptions, paths and the file name stay in comments and strings', async () => {
    const plain = await render(miniYaml(), 'spec/openapi/mini.yaml');
    const hostile = await render(miniYaml({ text: (s) => `${s} ${ESCAPE}` }), `spec/${ESCAPE}.yaml`);
    expectSameCode(plain, hostile);
    expect(allText(hostile)).toContain('globalThis.pwned = 1');
  });
});

describe('extractor → generator', () => {
  const draft = (heading: string) => ['# Introduction', '', `## ${heading}`, '', '~~~ tls', 'struct {', '  uint8 a;', '} T;', '~~~', ''].join('\n');
  const generate = (tls: string) => {
    const { spec, diagnostics } = parseTls(tls, 'spec/tls/evil.tls', 'evil');
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(spec.declarations.map((d) => d.name)).toEqual(['T']);
    return emitPackage(compilePackage('evil', [spec]), [{ name: 'evil', file: 'spec/tls/evil.tls', sha256: 'abc', draft: 'draft-evil', version: '00' }]);
  };

  it('a hostile section title goes through `spec extract` and `generate` as comment text', () => {
    const plain = extractTls(draft('Signing'), 'drafts/draft-evil-00.md', []);
    const hostile = extractTls(draft(`Signing ${ESCAPE}`), 'drafts/draft-evil-00.md', []);
    expect(hostile.tls).toContain('globalThis.pwned = 1');
    expectSameCode(generate(plain.tls), generate(hostile.tls));
  });

  it('a line break in the draft file name cannot add a TLS-PL definition (and is reported)', () => {
    const name = 'drafts/draft-evil\nstruct { uint8 z; } Injected;\n-00.md';
    const r = extractTls(draft('Signing'), name, []);
    expect(r.diagnostics.map((d) => d.code)).toContain('line-break-in-file-name');
    generate(r.tls); // only T
  });

  it('nor a CDDL rule, in .cddl provenance lines', () => {
    const md = ['# Data', '', '~~~ cddl', 'Msg = [ body: tstr ]', '~~~', ''].join('\n');
    const r = extractCddl(md, 'drafts/draft-evil\nInjected = uint\n-00.md', () => null);
    expect(r.diagnostics.map((d) => d.code)).toContain('line-break-in-file-name');
    const { spec } = parseCddl(r.files[0]!.text, 'evil.cddl', 'evil');
    expect(spec.rules.map((x) => x.name)).toEqual(['Msg']);
  });
});
