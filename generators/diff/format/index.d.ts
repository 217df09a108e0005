/**
 * The output formats of `mimi spec diff` and `mimi spec lint`: every one renders the same Report
 * (model.ts).
 *
 * - text: for a terminal (the default); ANSI colours with `color: true`.
 * - json: the Report itself; its schema is generators/diff/report.schema.json.
 * - markdown: a change log to paste into a draft.
 * - html: one self-contained page with side-by-side definitions.
 * - junit: JUnit XML for CI test report views.
 * - github-actions: workflow commands that annotate files in a GitHub pull request.
 */
import type { Report } from '../model.ts';
export declare const FORMATS: readonly ["text", "json", "markdown", "html", "junit", "github-actions"];
export type Format = (typeof FORMATS)[number];
export interface FormatOptions {
    /** ANSI colours (text only; ignored by the others). */
    color?: boolean;
}
export declare function formatReport(report: Report, format: Format, options?: FormatOptions): string;
export declare function isFormat(s: string): s is Format;
//# sourceMappingURL=index.d.ts.map