export function locationOf(p) {
    const loc = { file: p.file, line: p.line, col: p.col };
    if (p.draft)
        loc.draft = p.version ? `${p.draft}-${p.version}.md` : p.draft;
    if (p.section)
        loc.section = p.section;
    if (p.draftLine !== undefined)
        loc.draftLine = p.draftLine;
    return loc;
}
/**
 * `draft.md:123 § 5.2. Title` for a position in a draft; for a spec file extracted from one,
 * `spec/tls/x.tls:40 (draft-x-05.md:123 § 5.2. Title)`, so both the file to open and the draft
 * text it came from are named.
 */
export function formatLocation(loc) {
    const here = `${loc.file}:${loc.line}`;
    const section = loc.section ? ` § ${loc.section}` : '';
    if (loc.file.endsWith('.md') || !loc.draft || loc.draftLine === undefined)
        return `${here}${section}`;
    return `${here} (${loc.draft}:${loc.draftLine}${section})`;
}
//# sourceMappingURL=location.js.map