/**
 * `mimi spec lint` results as a Report, so lint and diff share every output format and
 * `--fail-on`: each diagnostic becomes a LINT finding (error → ERR, warning → WARN) whose rule is
 * the diagnostic code, and each erratum applied to a draft becomes an INFO finding, so the
 * deviations from the drafts stay visible in every format.
 */
import type { Diagnostic } from '../common/diagnostics.ts';
import { type Domain, type Finding, type Report, type SideInfo } from './model.ts';
/** An erratum the extractor applied, with where it applies. */
export interface AppliedErratum {
    id: string;
    reason: string;
    /** `file:line` of the corrected text (a draft line, or a line of an included .cddl file). */
    at: string;
    errataFile: string;
}
export interface LintGroup {
    /** The lint source that found them (openapi, tls, cddl, errata, examples). */
    domain: Domain;
    diagnostics: readonly Diagnostic[];
}
export declare function diagnosticFinding(d: Diagnostic, domain: Domain): Finding;
export declare function erratumFinding(e: AppliedErratum): Finding;
export declare function lintReport(target: SideInfo, groups: readonly LintGroup[], errata: readonly AppliedErratum[]): Report;
//# sourceMappingURL=lint-report.d.ts.map