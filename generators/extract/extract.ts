/**
 * The extractor: draft markdown (kramdown-rfc or mmark) → one .tls file of the draft's TLS-PL
 * definitions, each with its provenance, errata applied.
 *
 * Fences taken: `tls`, `tls-presentation` (with or without a space after the fence, `~~~` or
 * backticks), and bare fences whose content looks like TLS-PL. Every other info string is skipped.
 */
import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import { sortDiagnostics, type Diagnostic } from '../common/diagnostics.ts';
import { commentLine, fileNameDiagnostics } from './comment-line.ts';
import { applyErrata, TrackedText, type Erratum } from './errata.ts';
import { looksLikeTls } from './looks-like-tls.ts';
import { formatSection, scanMarkdown, type Fence } from './markdown.ts';
import { parseDraftFileName } from './manifest.ts';
import { splitDefinitions, stripTlsComments } from './split.ts';
import { placeWithSuggestion, type SuggestionContext } from './suggest-erratum.ts';

export const GENERATOR = 'mimikit extract';
const TLS_INFO = new Set(['tls', 'tls-presentation']);

/** `parseTls` from generators/tls/parse/parser.ts, when available: a second opinion on bare fences. */
export type ParseTlsFn = (text: string, file: string) => { spec: { declarations: unknown[] }; diagnostics: Diagnostic[] };

export interface ExtractOptions {
  /** Repo-relative errata file path, named in the header. */
  errataFile?: string;
  parseTls?: ParseTlsFn;
  /** The draft's name and version, for suggested errata; by default from the file name (`<name>-NN.md`). */
  draft?: { name: string; version: string };
}

export interface ExtractedDefinition {
  name: string;
  /** 1-based draft line of the declaration's first token. */
  line: number;
  section: string;
  text: string;
  errata: string[];
}

export interface ExtractResult {
  tls: string;
  diagnostics: Diagnostic[];
  /** Ids of the errata applied, in file order. */
  applied: string[];
  definitions: ExtractedDefinition[];
}

export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Should this fence be read as TLS-PL? */
export function isTlsFence(info: string, content: string, parseTls?: ParseTlsFn): boolean {
  if (TLS_INFO.has(info)) return true;
  if (info !== '') return false;
  if (looksLikeTls(content)) return true;
  if (parseTls && /[;{]/.test(content)) {
    try {
      const r = parseTls(content, '<fence>');
      return r.spec.declarations.length > 0 && !r.diagnostics.some((d) => d.severity === 'error');
    } catch {
      return false;
    }
  }
  return false;
}

/** Removes the common leading indentation of the lines and trailing whitespace of each line. */
function dedent(text: string): string {
  // trimEnd, not /\s+$/: that pattern rescans a long run of blanks from each of its characters.
  const lines = text.split('\n').map((l) => l.trimEnd());
  // A reduce, not Math.min(...indents): spreading a fence of ~100k lines overflows the call stack.
  const min = lines.reduce((m, l) => (l.trim() === '' ? m : Math.min(m, l.length - l.trimStart().length)), Infinity);
  return lines.map((l) => l.slice(Math.min(min, l.length - l.trimStart().length))).join('\n');
}

const normalize = (s: string): string => stripTlsComments(s).replace(/\s+/g, ' ').trim();

/**
 * The blanks between the start of the line holding `at` and `at`, or '' when anything else stands
 * there. Looks back only over blanks: with many definitions on one line, looking at the whole line
 * before each of them would take quadratic time.
 */
function blankPrefix(text: string, at: number): string {
  let k = at;
  while (k > 0 && text[k - 1] !== '\n' && /\s/.test(text[k - 1] ?? '')) k--;
  return k === 0 || text[k - 1] === '\n' ? text.slice(k, at) : '';
}

export function extractTls(markdown: string, draftFile: string, errata: readonly Erratum[], options: ExtractOptions = {}): ExtractResult {
  const fileName = basename(draftFile);
  const diagnostics: Diagnostic[] = fileNameDiagnostics(draftFile);
  const scanned = scanMarkdown(markdown);

  // The splitter's diagnostics are in the draft's own lines already: a fix there is the erratum.
  const draft = options.draft ?? parseDraftFileName(fileName);
  const draftLines = markdown.split(/\r?\n/);
  const suggestion: SuggestionContext | null = draft && {
    extractedLines: draftLines,
    at: (line) => ({ file: draftFile, line }),
    draftFile,
    draftLines,
    draft,
  };
  const tracked = scanned.fences.map((f) => ({ fence: f, openLine: f.openLine, closeLine: f.closeLine, text: TrackedText.fromLines(f.lines, f.openLine + 1) }));
  const { applied, diagnostics: errataDiags } = applyErrata(tracked, errata, draftFile, options.errataFile ?? 'errata');
  for (const d of errataDiags) diagnostics.push(d);
  const byId = new Map(errata.map((e) => [e.id, e]));

  interface Out extends ExtractedDefinition {
    raw: string;
    pragmas: string[];
    /** normalize(text), once: every later definition of the same name is compared with it. */
    normalized?: string;
  }
  const out: Out[] = [];
  const firstByName = new Map<string, Out>();
  const written = new Set<string>();
  let duplicates = 0;

  for (const { fence, text: t } of tracked) {
    const originalContent = fence.lines.join('\n');
    if (!isTlsFence(fence.info, t.text, options.parseTls)) continue;
    const { definitions, diagnostics: splitDiags } = splitDefinitions(t, draftFile);
    // A loop, not push(...): a fence of pseudo-code can give more warnings than a call takes arguments.
    for (const d of splitDiags) diagnostics.push(placeWithSuggestion(d, (x) => x, suggestion));
    // The same fence, unedited: what the draft itself says, for recognising verbatim repeats.
    const rawDefs = splitDefinitions(TrackedText.fromLines(fence.lines, fence.openLine + 1), draftFile).definitions;
    const rawByName = new Map<string, string[]>();
    for (const r of rawDefs) {
      const list = rawByName.get(r.name) ?? [];
      list.push(normalize(originalContent.slice(r.declStart, r.end)));
      rawByName.set(r.name, list);
    }
    const rawSeen = new Map<string, number>();

    for (const d of definitions) {
      const ids = new Set<string>();
      for (let k = d.start; k < d.end; k++) for (const id of t.tags[k] ?? []) ids.add(id);
      for (const m of t.marks) if (m.at > d.start && m.at < d.end) ids.add(m.id);
      const errataIds = applied.filter((id) => ids.has(id));
      const body = dedent(blankPrefix(t.text, d.start) + t.text.slice(d.start, d.end));
      const nth = rawSeen.get(d.name) ?? 0;
      rawSeen.set(d.name, nth + 1);
      const raw = rawByName.get(d.name)?.[nth] ?? normalize(t.text.slice(d.declStart, d.end));
      const line = t.lineAt(d.declStart);
      const def: Out = {
        name: d.name,
        line,
        section: formatSection(fence.section),
        text: body,
        errata: errataIds,
        raw,
        pragmas: [...new Set(errataIds.map((id) => byId.get(id)?.pragma).filter((p): p is string => !!p))],
      };
      const first = d.name ? firstByName.get(d.name) : undefined;
      if (first) {
        const same = first.raw === def.raw || (first.normalized ??= normalize(first.text)) === normalize(def.text);
        if (same) {
          duplicates++;
          continue;
        }
        diagnostics.push({
          file: draftFile,
          line,
          col: t.colAt(d.declStart),
          severity: 'error',
          code: 'conflicting-definition',
          message: `${d.name} is defined again with different text (first at line ${first.line})`,
          hint: 'reconcile the two definitions with an erratum',
        });
      } else if (d.name) firstByName.set(d.name, def);
      for (const id of errataIds) written.add(id);
      out.push(def);
    }
  }

  const c = (text: string) => commentLine('//', text);
  const header = [
    c(`Generated by \`${GENERATOR}\` from ${fileName}`),
    c(`sha256 of ${fileName}: ${sha256(markdown)}`),
    ...(options.errataFile ? [c(`errata: ${options.errataFile} (${applied.length} applied)`)] : []),
    '// do not edit: regenerate with `mimi spec extract`',
  ];
  const unattached = applied.filter((id) => !written.has(id));
  if (unattached.length || duplicates) header.push('//');
  for (const id of unattached) header.push(c(`erratum ${id} (no definition left to annotate): ${oneLine(byId.get(id)?.reason ?? '')}`));
  if (duplicates) header.push(`// ${duplicates} definition(s) repeated verbatim later in the draft were skipped; the first occurrence is kept`);

  const blocks = out.map((d) => {
    const lines = [c(`source: ${fileName}:${d.line} § ${d.section}`)];
    for (const id of d.errata) lines.push(c(`erratum ${id}: ${oneLine(byId.get(id)?.reason ?? '')}`));
    for (const p of d.pragmas) if (!d.text.split('\n').some((l) => l.trim() === `// ${p}`)) lines.push(c(p));
    lines.push(d.text);
    return lines.join('\n');
  });
  const tls = `${header.join('\n')}\n\n${blocks.join('\n\n')}\n`;
  return {
    tls,
    diagnostics: sortDiagnostics(diagnostics),
    applied,
    definitions: out.map(({ raw: _raw, pragmas: _p, normalized: _n, ...d }) => d),
  };
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

export type { Fence };
