/** Helpers shared by the output formats: summary wording, side labels, which location to point at. */
import type { Finding, Report, SideInfo, SourceLocation, Summary } from '../model.ts';
/** `3 ERR, 1 WARN, 2 INFO (1 suppressed)`; the parenthesis only when something was suppressed. */
export declare function summaryLine(s: Summary): string;
export declare function isLint(report: Report): boolean;
/** `draft-ietf-mimi-protocol-05` when the side names its draft and version, else the label as given. */
export declare function sideName(side: SideInfo | undefined): string;
/** The old and new side of a diff report, or the lint target twice. */
export declare function sides(report: Report): {
    old: SideInfo | undefined;
    new: SideInfo | undefined;
};
/** `old → new` for a diff, the target for a lint. */
export declare function comparedLine(report: Report): string;
/** What a finding's `new` location is called: `new` in a diff, `at` in a lint (which has one side). */
export declare function newLabel(report: Report): string;
/** Where an annotation points: the new location, or the old one for something removed. */
export declare function primaryLocation(f: Finding): SourceLocation | undefined;
export interface Section {
    title: string;
    findings: Finding[];
}
/**
 * The findings grouped as the markdown and HTML formats show them. Diff: "Breaking wire changes"
 * (ERR), "Changes to check" (WARN), "Compatible changes" (INFO), "Source-only changes" (category
 * SOURCE, whatever the level), "Suppressed". Lint: "Errors", "Warnings", "Notes", "Suppressed".
 * Every section is returned, empty or not; findings keep the report's order within a section.
 */
export declare function sections(report: Report): Section[];
//# sourceMappingURL=shared.d.ts.map