const SOURCE = /^(?:\/\/|;) source: \S+?:(\d+)(.*)$/;
const INCLUDE = /\(include (\S+?)\)\s*$/;
export class ExtractedLines {
    draft;
    includePath;
    /** Per extracted line (0-based): the comment line above it and what it points at. */
    anchors;
    /**
     * @param draft the draft as the user named it
     * @param includePath an include's file as the user can open it (null: not found)
     */
    constructor(text, draft, includePath = () => null) {
        this.draft = draft;
        this.includePath = includePath;
        let current;
        this.anchors = text.split('\n').map((l, i) => {
            const m = SOURCE.exec(l);
            if (m)
                current = { at: i + 1, line: Number(m[1]), include: INCLUDE.exec(m[2])?.[1] ?? null };
            return current;
        });
    }
    /** The position of extracted line `line` (1-based); null before the first source comment. */
    at(line) {
        const a = this.anchors[Math.min(line, this.anchors.length) - 1];
        if (!a)
            return null;
        if (a.include !== null) {
            const file = this.includePath(a.include);
            if (file !== null)
                return { file, line: line - a.at };
        }
        return { file: this.draft, line: a.line + (line - a.at - 1) };
    }
    /**
     * Rewrites, in place, every `provenance` object under `node` whose file is `extractedFile`
     * (parser output: IR nodes carry `{ file, line, col, … }`), so later passes, lint checks and
     * diff findings all point into the draft or the included file.
     */
    relocate(node, extractedFile) {
        const seen = new Set();
        const walk = (x) => {
            if (!x || typeof x !== 'object' || seen.has(x))
                return;
            seen.add(x);
            if (Array.isArray(x)) {
                for (const v of x)
                    walk(v);
                return;
            }
            const o = x;
            const p = o['provenance'];
            if (p && p.file === extractedFile && typeof p.line === 'number') {
                const to = this.at(p.line);
                if (to) {
                    p.file = to.file;
                    p.line = to.line;
                }
            }
            for (const [k, v] of Object.entries(o))
                if (k !== 'provenance')
                    walk(v);
        };
        walk(node);
    }
    /** A diagnostic on the extracted text, placed the same way. */
    place(d, extractedFile) {
        if (d.file !== extractedFile)
            return d;
        const to = this.at(d.line);
        return to ? { ...d, file: to.file, line: to.line } : d;
    }
}
//# sourceMappingURL=extracted-lines.js.map