/**
 * Tokeniser for the TLS presentation language.
 *
 * Comments are not tokens, but they are not thrown away either: each token carries the comments
 * that stand between it and the previous token, because two of them carry meaning for mimikit
 * (the extractor's `// source: …` line and the `// @open` pragma). The lexer never fails: a
 * character outside the language becomes an `unknown` token so the parser can report it in
 * context and recover.
 */
const IDENT = /[A-Za-z_][A-Za-z0-9_]*/y;
const NUMBER = /0[xX][0-9a-fA-F]+|[0-9]+/y;
const PUNCTUATION = new Set(['{', '}', '(', ')', '<', '>', '[', ']', ';', ',', ':', '=', '^', '-', '+', '.']);
export function lex(source, file) {
    const tokens = [];
    const diagnostics = [];
    let i = 0;
    let line = 1;
    let col = 1;
    let lineOfLastToken = 0;
    let pending = [];
    // Moves i forward by n characters, keeping line/col in step.
    const advance = (n) => {
        for (let k = 0; k < n && i < source.length; k++) {
            if (source[i] === '\n') {
                line++;
                col = 1;
            }
            else {
                col++;
            }
            i++;
        }
    };
    const push = (kind, length) => {
        const token = {
            kind,
            text: source.slice(i, i + length),
            line,
            col,
            offset: i,
            end: i + length,
            startsLine: line !== lineOfLastToken,
            comments: pending,
        };
        tokens.push(token);
        pending = [];
        lineOfLastToken = line;
        advance(length);
    };
    while (i < source.length) {
        const c = source[i];
        const next = source[i + 1];
        if (/\s/.test(c)) {
            advance(1);
            continue;
        }
        if (c === '/' && next === '/') {
            const stop = source.indexOf('\n', i);
            const endOfLine = stop === -1 ? source.length : stop;
            pending.push({ text: source.slice(i + 2, endOfLine).trim(), line, col });
            advance(endOfLine - i);
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
                pending.push({ text: source.slice(i + 2).trim(), line, col });
                advance(source.length - i);
                break;
            }
            pending.push({ text: source.slice(i + 2, close).trim(), line, col });
            advance(close + 2 - i);
            continue;
        }
        IDENT.lastIndex = i;
        const ident = IDENT.exec(source);
        if (ident) {
            push('ident', ident[0].length);
            continue;
        }
        NUMBER.lastIndex = i;
        const number = NUMBER.exec(source);
        if (number) {
            push('number', number[0].length);
            continue;
        }
        if (c === '.' && next === '.') {
            push('punct', 2);
            continue;
        }
        if (PUNCTUATION.has(c)) {
            push('punct', 1);
            continue;
        }
        // A stray `*/` is a common drafting slip (a comment "closed" twice); keep it as one token so
        // the diagnostic can name it.
        push('unknown', c === '*' && next === '/' ? 2 : 1);
    }
    tokens.push({
        kind: 'eof',
        text: '',
        line,
        col,
        offset: source.length,
        end: source.length,
        startsLine: true,
        comments: pending,
    });
    return { tokens, diagnostics };
}
//# sourceMappingURL=lexer.js.map