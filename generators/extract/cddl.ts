/**
 * The CDDL side of the extractor: draft markdown (mmark or kramdown-rfc) → .cddl files.
 *
 * CDDL reaches a draft in two ways:
 *  - mmark code includes, `<{{mimi-content.cddl}}` alone on a line: each included `.cddl` file
 *    becomes one output file of the same name, its text kept verbatim (rules in their original
 *    order), preceded by a provenance comment naming the include line and section;
 *  - ` ``` cddl ` / `~~~ cddl` fences. When the draft includes `.cddl` files, its fences are
 *    snippets of them: each fence rule is compared with the included rule of the same name and a
 *    difference is a warning (`cddl-snippet-differs`, `cddl-snippet-not-in-schema`). A draft with
 *    no `.cddl` include gets its fences written, in order, to `<draft name>.cddl`.
 *
 * A file shipped in the draft's `-files/` folder but no longer included by its text can be
 * extracted too (`shipped`): its provenance names the earlier draft that included it.
 *
 * Errata work as for TLS (spec/errata/<draft>-<NN>.json): an erratum with `file` corrects that
 * included file (`line` is a line of the file), one without corrects a fence (draft line).
 * Pure: all file access goes through `resolve`.
 */
import { basename, posix } from 'node:path';
import { sortDiagnostics, type Diagnostic } from '../common/diagnostics.ts';
import { applyErrata, TrackedText, type Erratum } from './errata.ts';
import { GENERATOR, sha256 } from './extract.ts';
import { commentLine, fileNameDiagnostics } from './comment-line.ts';
import { formatSection, scanMarkdown, type Include } from './markdown.ts';

/** An included file as found on disk. */
export interface IncludedFile {
  /** Path shown in comments, relative to the draft's folder, e.g. `draft-x-07-files/x.cddl`. */
  displayPath: string;
  text: string;
}

/** Finds the file an include line names; null when it does not exist. */
export type ResolveInclude = (includePath: string) => IncludedFile | null;

/** A `.cddl` file shipped with the draft but not included by its text. */
export interface ShippedCddl {
  /** Path as an include line would spell it, e.g. `delivery-report.cddl`. */
  file: string;
  /** An earlier draft that included the file: its file name and markdown. */
  includedBy?: { draftFile: string; markdown: string };
  /** One line of explanation, written as `; note: …`. */
  note?: string;
}

export interface CddlExtractOptions {
  /** Output name for the fences of a draft without `.cddl` includes (`<name>.cddl`). */
  name?: string;
  errata?: readonly Erratum[];
  /** Repo-relative errata file path, named in the headers. */
  errataFile?: string;
  shipped?: readonly ShippedCddl[];
}

export interface CddlFile {
  /** Output file name, e.g. `mimi-content.cddl`. */
  name: string;
  text: string;
}

export interface CddlRule {
  name: string;
  /** Index of the first character (comment lines right above the rule included). */
  start: number;
  /** Index of the first character of the rule name. */
  nameStart: number;
  /** Index one past the rule's last non-blank line. */
  end: number;
}

export interface CddlExtractResult {
  files: CddlFile[];
  diagnostics: Diagnostic[];
  /** Ids of the errata applied. */
  applied: string[];
  /** Every code include of the draft (`.cddl`, `examples/*.edn`, …), in draft order. */
  includes: Include[];
}

export function isCddlFence(info: string): boolean {
  return info === 'cddl';
}

const RULE_START = /^([A-Za-z@_$](?:[A-Za-z0-9@_$.-]*[A-Za-z0-9@_$])?)\s*(?:<[^>]*>)?\s*(?:\/\/=|\/=|=)/;

/** Splits CDDL text into rules: a rule starts at column 0 with `name =` (or `/=`, `//=`). */
export function splitCddlRules(text: string): CddlRule[] {
  const lines = text.split('\n');
  const offsets: number[] = [];
  let at = 0;
  for (const l of lines) {
    offsets.push(at);
    at += l.length + 1;
  }
  const rules: CddlRule[] = [];
  let commentStart = -1;
  let lastContentEnd = -1;
  const close = (): void => {
    const r = rules[rules.length - 1];
    if (r && r.end < 0) r.end = lastContentEnd;
  };
  lines.forEach((line, k) => {
    const off = offsets[k] ?? 0;
    const m = RULE_START.exec(line);
    if (m) {
      close();
      rules.push({ name: m[1] ?? '', start: commentStart >= 0 ? commentStart : off, nameStart: off, end: -1 });
      commentStart = -1;
      lastContentEnd = off + line.length;
      return;
    }
    if (/^;/.test(line)) {
      if (commentStart < 0) commentStart = off;
      return;
    }
    if (line.trim() === '') {
      commentStart = -1;
      return;
    }
    commentStart = -1;
    lastContentEnd = off + line.length;
  });
  close();
  for (const r of rules) if (r.end < r.nameStart) r.end = r.nameStart;
  return rules;
}

/** Rule text without comments and with whitespace collapsed, for comparing snippets. */
export function normalizeCddl(text: string): string {
  return text
    .replace(/;[^\n]*/g, '')
    .replace(/\s+/g, ' ')
    .replace(/\s*([[\]{}(),:=])\s*/g, '$1')
    .trim();
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

function ensureNewline(s: string): string {
  return s.endsWith('\n') ? s : `${s}\n`;
}

export function extractCddl(markdown: string, draftFile: string, resolve: ResolveInclude, options: CddlExtractOptions = {}): CddlExtractResult {
  const fileName = basename(draftFile);
  const diagnostics: Diagnostic[] = fileNameDiagnostics(draftFile);
  const scanned = scanMarkdown(markdown);
  const errata = options.errata ?? [];
  const c = (text: string) => commentLine(';', text);
  const errataFile = options.errataFile ?? 'errata';
  const byId = new Map(errata.map((e) => [e.id, e]));
  const applied: string[] = [];
  const files: CddlFile[] = [];

  const headerFor = (sources: Array<{ label: string; text: string }>, appliedHere: number): string[] => [
    c(`Generated by \`${GENERATOR}\` from ${fileName}`),
    c(`sha256 of ${fileName}: ${sha256(markdown)}`),
    ...sources.map((s) => c(`sha256 of ${s.label}: ${sha256(s.text)}`)),
    ...(options.errataFile ? [c(`errata: ${options.errataFile} (${appliedHere} applied)`)] : []),
    '; do not edit: regenerate with `mimi spec extract`',
  ];

  /** Applies the errata of one included file; returns its corrected text and the ids applied. */
  const correct = (includePath: string, file: IncludedFile): { text: string; ids: string[] } => {
    const mine = errata.filter((e) => e.file === includePath);
    if (!mine.length) return { text: file.text, ids: [] };
    const lines = file.text.split('\n');
    const t = TrackedText.fromLines(lines, 1);
    // At the included file as it can be opened (beside the draft), not the path relative to the draft.
    const at = posix.join(posix.dirname(draftFile), file.displayPath);
    const r = applyErrata([{ openLine: 0, closeLine: lines.length + 1, text: t }], mine, at, errataFile);
    for (const item of r.diagnostics) diagnostics.push(item);
    for (const item of r.applied) applied.push(item);
    return { text: t.text, ids: r.applied };
  };

  // 1. Included .cddl files, one output each (first include wins; later ones are noted).
  const cddlIncludes = scanned.includes.filter((inc) => inc.path.endsWith('.cddl'));
  const seenOutput = new Map<string, { path: string; index: number }>();
  const includedRules: Array<{ name: string; norm: string; file: string }> = [];
  for (const inc of cddlIncludes) {
    const name = basename(inc.path);
    const where = `${fileName}:${inc.line} § ${formatSection(inc.section)}`;
    if (inc.address) {
      diagnostics.push({
        file: draftFile,
        line: inc.line,
        col: 1,
        severity: 'error',
        code: 'unsupported-include',
        message: `include address ${inc.address} is not supported: the whole file would be taken`,
        hint: 'extract by hand or extend generators/extract/cddl.ts',
      });
      continue;
    }
    const prior = seenOutput.get(name);
    if (prior) {
      if (prior.path !== inc.path) {
        diagnostics.push({
          file: draftFile,
          line: inc.line,
          col: 1,
          severity: 'error',
          code: 'conflicting-include',
          message: `${inc.path} and ${prior.path} would both be written to ${name}`,
        });
        continue;
      }
      const f = files[prior.index];
      // A function, not a replacement string: `$'` or `$&` in a file name must stay text.
      if (f) f.text = f.text.replace(/\n(; source: [^\n]*\n)/, (_m, line: string) => `\n${line}${c(`also included at ${where}`)}\n`);
      continue;
    }
    const found = resolve(inc.path);
    if (!found) {
      diagnostics.push({
        file: draftFile,
        line: inc.line,
        col: 1,
        severity: 'error',
        code: 'missing-include',
        message: `cannot find included file ${inc.path}`,
        hint: 'put it next to the draft or in the sibling <draft>-files/ folder',
      });
      continue;
    }
    const { text, ids } = correct(inc.path, found);
    for (const r of splitCddlRules(text)) includedRules.push({ name: r.name, norm: normalizeCddl(text.slice(r.nameStart, r.end)), file: inc.path });
    const lines = headerFor([{ label: found.displayPath, text: found.text }], ids.length);
    lines.push('', c(`source: ${where} (include ${inc.path})`));
    for (const id of ids) lines.push(c(`erratum ${id}: ${oneLine(byId.get(id)?.reason ?? '')}`));
    seenOutput.set(name, { path: inc.path, index: files.length });
    files.push({ name, text: `${lines.join('\n')}\n${ensureNewline(text)}` });
  }

  // 2. Files shipped with the draft but not included by its text.
  for (const s of options.shipped ?? []) {
    const name = basename(s.file);
    if (cddlIncludes.some((inc) => inc.path === s.file)) {
      diagnostics.push({
        file: draftFile,
        line: 1,
        col: 1,
        severity: 'error',
        code: 'shipped-is-included',
        message: `${s.file} is listed as shipped-only, but the draft includes it`,
        hint: 'remove it from "shipped" in spec/drafts/drafts.json',
      });
      continue;
    }
    if (seenOutput.has(name)) {
      diagnostics.push({
        file: draftFile,
        line: 1,
        col: 1,
        severity: 'error',
        code: 'conflicting-include',
        message: `shipped file ${s.file} would overwrite ${name}`,
      });
      continue;
    }
    const found = resolve(s.file);
    if (!found) {
      diagnostics.push({ file: draftFile, line: 1, col: 1, severity: 'error', code: 'missing-include', message: `cannot find shipped file ${s.file}` });
      continue;
    }
    const sources = [{ label: found.displayPath, text: found.text }];
    const prov = [c(`source: ${found.displayPath}, shipped with ${fileName} but not included by its text`)];
    if (s.includedBy) {
      const by = basename(s.includedBy.draftFile);
      sources.push({ label: by, text: s.includedBy.markdown });
      const inc = scanMarkdown(s.includedBy.markdown).includes.find((i) => i.path === s.file);
      if (inc) prov.push(c(`included by ${by}:${inc.line} § ${formatSection(inc.section)} (include ${s.file})`));
      else
        diagnostics.push({
          file: s.includedBy.draftFile,
          line: 1,
          col: 1,
          severity: 'error',
          code: 'missing-include',
          message: `${by} does not include ${s.file}`,
          hint: 'fix "includedBy" in spec/drafts/drafts.json',
        });
    }
    if (s.note) prov.push(c(`note: ${oneLine(s.note)}`));
    const { text, ids } = correct(s.file, found);
    for (const r of splitCddlRules(text)) includedRules.push({ name: r.name, norm: normalizeCddl(text.slice(r.nameStart, r.end)), file: s.file });
    for (const id of ids) prov.push(c(`erratum ${id}: ${oneLine(byId.get(id)?.reason ?? '')}`));
    seenOutput.set(name, { path: s.file, index: files.length });
    files.push({ name, text: `${[...headerFor(sources, ids.length), '', ...prov].join('\n')}\n${ensureNewline(text)}` });
  }

  // Errata naming a file that was neither included nor shipped can never apply.
  for (const e of errata) {
    if (e.file && !seenOutput.has(basename(e.file))) {
      diagnostics.push({
        file: draftFile,
        line: 1,
        col: 1,
        severity: 'error',
        code: 'stale-erratum',
        message: `erratum ${e.id} (${errataFile}): the draft neither includes nor ships ${e.file}`,
      });
    }
  }

  // 3. cddl fences.
  const fences = scanned.fences.filter((f) => isCddlFence(f.info));
  const tracked = fences.map((f) => ({ fence: f, openLine: f.openLine, closeLine: f.closeLine, text: TrackedText.fromLines(f.lines, f.openLine + 1) }));
  const fenceErrata = errata.filter((e) => !e.file);
  if (fenceErrata.length) {
    const r = applyErrata(tracked, fenceErrata, draftFile, errataFile);
    for (const item of r.diagnostics) diagnostics.push(item);
    for (const item of r.applied) applied.push(item);
  }
  if (cddlIncludes.length || (options.shipped?.length ?? 0) > 0) {
    for (const { text: t } of tracked) {
      for (const r of splitCddlRules(t.text)) {
        const norm = normalizeCddl(t.text.slice(r.nameStart, r.end));
        const same = includedRules.filter((x) => x.name === r.name);
        const line = t.lineAt(r.nameStart);
        if (!same.length) {
          diagnostics.push({
            file: draftFile,
            line,
            col: 1,
            severity: 'warning',
            code: 'cddl-snippet-not-in-schema',
            message: `${r.name} (cddl fence) is defined in none of the included .cddl files`,
          });
        } else if (!same.some((x) => x.norm === norm)) {
          diagnostics.push({
            file: draftFile,
            line,
            col: 1,
            severity: 'warning',
            code: 'cddl-snippet-differs',
            message: `${r.name} (cddl fence) differs from its definition in ${same.map((x) => x.file).join(', ')}`,
            hint: 'the included schema is what gets extracted; the fence is prose',
          });
        }
      }
    }
  } else if (tracked.length) {
    const ids = applied.filter((id) => !byId.get(id)?.file);
    const blocks = tracked.map(({ fence, text: t }) => {
      const here = ids.filter((id) => t.tags.some((tags) => tags?.includes(id)) || t.marks.some((m) => m.id === id));
      return [
        c(`source: ${fileName}:${fence.openLine + 1} § ${formatSection(fence.section)} (cddl fence)`),
        ...here.map((id) => c(`erratum ${id}: ${oneLine(byId.get(id)?.reason ?? '')}`)),
        t.text.trimEnd(),
      ].join('\n');
    });
    files.push({
      name: `${options.name ?? fileName.replace(/-\d{2}\.md$/, '')}.cddl`,
      text: `${[...headerFor([], ids.length), ''].join('\n')}\n${blocks.join('\n\n')}\n`,
    });
  }

  return { files, diagnostics: sortDiagnostics(diagnostics), applied, includes: scanned.includes };
}
