import { type Diagnostic } from '../common/diagnostics.ts';
import { type Erratum } from './errata.ts';
import { type Fence } from './markdown.ts';
export declare const GENERATOR = "mimikit extract";
/** `parseTls` from generators/tls/parse/parser.ts, when available: a second opinion on bare fences. */
export type ParseTlsFn = (text: string, file: string) => {
    spec: {
        declarations: unknown[];
    };
    diagnostics: Diagnostic[];
};
export interface ExtractOptions {
    /** Repo-relative errata file path, named in the header. */
    errataFile?: string;
    parseTls?: ParseTlsFn;
}
export interface ExtractedDefinition {
    name: string;
    /** 1-based draft line of the declaration's first token. */
    line: number;
    section: string;
    text: string;
    errata: string[];
}
export interface ExtractResult {
    tls: string;
    diagnostics: Diagnostic[];
    /** Ids of the errata applied, in file order. */
    applied: string[];
    definitions: ExtractedDefinition[];
}
export declare function sha256(text: string): string;
/** Should this fence be read as TLS-PL? */
export declare function isTlsFence(info: string, content: string, parseTls?: ParseTlsFn): boolean;
export declare function extractTls(markdown: string, draftFile: string, errata: readonly Erratum[], options?: ExtractOptions): ExtractResult;
export type { Fence };
//# sourceMappingURL=extract.d.ts.map