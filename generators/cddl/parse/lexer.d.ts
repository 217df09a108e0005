/**
 * Tokeniser for CDDL (RFC 8610 Appendix B, with the RFC 9682 string escapes).
 *
 * Comments (`;` to end of line) are not tokens, but each token carries the comments between it and
 * the previous token, so the parser can include a rule's trailing comment in its text and pick up
 * the extractor's `; source: …` provenance lines. The lexer never fails: a character outside the
 * language becomes an `unknown` token, and a malformed literal becomes a token marked `invalid`
 * (after a diagnostic), so the parser can report in context and recover.
 *
 * Literals are decoded here: text strings carry their value, byte strings their bytes as lowercase
 * hex. Numbers are left as written; the parser converts them (and reports bad ones in context).
 */
import type { Diagnostic } from '../../common/diagnostics.ts';
export type TokenKind = 
/** A name: `uint`, `encoded-cbor`, `$socket`, `$$group-socket`. */
'ident'
/** Anything number-like as written: `12`, `-1`, `0x1F`, `0b101`, `1.5e3`, also malformed `007`, `12ab`. */
 | 'number'
/** `"…"`; `value` is the decoded text. */
 | 'text'
/** `'…'`, `h'…'`, `b64'…'`; `value` is the bytes as lowercase hex. */
 | 'bytes'
/** `#`, `#6`, `#6.1001`, `#0.5`: major type and optional argument. */
 | 'hash'
/** `.size`, `.default`, …: a control operator (`text` includes the dot). */
 | 'control' | 'punct' | 'unknown' | 'eof';
export interface Comment {
    /** The comment's body without `;`, trimmed. */
    text: string;
    line: number;
    col: number;
    /** Offsets into the source of the whole comment, `;` included. */
    offset: number;
    end: number;
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
    /** No other token precedes this one on its line. */
    startsLine: boolean;
    /** Comments between the previous token and this one, in source order. */
    comments: Comment[];
    /** Decoded text (`text` tokens) or lowercase hex (`bytes` tokens). */
    value?: string;
    /** The lexer already reported this token as malformed. */
    invalid?: boolean;
}
export declare function lex(source: string, file: string): {
    tokens: Token[];
    diagnostics: Diagnostic[];
};
//# sourceMappingURL=lexer.d.ts.map