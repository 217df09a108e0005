/**
 * What the TLS-PL and CDDL lexers share: a cursor over the source that keeps the 1-based line and
 * column in step with the offset, collects the comments met since the last token (each token
 * carries them: the extractor's `source:` lines and the `@open` pragma live in comments), marks
 * the first token of a line (error recovery resynchronises there), and ends the token list with
 * an `eof` token that holds the trailing comments. Each lexer decides what a token is.
 */

/** A comment as both lexers record it. */
export interface LexedComment {
  /** The comment's body without its markers, trimmed. */
  text: string;
  line: number;
  col: number;
}

/** The fields of every token of both lexers. */
export interface CoreToken<C extends LexedComment = LexedComment> {
  kind: string;
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
  comments: C[];
}

/** A lexer's own token fields beyond the core ones (CDDL's decoded `value`, for instance). */
type ExtraFields<T extends CoreToken> = Omit<T, keyof CoreToken>;

export class LexCursor<T extends CoreToken> {
  /** Offset of the next character. */
  i = 0;
  line = 1;
  col = 1;
  private lineOfLastToken = 0;
  private pending: T['comments'] = [];
  private readonly tokens: T[] = [];

  constructor(readonly source: string) {}

  get done(): boolean {
    return this.i >= this.source.length;
  }

  /** Moves forward by n characters, keeping line and column in step. */
  advance(n: number): void {
    for (let k = 0; k < n && this.i < this.source.length; k++) {
      if (this.source[this.i] === '\n') {
        this.line++;
        this.col = 1;
      } else {
        this.col++;
      }
      this.i++;
    }
  }

  /** A comment that the next token will carry. */
  comment(c: T['comments'][number]): void {
    this.pending.push(c);
  }

  /** The next `length` characters as a token of this kind; moves past them. */
  push(kind: T['kind'], length: number, extra?: ExtraFields<T>): void {
    const core: CoreToken = {
      kind,
      text: this.source.slice(this.i, this.i + length),
      line: this.line,
      col: this.col,
      offset: this.i,
      end: this.i + length,
      startsLine: this.line !== this.lineOfLastToken,
      comments: this.pending,
    };
    this.tokens.push({ ...core, ...extra } as T);
    this.pending = [];
    this.lineOfLastToken = this.line;
    this.advance(length);
  }

  /** Offset of the end of the line that `from` is on (the `\n`, or the end of the source). */
  endOfLine(from: number = this.i): number {
    const stop = this.source.indexOf('\n', from);
    return stop === -1 ? this.source.length : stop;
  }

  /** The tokens, ended by `eof` (which carries the comments after the last token). */
  finish(): T[] {
    const end = this.source.length;
    this.tokens.push({ kind: 'eof', text: '', line: this.line, col: this.col, offset: end, end, startsLine: true, comments: this.pending } as CoreToken as T);
    return this.tokens;
  }
}
