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
}

export function formatDiagnostic(d: Diagnostic): string {
  const head = `${d.file}:${d.line}:${d.col}: ${d.severity}: ${d.message} [${d.code}]`;
  return d.hint ? `${head}\n  hint: ${d.hint}` : head;
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
