/**
 * Tokeniser for the TLS presentation language.
 *
 * Comments are not tokens, but they are not thrown away either: each token carries the comments
 * that stand between it and the previous token, because two of them carry meaning for mimikit
 * (the extractor's `// source: …` line and the `// @open` pragma). The lexer never fails: a
 * character outside the language becomes an `unknown` token so the parser can report it in
 * context and recover.
 */
import type { Diagnostic } from '../../common/diagnostics.ts';
export type TokenKind = 'ident' | 'number' | 'punct' | 'unknown' | 'eof';
export interface Comment {
    /** The comment's body without `//`, `/*`, `*\/`, trimmed. */
    text: string;
    line: number;
    col: number;
}
export interface Token {
    kind: TokenKind;
    text: string;
    /** 1-based line and column (UTF-16 code units) of the first character. */
    line: number;
    col: number;
    /** Offsets into the source: `source.slice(offset, end) === text`. */
    offset: number;
    end: number;
    /** No other token precedes this one on its line (drives error recovery heuristics). */
    startsLine: boolean;
    /** Comments between the previous token and this one, in source order. */
    comments: Comment[];
}
export declare function lex(source: string, file: string): {
    tokens: Token[];
    diagnostics: Diagnostic[];
};
//# sourceMappingURL=lexer.d.ts.map