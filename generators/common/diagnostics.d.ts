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
export declare function formatDiagnostic(d: Diagnostic): string;
export declare function hasErrors(diagnostics: readonly Diagnostic[]): boolean;
/** Thrown when a spec cannot be used at all; carries every diagnostic that was found. */
export declare class SpecError extends Error {
    readonly diagnostics: readonly Diagnostic[];
    constructor(diagnostics: readonly Diagnostic[]);
}
/** Orders diagnostics by file, then position, so output is deterministic. */
export declare function sortDiagnostics(diagnostics: Diagnostic[]): Diagnostic[];
/** A diagnostic at a source position (anything with file, line and col, such as IR provenance). */
export declare function diagnosticAt(at: {
    file: string;
    line: number;
    col: number;
}, severity: Severity, code: string, message: string, hint?: string): Diagnostic;
//# sourceMappingURL=diagnostics.d.ts.map