/**
 * What the TLS-PL and CDDL parsers share: a cursor over tokens, the draft position in effect at
 * each token (from the extractor's `source:` comments), and diagnostics with error recovery. A
 * construct that cannot be parsed is abandoned by throwing ABANDON; the subclass catches it where
 * it can resynchronise, and marks the declaration `failed` so its IR is not trusted.
 */
import { parseSourceComment, type DraftSource } from './provenance.ts';
import type { Diagnostic, Severity, TextFix } from './diagnostics.ts';
import type { CoreToken } from './lexer-core.ts';

export const ABANDON = Symbol('abandon');

export type At = { line: number; col: number };

/**
 * Where `target` is seen from `from`, in words: `on this line`, `1 line above`, `3 lines below`.
 * Messages say this instead of a line number because the text parsed is often an extraction made
 * in memory (a draft's TLS-PL), whose line numbers mean nothing to the reader, and because a
 * message must not change when lines are inserted above it (fingerprints hash it).
 */
export function relativeLine(target: { line: number }, from: { line: number }): string {
  const d = from.line - target.line;
  if (d === 0) return 'on this line';
  const n = Math.abs(d);
  return `${n} line${n === 1 ? '' : 's'} ${d > 0 ? 'above' : 'below'}`;
}

export abstract class RecoveringParser<T extends CoreToken> {
  readonly diagnostics: Diagnostic[] = [];
  protected pos = 0;
  /** Set when the construct being parsed has an error that makes its IR untrustworthy. */
  protected failed = false;
  /** The draft position of the construct being parsed. */
  protected draft: DraftSource | undefined;
  /** The draft position in effect at each token (the last source comment before it). */
  protected readonly sources: Array<DraftSource | undefined>;

  constructor(
    protected readonly source: string,
    protected readonly file: string,
    protected readonly tokens: T[],
  ) {
    let current: DraftSource | undefined;
    this.sources = tokens.map((t) => {
      for (const c of t.comments) current = parseSourceComment(c) ?? current;
      return current;
    });
  }

  protected peek(k = 0): T {
    return this.tokens[Math.min(this.pos + k, this.tokens.length - 1)] as T;
  }

  protected next(): T {
    const t = this.peek();
    if (t.kind !== 'eof') this.pos++;
    return t;
  }

  protected previous(): T {
    return this.tokens[Math.max(this.pos - 1, 0)] as T;
  }

  protected report(at: At, severity: Severity, code: string, message: string, hint?: string, fix?: TextFix): void {
    const d: Diagnostic = { file: this.file, line: at.line, col: at.col, severity, code, message };
    if (hint !== undefined) d.hint = hint;
    if (fix !== undefined) d.fix = fix;
    this.diagnostics.push(d);
  }

  protected error(at: At, code: string, message: string, hint?: string, fix?: TextFix): void {
    this.failed = true;
    this.report(at, 'error', code, message, hint, fix);
  }

  protected abandon(at: At, code: string, message: string, hint?: string): never {
    this.error(at, code, message, hint);
    throw ABANDON;
  }
}
