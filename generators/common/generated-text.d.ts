/**
 * Text that a generator writes into generated code or into a generated spec file: one function per
 * context it can land in. Provenance (section titles, file names, `source:` lines), descriptions
 * and names come from drafts, OpenAPI documents and file systems that anyone can write, so none of
 * it may end the context it is written into (a `*\/` in a doc comment, a line break in a `//`
 * line, a `${` in a template literal): every emitter puts such text through these functions and
 * never interpolates it raw. Names that become identifiers or property keys are checked by
 * generated-names.ts instead.
 */
/**
 * The text of one block (doc) comment line: `*\/` (the only way out of a block comment) becomes
 * `*\/` with a backslash, as the generators have always written definitions' own `*\/`.
 */
export declare function blockCommentText(text: string): string;
/**
 * A whole doc comment, `/**` … ` *\/`, one ` * ` line per line of `lines` (a line that holds line
 * breaks becomes several). Trailing blanks are trimmed so the output is stable.
 */
export declare function docComment(lines: readonly string[], indent?: string): string;
/** A one-line doc comment, `/** text *\/` (line breaks in the text become spaces). */
export declare function docCommentLine(text: string): string;
/**
 * The text of a line comment (`//` in TypeScript and TLS-PL, `;` in CDDL): a line break would end
 * the comment and turn the rest of the text into code or definitions, so each one is written as
 * its escape (`\n`, `\r`, `\u2028`, `\u2029`). Callers that must tell the author report it
 * (see `hasLineBreak`).
 */
export declare function lineCommentText(text: string): string;
export declare function hasLineBreak(text: string): boolean;
/**
 * A double-quoted string literal. JSON.stringify escapes quotes, backslashes and every control
 * character; U+2028 and U+2029 may stand unescaped in string literals since ES2019, which is what
 * TypeScript and every Node.js mimikit supports parse.
 */
export declare function stringLiteral(text: string): string;
/**
 * A JSON value (from a YAML or JSON document) as a TypeScript literal. JSON text is almost a
 * JavaScript expression, except that a `"__proto__":` key in an object literal sets the object's
 * prototype instead of adding a property: that key is written computed (`["__proto__"]:`), which
 * defines an own property as JSON.parse would. Everything else is exactly JSON.stringify's output.
 */
export declare function jsonLiteral(value: unknown): string;
/**
 * Text placed inside a template literal (`` `…${expr}…` ``): a backtick would end it and `${`
 * would start an expression, so both are escaped (and a `$` at the end, which could meet a `{`
 * the emitter writes next), with backslashes and control characters as in a string literal (a
 * raw CR would also be read back as LF). Double quotes need no escape there and get none.
 */
export declare function templateText(text: string): string;
//# sourceMappingURL=generated-text.d.ts.map