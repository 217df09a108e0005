/**
 * Errata: corrections to a draft's TLS-PL or CDDL, kept next to the drafts in spec/errata/<draft>-<NN>.json
 * and applied by the extractor. Each entry names the exact draft text it replaces and the line it
 * sits on, so an erratum that no longer matches its draft is an error (`stale-erratum`) rather than
 * a silent no-op.
 */
import type { Diagnostic, PlainErratum } from '../common/diagnostics.ts';

/** An erratum: the required fields (PlainErratum, beside Diagnostic so a diagnostic can suggest one), and: */
export interface Erratum extends PlainErratum {
  /** A dialect pragma (e.g. `@open`) written as `// <pragma>` right above each touched definition. */
  pragma?: string;
  /**
   * CDDL drafts only: the included file the erratum corrects, as the include line spells it
   * (`mimi-content.cddl`); `line` is then a 1-based line of that file. Without it, `line` is a
   * draft line inside a code fence.
   */
  file?: string;
}

const ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Checks the shape of a parsed errata file; returns the valid entries and diagnostics for the rest. */
export function validateErrata(value: unknown, errataFile: string): { errata: Erratum[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const errata: Erratum[] = [];
  const bad = (message: string, hint?: string): void => {
    diagnostics.push({ file: errataFile, line: 1, col: 1, severity: 'error', code: 'invalid-erratum', message, ...(hint ? { hint } : {}) });
  };
  if (!Array.isArray(value)) {
    bad('an errata file must hold a JSON array of errata');
    return { errata, diagnostics };
  }
  const seen = new Set<string>();
  value.forEach((e: unknown, k) => {
    if (typeof e !== 'object' || e === null) return bad(`entry ${k} is not an object`);
    const r = e as Record<string, unknown>;
    const str = (name: string): string | undefined => (typeof r[name] === 'string' ? (r[name] as string) : undefined);
    const id = str('id');
    if (!id || !ID.test(id)) return bad(`entry ${k}: "id" must be a kebab-case string`);
    if (seen.has(id)) return bad(`erratum ${id}: duplicate id`);
    seen.add(id);
    const draft = str('draft');
    const version = str('version');
    const original = str('original');
    const replacement = str('replacement');
    const reason = str('reason');
    const line = r.line;
    if (!draft || !version) return bad(`erratum ${id}: "draft" and "version" are required strings`);
    if (typeof line !== 'number' || !Number.isInteger(line) || line < 1) return bad(`erratum ${id}: "line" must be a positive integer`);
    if (original === undefined || replacement === undefined) return bad(`erratum ${id}: "original" and "replacement" are required strings`);
    if (!reason) return bad(`erratum ${id}: "reason" is required`);
    if (original === replacement) return bad(`erratum ${id}: "original" and "replacement" are equal`);
    const pragma = str('pragma');
    const file = str('file');
    if (r.file !== undefined && !file) return bad(`erratum ${id}: "file" must be a non-empty string`);
    errata.push({ id, draft, version, line, original, replacement, reason, ...(pragma ? { pragma } : {}), ...(file ? { file } : {}) });
  });
  return { errata, diagnostics };
}

/**
 * Text of one fence with, for every UTF-16 unit, the draft position it came from and the errata
 * that produced it. Replacement text takes the position of the text it replaced.
 */
export class TrackedText {
  text: string;
  lines: number[];
  cols: number[];
  tags: Array<readonly string[] | undefined>;
  /** Deletion points: an erratum that removed text between index at-1 and at. */
  marks: Array<{ id: string; at: number }> = [];

  constructor(text: string, lines: number[], cols: number[]) {
    this.text = text;
    this.lines = lines;
    this.cols = cols;
    this.tags = new Array<readonly string[] | undefined>(text.length).fill(undefined);
  }

  /** Builds the text of fence content lines; `firstLine` is the draft line of `contentLines[0]`. */
  static fromLines(contentLines: readonly string[], firstLine: number): TrackedText {
    const text = contentLines.join('\n');
    const lines: number[] = [];
    const cols: number[] = [];
    contentLines.forEach((l, k) => {
      for (let c = 0; c <= l.length; c++) {
        if (c === l.length && k === contentLines.length - 1) break;
        lines.push(firstLine + k);
        cols.push(c + 1);
      }
    });
    return new TrackedText(text, lines, cols);
  }

  lineAt(index: number): number {
    return this.lines[Math.min(index, this.lines.length - 1)] ?? this.lines[this.lines.length - 1] ?? 0;
  }

  colAt(index: number): number {
    return this.cols[Math.min(index, this.cols.length - 1)] ?? 1;
  }

  replace(start: number, end: number, replacement: string, id: string): void {
    const line = this.lineAt(start);
    const col = this.colAt(start);
    const n = replacement.length;
    this.text = this.text.slice(0, start) + replacement + this.text.slice(end);
    this.lines.splice(start, end - start, ...new Array<number>(n).fill(line));
    this.cols.splice(start, end - start, ...new Array<number>(n).fill(col));
    this.tags.splice(start, end - start, ...new Array<readonly string[]>(n).fill([id]));
    const delta = n - (end - start);
    for (const m of this.marks)
      if (m.at >= end) m.at += delta;
      else if (m.at > start) m.at = start;
    if (n === 0) this.marks.push({ id, at: start });
  }
}

/** Applies errata to the fences of one draft; returns the applied ids and `stale-erratum` errors. */
export function applyErrata(
  fences: ReadonlyArray<{ openLine: number; closeLine: number; text: TrackedText }>,
  errata: readonly Erratum[],
  draftFile: string,
  errataFile: string,
): { applied: string[]; diagnostics: Diagnostic[] } {
  const applied: string[] = [];
  const diagnostics: Diagnostic[] = [];
  const stale = (e: Erratum, message: string): void => {
    diagnostics.push({
      file: draftFile,
      line: e.line,
      col: 1,
      severity: 'error',
      code: 'stale-erratum',
      message: `erratum ${e.id} (${errataFile}): ${message}`,
      hint: 'the draft text changed or the erratum is wrong: fix or remove the entry in the errata file',
    });
  };
  for (const e of errata) {
    const fence = fences.find((f) => e.line >= f.openLine && e.line <= f.closeLine);
    if (!fence) {
      stale(e, `line ${e.line} is not inside a code fence`);
      continue;
    }
    const t = fence.text;
    if (e.original === '') {
      // Insertion at the start of a content line (or at the end, for the closing fence line).
      let at = -1;
      if (e.line === fence.closeLine) at = t.text.length;
      else if (e.line > fence.openLine) {
        for (let k = 0; k < t.text.length; k++) {
          if (t.lines[k] === e.line && (k === 0 || t.text[k - 1] === '\n')) {
            at = k;
            break;
          }
        }
        if (at < 0 && t.text.length === 0) at = 0;
      }
      if (at < 0) {
        stale(e, `cannot insert at line ${e.line}: it is not a content line of the fence at line ${fence.openLine}`);
        continue;
      }
      t.replace(at, at, e.replacement, e.id);
      applied.push(e.id);
      continue;
    }
    let best = -1;
    let bestDist = Infinity;
    for (let k = t.text.indexOf(e.original); k >= 0; k = t.text.indexOf(e.original, k + 1)) {
      const dist = Math.abs(t.lineAt(k) - e.line);
      if (dist < bestDist) {
        best = k;
        bestDist = dist;
      }
    }
    if (best < 0) {
      stale(
        e,
        `original text not found in the fence at line ${fence.openLine}: ${JSON.stringify(e.original.length > 60 ? `${e.original.slice(0, 60)}…` : e.original)}`,
      );
      continue;
    }
    t.replace(best, best + e.original.length, e.replacement, e.id);
    applied.push(e.id);
  }
  return { applied, diagnostics };
}
