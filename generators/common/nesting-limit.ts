/**
 * How deeply a recursive-descent parser has nested, with a limit: the TLS-PL and CDDL parsers
 * recurse once per bracket or nested construct, so without a limit deeply nested input overflows
 * the call stack (and so would every later pass that recurses over the IR).
 */
export class NestingLimit {
  private depth = 0;

  constructor(private readonly max: number) {}

  /**
   * Runs `parse` one level deeper, for a construct opened by `opener` (not yet consumed). Past the
   * limit, `refuse` is called with the message to report instead; it must not return (the parsers
   * abandon the construct at its opener, so their recovery skips it whole).
   */
  within<T>(opener: string, refuse: (message: string) => never, parse: () => T): T {
    if (this.depth >= this.max) refuse(`'${opener}' opens nesting level ${this.depth + 1}; at most ${this.max} levels are allowed`);
    this.depth++;
    try {
      return parse();
    } finally {
      this.depth--;
    }
  }
}
