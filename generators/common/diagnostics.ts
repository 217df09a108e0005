/**
 * Spec diagnostics: every problem found in a spec or draft file, with a position a human can open.
 * Printed as `file:line:col: error|warning: message` (the format compilers and editors understand),
 * followed by an indented `hint:` line when there is a concrete way out.
 */

export type Severity = 'error' | 'warning';

export interface Diagnostic {
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based, in UTF-16 code units. */
  col: number;
  severity: Severity;
  /** Stable kebab-case identifier, e.g. `missing-semicolon`, `undefined-type`. */
  code: string;
  message: string;
  hint?: string;
  /**
   * A mechanical correction, in this diagnostic's file: the edits that fix it, and an id and reason
   * for the erratum that would make them in a draft (see suggestedErratum).
   */
  fix?: TextFix;
  /**
   * For a problem in a draft's text: the erratum that fixes it, ready to paste into
   * spec/errata/<draft>-<NN>.json (the draft's text at `line`, `original` → `replacement`).
   */
  suggestedErratum?: SuggestedErratum;
}

/** Replace `length` characters at line:col (1-based) with `text`; an insertion when `length` is 0. */
export interface TextEdit {
  line: number;
  col: number;
  length: number;
  text: string;
}

export interface TextFix {
  edits: TextEdit[];
  /** Kebab-case name for an erratum making this fix, e.g. `update-room-response-semicolon`. */
  id: string;
  /** One line: why the fix is right. */
  reason: string;
}

/**
 * An erratum's required fields, as spec/errata/<draft>-<NN>.json holds them: what a diagnostic can
 * suggest. The extractor's Erratum (generators/extract/errata.ts) adds the optional `pragma` and `file`.
 */
export interface PlainErratum {
  /** Stable kebab-case id, written into the .tls file (`// erratum <id>: <reason>`). */
  id: string;
  /** Draft name without version, e.g. `draft-ietf-mimi-protocol`. */
  draft: string;
  /** Two-digit draft version, e.g. `06`. */
  version: string;
  /** 1-based draft line where `original` starts (or near it: within the same fence). */
  line: number;
  /**
   * Exact draft text to replace; may span lines. Empty: insert `replacement` at the start of
   * `line` (which must be inside a fence, or its closing line to append).
   */
  original: string;
  /** Corrected text; empty to delete. */
  replacement: string;
  /** Why: one line, written into the .tls file. */
  reason: string;
}

/**
 * The erratum a diagnostic suggests; `file` set (as the include line spells it) when it corrects
 * a CDDL file the draft includes, `line` then being a line of that file.
 */
export interface SuggestedErratum extends PlainErratum {
  file?: string;
}

/** The errata file a suggested erratum belongs in, repo-relative. */
export function errataFileOf(e: SuggestedErratum): string {
  return `spec/errata/${e.draft}-${e.version}.json`;
}

/**
 * A suggested erratum as text lines: a heading naming its errata file, then the erratum as
 * indented JSON that can be pasted into that file's array as it stands.
 */
export function formatSuggestedErratum(e: SuggestedErratum): string[] {
  return [
    `suggested erratum for ${errataFileOf(e)}:`,
    ...JSON.stringify(e, null, 2)
      .split('\n')
      .map((l) => `  ${l}`),
  ];
}

export function formatDiagnostic(d: Diagnostic): string {
  const head = `${d.file}:${d.line}:${d.col}: ${d.severity}: ${d.message} [${d.code}]`;
  const lines = [head];
  if (d.hint) lines.push(`  hint: ${d.hint}`);
  if (d.suggestedErratum) for (const l of formatSuggestedErratum(d.suggestedErratum)) lines.push(`  ${l}`);
  return lines.join('\n');
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** Thrown when a spec cannot be used at all; carries every diagnostic that was found. */
export class SpecError extends Error {
  readonly diagnostics: readonly Diagnostic[];
  constructor(diagnostics: readonly Diagnostic[]) {
    super(
      diagnostics
        .filter((d) => d.severity === 'error')
        .map(formatDiagnostic)
        .join('\n') || 'spec error',
    );
    this.name = 'SpecError';
    this.diagnostics = diagnostics;
  }
}

/** Orders diagnostics by file, then position, so output is deterministic. */
export function sortDiagnostics(diagnostics: Diagnostic[]): Diagnostic[] {
  return diagnostics.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.col - b.col || a.code.localeCompare(b.code));
}

/** A diagnostic at a source position (anything with file, line and col, such as IR provenance). */
export function diagnosticAt(at: { file: string; line: number; col: number }, severity: Severity, code: string, message: string, hint?: string): Diagnostic {
  return hint === undefined
    ? { file: at.file, line: at.line, col: at.col, severity, code, message }
    : { file: at.file, line: at.line, col: at.col, severity, code, message, hint };
}
