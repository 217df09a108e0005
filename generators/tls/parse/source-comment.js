/**
 * The comments mimikit gives meaning to: the extractor's provenance line and the `@open` pragma.
 */
// `source: draft-ietf-mls-protocol-20.md:1634 § 5.3. Credentials`
const SOURCE = /^source:\s*(\S+?)(?:\.md)?:(\d+)(?:\s+§\s*(.*?))?\s*$/;
// `draft-ietf-mls-protocol-20` → name and version; `rfc9420` has no version.
const VERSIONED = /^(.+)-(\d+)$/;
export function parseSourceComment(comment) {
    const m = SOURCE.exec(comment.text);
    if (!m)
        return undefined;
    const [, document = '', line = '', section] = m;
    const versioned = VERSIONED.exec(document);
    const source = { draft: versioned?.[1] ?? document, draftLine: Number(line) };
    if (versioned?.[2] !== undefined)
        source.version = versioned[2];
    if (section)
        source.section = section;
    return source;
}
/** `// @open` or `/* @open *\/`: the enum that follows accepts values it does not list. */
export function isOpenPragma(comment) {
    return /^@open\b/.test(comment.text);
}
//# sourceMappingURL=source-comment.js.map