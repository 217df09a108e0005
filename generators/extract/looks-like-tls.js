/**
 * Is the content of a bare (`~~~` with no info string) fence TLS presentation language?
 *
 * Drafts put TLS-PL in bare fences now and then (mls-extensions-09: `uint16 ComponentID;`,
 * AppDataUpdate; room-policy-03: its whole appendix), next to HTTP request lines, JSON, ASCII art
 * and formulas. The test is deliberately conservative: at least one TLS-PL declaration, and
 * nothing that is clearly something else.
 */
import { stripTlsComments } from "./split.js";
/**
 * A line that declares a TLS-PL type or value on its own: `uint16 Name;`, `opaque Name<V>;`,
 * `optional<T> x<V>;`. (No two `\s*` in a row where the text between may be empty: on a long run of
 * blanks such a pair backtracks quadratically.)
 */
const SIMPLE_DECL = /^\s*(?:optional\s*<\s*[A-Za-z_]\w*\s*>\s*|optional\s+)?(?:uint8|uint16|uint24|uint32|uint64|opaque|[A-Za-z_]\w*)(?:\s*\[\s*\d+\s*\])?\s+[A-Za-z_]\w*\s*(?:(?:<\s*(?:V|\d+\s*\.\.\s*(?:\d+|2\^\d+(?:\s*-\s*1)?))\s*>|\[\s*\w+\s*\])\s*)?;\s*$/;
/** Constructs only TLS-PL has. */
const BLOCK = /\b(?:struct\s*\{|enum\s*\{|select\s*\()/;
/** Lines that are clearly not TLS-PL. */
const NON_TLS = [
    /^\s*(?:GET|POST|PUT|DELETE|PATCH|HEAD|OPTIONS)\s+\S/, // HTTP request line
    /^\s*HTTP\/\d/, // HTTP status line
    /^\s*"[^"]*"\s*:/, // JSON member
    /^\s*[{[]\s*$/, // JSON / CBOR open on its own line
    /[+|]--|--[+|>]|<--|\+==/, // ASCII-art boxes and arrows (`-{2,}[+|>]` would rescan long runs of dashes)
    /^\s*\|.*\|\s*$/, // table rows / art
    /^\s*(?:def|import|return|for|while|if)\b.*:\s*$/, // python
    /^\s*[A-Z][A-Za-z-]*:\s+\S/, // header-ish `Content-Type: value`
];
export function looksLikeTls(text) {
    const code = stripTlsComments(text);
    const lines = code.split('\n').filter((l) => l.trim() !== '');
    if (lines.length === 0)
        return false;
    const hasBlock = BLOCK.test(code);
    const hasDecl = lines.some((l) => SIMPLE_DECL.test(l));
    if (!hasBlock && !hasDecl)
        return false;
    if (lines.some((l) => NON_TLS.some((re) => re.test(l))))
        return false;
    return true;
}
//# sourceMappingURL=looks-like-tls.js.map