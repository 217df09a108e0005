/**
 * Spec diagnostics: every problem found in a spec or draft file, with a position a human can open.
 * Printed as `file:line:col: error|warning: message` (the format compilers and editors understand),
 * followed by an indented `hint:` line when there is a concrete way out.
 */
export function formatDiagnostic(d) {
    const head = `${d.file}:${d.line}:${d.col}: ${d.severity}: ${d.message} [${d.code}]`;
    return d.hint ? `${head}\n  hint: ${d.hint}` : head;
}
export function hasErrors(diagnostics) {
    return diagnostics.some((d) => d.severity === 'error');
}
/** Thrown when a spec cannot be used at all; carries every diagnostic that was found. */
export class SpecError extends Error {
    diagnostics;
    constructor(diagnostics) {
        super(diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic).join('\n') || 'spec error');
        this.name = 'SpecError';
        this.diagnostics = diagnostics;
    }
}
/** Orders diagnostics by file, then position, so output is deterministic. */
export function sortDiagnostics(diagnostics) {
    return diagnostics.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.col - b.col || a.code.localeCompare(b.code));
}
/** A diagnostic at a source position (anything with file, line and col, such as IR provenance). */
export function diagnosticAt(at, severity, code, message, hint) {
    return hint === undefined
        ? { file: at.file, line: at.line, col: at.col, severity, code, message }
        : { file: at.file, line: at.line, col: at.col, severity, code, message, hint };
}
//# sourceMappingURL=diagnostics.js.map