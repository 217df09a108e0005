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
import { LexCursor, type CoreToken, type LexedComment } from '../../common/lexer-core.ts';

export type TokenKind = 'ident' | 'number' | 'punct' | 'unknown' | 'eof';

/** A `//` or `/* *\/` comment (`text` without its markers). */
export type Comment = LexedComment;

export interface Token extends CoreToken<Comment> {
  kind: TokenKind;
}

const IDENT = /[A-Za-z_][A-Za-z0-9_]*/y;
const NUMBER = /0[xX][0-9a-fA-F]+|[0-9]+/y;
const PUNCTUATION = new Set(['{', '}', '(', ')', '<', '>', '[', ']', ';', ',', ':', '=', '^', '-', '+', '.']);

export function lex(source: string, file: string): { tokens: Token[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const cur = new LexCursor<Token>(source);

  while (!cur.done) {
    const { i, line, col } = cur;
    const c = source[i] as string;
    const next = source[i + 1];

    if (/\s/.test(c)) {
      cur.advance(1);
      continue;
    }

    if (c === '/' && next === '/') {
      const endOfLine = cur.endOfLine();
      cur.comment({ text: source.slice(i + 2, endOfLine).trim(), line, col });
      cur.advance(endOfLine - i);
      continue;
    }

    if (c === '/' && next === '*') {
      const close = source.indexOf('*/', i + 2);
      if (close === -1) {
        diagnostics.push({
          file,
          line,
          col,
          severity: 'error',
          code: 'unterminated-comment',
          message: "unterminated block comment: '/*' has no matching '*/'",
          hint: "close the comment with '*/'",
        });
        cur.comment({ text: source.slice(i + 2).trim(), line, col });
        cur.advance(source.length - i);
        break;
      }
      cur.comment({ text: source.slice(i + 2, close).trim(), line, col });
      cur.advance(close + 2 - i);
      continue;
    }

    IDENT.lastIndex = i;
    const ident = IDENT.exec(source);
    if (ident) {
      cur.push('ident', ident[0].length);
      continue;
    }

    NUMBER.lastIndex = i;
    const number = NUMBER.exec(source);
    if (number) {
      cur.push('number', number[0].length);
      continue;
    }

    if (c === '.' && next === '.') {
      cur.push('punct', 2);
      continue;
    }

    if (PUNCTUATION.has(c)) {
      cur.push('punct', 1);
      continue;
    }

    // A stray `*/` is a common drafting slip (a comment "closed" twice); keep it as one token so
    // the diagnostic can name it.
    cur.push('unknown', c === '*' && next === '/' ? 2 : 1);
  }

  return { tokens: cur.finish(), diagnostics };
}
