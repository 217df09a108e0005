/**
 * Where a line of an extraction made in memory (a draft's TLS-PL or CDDL, as `mimi spec extract`
 * would write it) stands in the files the user has: the extractor starts each definition with a
 * `// source: draft.md:LINE § …` (or `; source: …`) comment and keeps the definition's line
 * structure, so line L after the comment at line C is draft line LINE + (L - C - 1). A CDDL
 * include (`… (include x.cddl)`) copies the whole file after its comment, so there L is line
 * L - C of the included file.
 */
export interface FilePosition {
    file: string;
    line: number;
}
export declare class ExtractedLines {
    private readonly draft;
    private readonly includePath;
    /** Per extracted line (0-based): the comment line above it and what it points at. */
    private readonly anchors;
    /**
     * @param draft the draft as the user named it
     * @param includePath an include's file as the user can open it (null: not found)
     */
    constructor(text: string, draft: string, includePath?: (include: string) => string | null);
    /** The position of extracted line `line` (1-based); null before the first source comment. */
    at(line: number): FilePosition | null;
    /**
     * Rewrites, in place, every `provenance` object under `node` whose file is `extractedFile`
     * (parser output: IR nodes carry `{ file, line, col, … }`), so later passes, lint checks and
     * diff findings all point into the draft or the included file.
     */
    relocate(node: unknown, extractedFile: string): void;
    /** A diagnostic on the extracted text, placed the same way. */
    place<D extends {
        file: string;
        line: number;
    }>(d: D, extractedFile: string): D;
}
//# sourceMappingURL=extracted-lines.d.ts.map