import type { LintGroup } from './lint-report.ts';
import type { SpecSet } from './spec-set.ts';
export interface LoadSideOptions {
    /** The repository whose built-in TLS packages and errata apply (default: the mimikit checkout). */
    root: string;
    /** Paths in reports are shown relative to this folder when inside it (default: process.cwd()). */
    cwd?: string;
    /** Apply the repository's errata for a draft's exact version (default true); false reads the draft as published. */
    errata?: boolean;
}
/** The input cannot be loaded at all (missing file, unknown kind, bad git ref): a message for the user. */
export declare class SideError extends Error {
    constructor(message: string);
}
export declare function loadSide(arg: string, options: LoadSideOptions): Promise<SpecSet>;
export declare function lintGroupsOf(side: SpecSet): LintGroup[];
//# sourceMappingURL=load-side.d.ts.map