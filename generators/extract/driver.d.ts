import type { Diagnostic } from '../common/diagnostics.ts';
import { type Erratum } from './errata.ts';
import { type ParseTlsFn } from './extract.ts';
import { type ContentOutcome } from './content.ts';
export declare const MANIFEST = "spec/drafts/drafts.json";
export interface DraftEntry {
    /** File name in spec/drafts/, e.g. `draft-ietf-mls-protocol-20.md`. */
    file: string;
    /** Output name, e.g. `draft-ietf-mls-protocol` (→ spec/tls/draft-ietf-mls-protocol.tls). */
    name: string;
    /** Two-digit version from the file name, e.g. `20`. */
    version: string;
    /** What the draft produces; `['tls']` for the plain string / null form. */
    outputs: DraftOutput[];
    /** Repo-relative folder of the cddl and examples outputs. */
    outDir: string;
    /** .cddl files shipped with the draft but not included by its text. */
    shipped: ShippedEntry[];
}
export type DraftOutput = 'tls' | 'cddl' | 'examples';
export interface ShippedEntry {
    file: string;
    /** A draft file in spec/drafts/ that included `file`. */
    includedBy?: string;
    note?: string;
}
export interface DraftOutcome extends DraftEntry {
    /** Repo-relative paths. */
    draftPath: string;
    errataPath: string | null;
    tlsPath: string;
    tls: string;
    applied: string[];
    /** True when the file on disk differs from the fresh extraction (before writing). */
    changed: boolean;
}
export interface ExtractAllResult {
    /** TLS outputs. */
    drafts: DraftOutcome[];
    /** CDDL and example outputs. */
    content: ContentOutcome[];
    diagnostics: Diagnostic[];
}
export interface ExtractAllOptions {
    /** Restrict to these drafts: file names (`…-20.md`) or draft names (`draft-ietf-mls-protocol`). */
    only?: readonly string[];
    /** Write changed files (default true). With false, only report what would change. */
    write?: boolean;
    /** Override the optional parser lookup (tests). `null` disables it. */
    parseTls?: ParseTlsFn | null;
}
/** `draft-ietf-mls-protocol-20.md` → name `draft-ietf-mls-protocol`, version `20`. */
export declare function parseDraftFileName(file: string): {
    name: string;
    version: string;
} | null;
export declare function readManifest(repoRoot: string): {
    entries: DraftEntry[];
    diagnostics: Diagnostic[];
};
/** Loads generators/tls/parse/parser.ts when it exists (it is optional for the extractor). */
export declare function loadParseTls(): Promise<ParseTlsFn | undefined>;
export declare function loadErrata(repoRoot: string, entry: DraftEntry): {
    path: string | null;
    errata: Erratum[];
    diagnostics: Diagnostic[];
};
export declare function extractAll(repoRoot: string, options?: ExtractAllOptions): Promise<ExtractAllResult>;
//# sourceMappingURL=driver.d.ts.map