/** `3 ERR, 1 WARN, 2 INFO (1 suppressed)`; the parenthesis only when something was suppressed. */
export function summaryLine(s) {
    const counts = `${s.ERR} ERR, ${s.WARN} WARN, ${s.INFO} INFO`;
    return s.suppressed > 0 ? `${counts} (${s.suppressed} suppressed)` : counts;
}
export function isLint(report) {
    return report.tool === 'mimi spec lint';
}
/** `draft-ietf-mimi-protocol-05` when the side names its draft and version, else the label as given. */
export function sideName(side) {
    if (!side)
        return '?';
    if (side.draft && side.version)
        return `${side.draft}-${side.version}`;
    return side.draft ?? side.label;
}
/** The old and new side of a diff report, or the lint target twice. */
export function sides(report) {
    return { old: report.sides[0], new: report.sides[report.sides.length - 1] };
}
/** `old → new` for a diff, the target for a lint. */
export function comparedLine(report) {
    const s = sides(report);
    return isLint(report) ? sideName(s.new) : `${sideName(s.old)} → ${sideName(s.new)}`;
}
/** What a finding's `new` location is called: `new` in a diff, `at` in a lint (which has one side). */
export function newLabel(report) {
    return isLint(report) ? 'at' : 'new';
}
/** Where an annotation points: the new location, or the old one for something removed. */
export function primaryLocation(f) {
    return f.new ?? f.old;
}
/**
 * The findings grouped as the markdown and HTML formats show them. Diff: "Breaking wire changes"
 * (ERR), "Changes to check" (WARN), "Compatible changes" (INFO), "Source-only changes" (category
 * SOURCE, whatever the level), "Suppressed". Lint: "Errors", "Warnings", "Notes", "Suppressed".
 * Every section is returned, empty or not; findings keep the report's order within a section.
 */
export function sections(report) {
    const active = report.findings.filter((f) => !f.suppressed);
    const byLevel = (level, category) => active.filter((f) => f.level === level && (!category || category(f)));
    const suppressed = { title: 'Suppressed', findings: report.findings.filter((f) => f.suppressed) };
    if (isLint(report)) {
        return [
            { title: 'Errors', findings: byLevel('ERR') },
            { title: 'Warnings', findings: byLevel('WARN') },
            { title: 'Notes', findings: byLevel('INFO') },
            suppressed,
        ];
    }
    const notSource = (f) => f.category !== 'SOURCE';
    return [
        { title: 'Breaking wire changes', findings: byLevel('ERR', notSource) },
        { title: 'Changes to check', findings: byLevel('WARN', notSource) },
        { title: 'Compatible changes', findings: byLevel('INFO', notSource) },
        { title: 'Source-only changes', findings: active.filter((f) => f.category === 'SOURCE') },
        suppressed,
    ];
}
//# sourceMappingURL=shared.js.map