import { type Diagnostic } from '../common/diagnostics.ts';
import { type Erratum } from './errata.ts';
import { type Include } from './markdown.ts';
/** An included file as found on disk. */
export interface IncludedFile {
    /** Path shown in comments, relative to the draft's folder, e.g. `draft-x-07-files/x.cddl`. */
    displayPath: string;
    text: string;
}
/** Finds the file an include line names; null when it does not exist. */
export type ResolveInclude = (includePath: string) => IncludedFile | null;
/** A `.cddl` file shipped with the draft but not included by its text. */
export interface ShippedCddl {
    /** Path as an include line would spell it, e.g. `delivery-report.cddl`. */
    file: string;
    /** An earlier draft that included the file: its file name and markdown. */
    includedBy?: {
        draftFile: string;
        markdown: string;
    };
    /** One line of explanation, written as `; note: …`. */
    note?: string;
}
export interface CddlExtractOptions {
    /** Output name for the fences of a draft without `.cddl` includes (`<name>.cddl`). */
    name?: string;
    errata?: readonly Erratum[];
    /** Repo-relative errata file path, named in the headers. */
    errataFile?: string;
    shipped?: readonly ShippedCddl[];
}
export interface CddlFile {
    /** Output file name, e.g. `mimi-content.cddl`. */
    name: string;
    text: string;
}
export interface CddlRule {
    name: string;
    /** Index of the first character (comment lines right above the rule included). */
    start: number;
    /** Index of the first character of the rule name. */
    nameStart: number;
    /** Index one past the rule's last non-blank line. */
    end: number;
}
export interface CddlExtractResult {
    files: CddlFile[];
    diagnostics: Diagnostic[];
    /** Ids of the errata applied. */
    applied: string[];
    /** Every code include of the draft (`.cddl`, `examples/*.edn`, …), in draft order. */
    includes: Include[];
}
export declare function isCddlFence(info: string): boolean;
/** Splits CDDL text into rules: a rule starts at column 0 with `name =` (or `/=`, `//=`). */
export declare function splitCddlRules(text: string): CddlRule[];
/** Rule text without comments and with whitespace collapsed, for comparing snippets. */
export declare function normalizeCddl(text: string): string;
export declare function extractCddl(markdown: string, draftFile: string, resolve: ResolveInclude, options?: CddlExtractOptions): CddlExtractResult;
//# sourceMappingURL=cddl.d.ts.map