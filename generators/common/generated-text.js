/**
 * Text that a generator writes into generated code or into a generated spec file: one function per
 * context it can land in. Provenance (section titles, file names, `source:` lines), descriptions
 * and names come from drafts, OpenAPI documents and file systems that anyone can write, so none of
 * it may end the context it is written into (a `*\/` in a doc comment, a line break in a `//`
 * line, a `${` in a template literal): every emitter puts such text through these functions and
 * never interpolates it raw. Names that become identifiers or property keys are checked by
 * generated-names.ts instead.
 */
/** Everything ECMAScript treats as the end of a line (and so of a `//` comment). */
const LINE_TERMINATORS = /\r\n|[\n\r\u2028\u2029]/g;
/**
 * The text of one block (doc) comment line: `*\/` (the only way out of a block comment) becomes
 * `*\/` with a backslash, as the generators have always written definitions' own `*\/`.
 */
export function blockCommentText(text) {
    return text.replace(/\*\//g, '*\\/');
}
/**
 * A whole doc comment, `/**` … ` *\/`, one ` * ` line per line of `lines` (a line that holds line
 * breaks becomes several). Trailing blanks are trimmed so the output is stable.
 */
export function docComment(lines, indent = '') {
    const body = lines.flatMap((l) => blockCommentText(l).split(LINE_TERMINATORS)).map((l) => `${indent} * ${l}`.trimEnd());
    return [`${indent}/**`, ...body, `${indent} */`].join('\n');
}
/** A one-line doc comment, `/** text *\/` (line breaks in the text become spaces). */
export function docCommentLine(text) {
    return `/** ${blockCommentText(text).replace(LINE_TERMINATORS, ' ')} */`;
}
/**
 * The text of a line comment (`//` in TypeScript and TLS-PL, `;` in CDDL): a line break would end
 * the comment and turn the rest of the text into code or definitions, so each one is written as
 * its escape (`\n`, `\r`, `\u2028`, `\u2029`). Callers that must tell the author report it
 * (see `hasLineBreak`).
 */
export function lineCommentText(text) {
    return text.replace(LINE_TERMINATORS, (m) => (m === '\r\n' ? '\\r\\n' : m === '\n' ? '\\n' : m === '\r' ? '\\r' : m === '\u2028' ? '\\u2028' : '\\u2029'));
}
export function hasLineBreak(text) {
    return /[\n\r\u2028\u2029]/.test(text);
}
/**
 * A double-quoted string literal. JSON.stringify escapes quotes, backslashes and every control
 * character; U+2028 and U+2029 may stand unescaped in string literals since ES2019, which is what
 * TypeScript and every Node.js mimikit supports parse.
 */
export function stringLiteral(text) {
    return JSON.stringify(text);
}
/**
 * A JSON value (from a YAML or JSON document) as a TypeScript literal. JSON text is almost a
 * JavaScript expression, except that a `"__proto__":` key in an object literal sets the object's
 * prototype instead of adding a property: that key is written computed (`["__proto__"]:`), which
 * defines an own property as JSON.parse would. Everything else is exactly JSON.stringify's output.
 */
export function jsonLiteral(value) {
    if (Array.isArray(value))
        return `[${value.map(jsonLiteral).join(',')}]`;
    if (value !== null && typeof value === 'object' && typeof value.toJSON !== 'function') {
        const entries = Object.entries(value).filter(([, v]) => v !== undefined && typeof v !== 'function');
        return `{${entries.map(([k, v]) => `${k === '__proto__' ? '["__proto__"]' : JSON.stringify(k)}:${jsonLiteral(v)}`).join(',')}}`;
    }
    return JSON.stringify(value) ?? 'null';
}
/**
 * Text placed inside a template literal (`` `…${expr}…` ``): a backtick would end it and `${`
 * would start an expression, so both are escaped (and a `$` at the end, which could meet a `{`
 * the emitter writes next), with backslashes and control characters as in a string literal (a
 * raw CR would also be read back as LF). Double quotes need no escape there and get none.
 */
export function templateText(text) {
    return JSON.stringify(text)
        .slice(1, -1)
        .replace(/\\"/g, '"')
        .replace(/`/g, '\\`')
        .replace(/\$(?=\{|$)/g, '\\$');
}
//# sourceMappingURL=generated-text.js.map