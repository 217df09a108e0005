/**
 * What the TLS-PL and CDDL parsers share: a cursor over tokens, the draft position in effect at
 * each token (from the extractor's `source:` comments), and diagnostics with error recovery. A
 * construct that cannot be parsed is abandoned by throwing ABANDON; the subclass catches it where
 * it can resynchronise, and marks the declaration `failed` so its IR is not trusted.
 */
import { type DraftSource } from '../tls/parse/source-comment.ts';
import type { Diagnostic, Severity } from './diagnostics.ts';
export declare const ABANDON: unique symbol;
/** The fields both lexers' tokens have. */
export interface PositionedToken {
    kind: string;
    text: string;
    line: number;
    col: number;
    offset: number;
    end: number;
    comments: Array<{
        text: string;
        line: number;
        col: number;
    }>;
}
export type At = {
    line: number;
    col: number;
};
/**
 * Where `target` is seen from `from`, in words: `on this line`, `1 line above`, `3 lines below`.
 * Messages say this instead of a line number because the text parsed is often an extraction made
 * in memory (a draft's TLS-PL), whose line numbers mean nothing to the reader, and because a
 * message must not change when lines are inserted above it (fingerprints hash it).
 */
export declare function relativeLine(target: {
    line: number;
}, from: {
    line: number;
}): string;
export declare abstract class RecoveringParser<T extends PositionedToken> {
    protected readonly source: string;
    protected readonly file: string;
    protected readonly tokens: T[];
    readonly diagnostics: Diagnostic[];
    protected pos: number;
    /** Set when the construct being parsed has an error that makes its IR untrustworthy. */
    protected failed: boolean;
    /** The draft position of the construct being parsed. */
    protected draft: DraftSource | undefined;
    /** The draft position in effect at each token (the last source comment before it). */
    protected readonly sources: Array<DraftSource | undefined>;
    constructor(source: string, file: string, tokens: T[]);
    protected peek(k?: number): T;
    protected next(): T;
    protected previous(): T;
    protected report(at: At, severity: Severity, code: string, message: string, hint?: string): void;
    protected error(at: At, code: string, message: string, hint?: string): void;
    protected abandon(at: At, code: string, message: string, hint?: string): never;
}
//# sourceMappingURL=recovering-parser.d.ts.map