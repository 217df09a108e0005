/**
 * The spec and EDN parsers as fuzz targets:
 * - `parser/tls-pl`: parseTls (generators/tls/parse), then, when it found no error, the compiler
 *   front end that `mimi codec decode --spec` and `npm run generate` run next (compilePackage);
 * - `parser/tls-extract`: extractTls (generators/extract), draft markdown → TLS-PL, as
 *   `mimi spec extract` and `mimi spec lint <draft.md>` run it;
 * - `parser/cddl`: parseCddl (generators/cddl/parse), then lintCddl and lowerSpec;
 * - `parser/edn`: parseEdn / ednToCbor of @mimikit/content.
 *
 * Contracts: the spec parsers and passes never throw; they return diagnostics, each located at a
 * line:col that exists in the text. The EDN parser throws only EdnError, located in the text; an
 * accepted text encodes to CBOR, and that CBOR written back as EDN (cborToEdn, documented as
 * parseable by parseEdn) encodes to the same bytes.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { cborToEdn, EdnError, ednToCbor, parseEdn } from '@mimikit/content';
import type { Diagnostic } from '@mimikit/generators/common/diagnostics.ts';
import { lintCddl } from '@mimikit/generators/lint/cddl-lint.ts';
import { parseCddl } from '@mimikit/generators/cddl/parse/parser.ts';
import { lowerSpec } from '@mimikit/generators/cddl/passes/lower.ts';
import { extractTls } from '@mimikit/generators/extract/index.ts';
import { compilePackage } from '@mimikit/generators/tls/compile.ts';
import { parseTls } from '@mimikit/generators/tls/parse/parser.ts';
import { toHex } from '@mimikit/bytes';
import { mutateText, textSeeds, type TextFormat } from '../mutate-text.ts';
import type { Rng } from '../rng.ts';
import { describeThrown, type AmplifiedInput, type GrowRecipe, type Outcome, type Seed, type Target } from '../target.ts';
import { abbreviate } from '../codec-contract.ts';

const repo = new URL('../../../', import.meta.url);

/** Files under `dirs` (relative to the repository, recursively) whose name ends with `ext`. */
function filesUnder(dirs: readonly string[], ext: string): Array<{ text: string; origin: string }> {
  const out: Array<{ text: string; origin: string }> = [];
  const visit = (rel: string) => {
    const url = new URL(rel, repo);
    if (!existsSync(url)) return;
    for (const e of readdirSync(url, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (e.isDirectory()) visit(`${rel}${e.name}/`);
      else if (e.name.endsWith(ext)) out.push({ text: readFileSync(new URL(`${rel}${e.name}`, repo), 'utf8'), origin: `${rel}${e.name}` });
    }
  };
  dirs.forEach(visit);
  return out;
}

const FILE = 'fuzz-input';

/** Line lengths of `text`, split the way the lexers count lines (at '\n' only). */
function lineLengths(text: string): number[] {
  return text.split('\n').map((l) => l.length);
}

/** The first diagnostic of `file` whose line:col is not a position of the text, described. */
function misplaced(diagnostics: readonly Diagnostic[], text: string, file: string): string | undefined {
  const lines = lineLengths(text);
  for (const d of diagnostics) {
    if (d.file !== file) continue;
    const len = lines[d.line - 1];
    if (!Number.isInteger(d.line) || !Number.isInteger(d.col) || len === undefined || d.col < 1 || d.col > len + 1) {
      return `${d.line}:${d.col} is not in the text (${lines.length} lines${len === undefined ? '' : `, line ${d.line} has ${len} characters`}): ${d.message} [${d.code}]`;
    }
  }
  return undefined;
}

const hasError = (ds: readonly Diagnostic[]) => ds.some((d) => d.severity === 'error');

/** Runs `stages` in order; the first throw is a foreign exception, the first misplaced diagnostic a bad location. */
function checkSpecText(text: string, stages: ReadonlyArray<(text: string) => Diagnostic[] | undefined>): Outcome {
  let accepted = true;
  for (const stage of stages) {
    let diagnostics: Diagnostic[] | undefined;
    try {
      diagnostics = stage(text);
    } catch (err) {
      return { failure: 'foreign-exception', detail: `${stage.name} threw ${describeThrown(err)}` };
    }
    if (!diagnostics) break;
    const bad = misplaced(diagnostics, text, FILE);
    if (bad) return { failure: 'bad-location', detail: `${stage.name}: ${bad}` };
    if (hasError(diagnostics)) {
      accepted = false;
      break;
    }
  }
  return { accepted };
}

/** Shared by the text targets: seeds, mutation, and growing a text by repeating a unit at an offset. */
function textTarget(
  name: string,
  seedFiles: () => Array<{ text: string; origin: string }>,
  format: TextFormat,
  check: (t: string) => Outcome,
  run: (t: string) => unknown,
  shapes: ReadonlyArray<{ base: string; at: number; unit: string }>,
): Target<string> {
  let seeds: Seed<string>[] | undefined;
  const grow = (base: string, r: GrowRecipe) => (r.at > base.length ? undefined : base.slice(0, r.at) + r.unit.repeat(r.count) + base.slice(r.at));
  return {
    name,
    kind: 'text',
    seeds: () => (seeds ??= textSeeds(seedFiles())),
    mutate: (rng: Rng, s: readonly Seed<string>[]) => mutateText(rng, s, format),
    check,
    retain(text) {
      try {
        return run(text);
      } catch {
        return undefined;
      }
    },
    amplified(bytes): AmplifiedInput<string>[] {
      return shapes.map((s) => {
        const recipe = { at: s.at, unit: s.unit, count: Math.max(1, Math.floor(bytes / s.unit.length)) };
        return {
          data: grow(s.base, recipe)!,
          base: grow(s.base, { ...recipe, count: 4 })!,
          recipe,
          shape: `${JSON.stringify(s.unit)} × ${recipe.count} in ${JSON.stringify(s.base)}`,
        };
      });
    },
    grow,
  };
}

// ---- TLS-PL ---------------------------------------------------------------------------------

const TLS_FORMAT: TextFormat = {
  tokens: [
    'struct',
    'enum',
    'select',
    'case',
    'default',
    'optional',
    'opaque',
    'uint8',
    'uint16',
    'uint32',
    'uint64',
    'varint',
    '{',
    '}',
    '(',
    ')',
    '<',
    '>',
    '[',
    ']',
    ';',
    ',',
    ':',
    '=',
    '..',
    '<V>',
    '<0..255>',
    '<1..2^32-1>',
    '(255)',
    '(65535)',
    '2^64-1',
    'select (',
    'case 1:',
    '// source: x */ y',
    '/* comment',
    '// open',
  ],
  deep: (depth, open) => `struct {\n${'struct {\n'.repeat(depth)}  uint8 x;\n${open ? '' : '} f;\n'.repeat(depth)}} Deep;`,
  // Inside braces, or at brace depth 0 where every line could be the end of the statement.
  unterminated: (lines) => (lines % 2 ? `struct {\n${'  uint8 field;\n'.repeat(lines)}` : `uint8 value\n${'  field of a statement\n'.repeat(lines)}`),
};

function parseTlsStage(text: string): Diagnostic[] {
  return parseTls(text, FILE).diagnostics;
}
function compileTlsStage(text: string): Diagnostic[] {
  return compilePackage('fuzz', [parseTls(text, FILE).spec]).diagnostics;
}

// ---- TLS extraction from markdown --------------------------------------------------------------

/** A .tls file as a draft would show it: a section with a fenced tls block. */
const asDraft = (tls: string) => `# Draft\n\n## Section\n\n~~~ tls\n${tls}\n~~~\n`;

function extractStage(text: string): Diagnostic[] {
  return extractTls(text, FILE, [], { parseTls }).diagnostics;
}

// ---- CDDL -----------------------------------------------------------------------------------

const CDDL_FORMAT: TextFormat = {
  tokens: [
    '=',
    '/=',
    '//=',
    '/',
    '//',
    '(',
    ')',
    '[',
    ']',
    '{',
    '}',
    '<',
    '>',
    ',',
    ':',
    '=>',
    '?',
    '*',
    '+',
    '^',
    '~',
    '&',
    '#6.24(',
    '..',
    '...',
    '.size',
    '.cbor',
    '.bits',
    '.regexp',
    'tstr',
    'bstr',
    'uint',
    'int',
    'any',
    'nil',
    'true',
    '"text"',
    "'bytes'",
    "h'00'",
    "b64'AA'",
    '0x1f',
    '-1',
    '1.5e3',
    '$socket',
    '$$group',
    '; comment',
  ],
  deep: (depth, open) => `deep = ${'['.repeat(depth)}int${open ? '' : ']'.repeat(depth)}`,
  unterminated: (lines) => `open = {\n${'  key: int,\n'.repeat(lines)}`,
};

function parseCddlStage(text: string): Diagnostic[] {
  return parseCddl(text, FILE).diagnostics;
}
function lintCddlStage(text: string): Diagnostic[] {
  return lintCddl([parseCddl(text, FILE).spec]);
}
function lowerCddlStage(text: string): Diagnostic[] {
  return lowerSpec(parseCddl(text, FILE).spec).diagnostics;
}

// ---- EDN ------------------------------------------------------------------------------------

const EDN_FORMAT: TextFormat = {
  tokens: [
    '[',
    ']',
    '{',
    '}',
    '(',
    ')',
    '<<',
    '>>',
    ',',
    ':',
    '+',
    '_',
    '_0',
    '_1',
    '_2',
    '_3',
    '_i',
    '"text"',
    "'bytes'",
    "h'00ff'",
    "h'",
    "b64'AA=='",
    "b64'",
    '1(',
    '24(',
    'simple(',
    'simple(19)',
    'simple(24)',
    'true',
    'false',
    'null',
    'undefined',
    'NaN',
    'Infinity',
    '-Infinity',
    '-0.0',
    '1.5',
    '1e3',
    '0x',
    '0b',
    '0o',
    '/ comment /',
    '# comment\n',
    '"\\u{10FFFF}"',
    '"\\ud800"',
  ],
  deep: (depth, open) => `${'['.repeat(depth)}1${open ? '' : ']'.repeat(depth)}`,
  unterminated: (lines) => `[\n${'  1,\n'.repeat(lines)}`,
};

function checkEdn(text: string): Outcome {
  try {
    parseEdn(text);
  } catch (err) {
    if (!(err instanceof EdnError)) return { failure: 'foreign-exception', detail: `parseEdn threw ${describeThrown(err)}` };
    const lines = lineLengths(text);
    const len = lines[err.line - 1];
    if (err.offset < 0 || err.offset > text.length || len === undefined || err.col < 1 || err.col > len + 1) {
      return { failure: 'bad-location', detail: `EdnError at ${err.line}:${err.col} (offset ${err.offset}) is not in the text: ${err.reason}` };
    }
    return { accepted: false };
  }
  let cbor: Uint8Array;
  try {
    cbor = ednToCbor(text);
  } catch (err) {
    return { failure: 'foreign-exception', detail: `parseEdn accepts, ednToCbor throws ${describeThrown(err)}` };
  }
  let edn: string;
  try {
    edn = cborToEdn(cbor);
  } catch (err) {
    return {
      failure: 'round-trip',
      detail: `accepted EDN encodes to ${abbreviate(toHex(cbor))}, which cborToEdn cannot write back: ${describeThrown(err)}`,
      key: `cborToEdn throws ${describeThrown(err)}`,
    };
  }
  let again: Uint8Array;
  try {
    again = ednToCbor(edn);
  } catch (err) {
    return {
      failure: 'round-trip',
      detail: `cborToEdn(${abbreviate(toHex(cbor))}) = ${JSON.stringify(edn.slice(0, 200))}, which ednToCbor rejects: ${describeThrown(err)}`,
    };
  }
  if (toHex(again) !== toHex(cbor))
    return { failure: 'round-trip', detail: `CBOR ${abbreviate(toHex(cbor))} → EDN ${JSON.stringify(edn.slice(0, 200))} → CBOR ${abbreviate(toHex(again))}` };
  return { accepted: true };
}

export function parserTargets(): Target<string>[] {
  const tlsFiles = () => filesUnder(['spec/tls/', 'test/golden/', 'test/fixtures/diff/'], '.tls');
  const cddlFiles = () => filesUnder(['spec/content/', 'spec/drafts/', 'test/fixtures/diff/', 'test/fixtures/drafts/'], '.cddl');
  const ednFiles = () => filesUnder(['spec/content/examples/', 'spec/drafts/', 'test/fixtures/drafts/'], '.edn');
  return [
    textTarget(
      'parser/tls-pl',
      tlsFiles,
      TLS_FORMAT,
      (t) => checkSpecText(t, [parseTlsStage, compileTlsStage]),
      (t) => parseTls(t, FILE),
      [
        { base: 'struct {\n} Many;\n', at: 9, unit: 'uint8 a;\n' },
        { base: 'enum {\n  a(0), (255)\n} E;\n', at: 7, unit: 'b(1), ' },
        { base: '\n', at: 0, unit: '};' },
      ],
    ),
    textTarget(
      'parser/tls-extract',
      () => tlsFiles().map((f) => ({ text: asDraft(f.text), origin: f.origin })),
      TLS_FORMAT,
      (t) => checkSpecText(t, [extractStage]),
      (t) => extractTls(t, FILE, [], { parseTls }),
      [{ base: asDraft('struct {\n} Open;'), at: asDraft('struct {\n} Open;').indexOf('} Open;'), unit: '  uint8 a;\n' }],
    ),
    textTarget(
      'parser/cddl',
      cddlFiles,
      CDDL_FORMAT,
      (t) => checkSpecText(t, [parseCddlStage, lintCddlStage, lowerCddlStage]),
      (t) => parseCddl(t, FILE),
      [
        { base: 'a = [\n]\n', at: 5, unit: 'int,' },
        { base: 'a = {\n}\n', at: 5, unit: 'k: 1,' },
        { base: '\n', at: 0, unit: '])' },
      ],
    ),
    textTarget('parser/edn', ednFiles, EDN_FORMAT, checkEdn, (t) => parseEdn(t), [
      { base: '[]', at: 1, unit: '0,' },
      { base: '[]', at: 1, unit: '[]' },
      { base: "h''", at: 2, unit: '00' },
    ]),
  ];
}
