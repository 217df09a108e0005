/**
 * What the TLS-PL and CDDL parsers share: a cursor over tokens, the draft position in effect at
 * each token (from the extractor's `source:` comments), and diagnostics with error recovery. A
 * construct that cannot be parsed is abandoned by throwing ABANDON; the subclass catches it where
 * it can resynchronise, and marks the declaration `failed` so its IR is not trusted.
 */
import { parseSourceComment } from "../tls/parse/source-comment.js";
export const ABANDON = Symbol('abandon');
/**
 * Where `target` is seen from `from`, in words: `on this line`, `1 line above`, `3 lines below`.
 * Messages say this instead of a line number because the text parsed is often an extraction made
 * in memory (a draft's TLS-PL), whose line numbers mean nothing to the reader, and because a
 * message must not change when lines are inserted above it (fingerprints hash it).
 */
export function relativeLine(target, from) {
    const d = from.line - target.line;
    if (d === 0)
        return 'on this line';
    const n = Math.abs(d);
    return `${n} line${n === 1 ? '' : 's'} ${d > 0 ? 'above' : 'below'}`;
}
export class RecoveringParser {
    source;
    file;
    tokens;
    diagnostics = [];
    pos = 0;
    /** Set when the construct being parsed has an error that makes its IR untrustworthy. */
    failed = false;
    /** The draft position of the construct being parsed. */
    draft;
    /** The draft position in effect at each token (the last source comment before it). */
    sources;
    constructor(source, file, tokens) {
        this.source = source;
        this.file = file;
        this.tokens = tokens;
        let current;
        this.sources = tokens.map((t) => {
            for (const c of t.comments)
                current = parseSourceComment(c) ?? current;
            return current;
        });
    }
    peek(k = 0) {
        return this.tokens[Math.min(this.pos + k, this.tokens.length - 1)];
    }
    next() {
        const t = this.peek();
        if (t.kind !== 'eof')
            this.pos++;
        return t;
    }
    previous() {
        return this.tokens[Math.max(this.pos - 1, 0)];
    }
    report(at, severity, code, message, hint) {
        const d = { file: this.file, line: at.line, col: at.col, severity, code, message };
        if (hint !== undefined)
            d.hint = hint;
        this.diagnostics.push(d);
    }
    error(at, code, message, hint) {
        this.failed = true;
        this.report(at, 'error', code, message, hint);
    }
    abandon(at, code, message, hint) {
        this.error(at, code, message, hint);
        throw ABANDON;
    }
}
//# sourceMappingURL=recovering-parser.js.map