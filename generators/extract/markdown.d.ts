/**
 * A small scanner for kramdown-rfc and mmark draft sources: finds fenced code blocks, mmark code
 * includes (`<{{file}}`) and headings (with computed section numbers), skipping YAML/TOML front
 * matter and HTML comments.
 *
 * kramdown-rfc headings carry no numbers in the source, so numbers are computed the way xml2rfc
 * will: `#`-headings of the middle matter are numbered 1, 2, … (nested `##` → 5.3), headings
 * followed by `{:numbered="false"}` are unnumbered, and top-level headings of the back matter
 * (`--- back`, mmark `{backmatter}`) are appendices A, B, …
 */
export interface Fence {
    /** 1-based line of the opening fence. */
    openLine: number;
    /** 1-based line of the closing fence (the last line of the file when the fence is unclosed). */
    closeLine: number;
    /** First word of the info string, lower-cased; '' for a bare fence. */
    info: string;
    /** The content lines; `lines[i]` is draft line `openLine + 1 + i`. */
    lines: string[];
    /** Section enclosing the fence. */
    section: Section | null;
}
export interface Section {
    line: number;
    level: number;
    /** '5.3', 'A.1', or '' when unnumbered. */
    number: string;
    title: string;
}
/** An mmark code include, `<{{path}}` alone on a line (outside fences and HTML comments). */
export interface Include {
    /** 1-based draft line of the include. */
    line: number;
    /** The path as written, e.g. `mimi-content.cddl` or `examples/original.edn`. */
    path: string;
    /** The address after the path (`[1,10]`, `[prefix="…"]`), '' when none. */
    address: string;
    /** Section enclosing the include. */
    section: Section | null;
}
export interface ScannedMarkdown {
    lines: string[];
    fences: Fence[];
    sections: Section[];
    includes: Include[];
}
/** Formats a section for a provenance comment: `5.3. Credentials`, `A. Examples`, `Acknowledgments`. */
export declare function formatSection(section: Section | null): string;
export declare function cleanHeadingTitle(raw: string): string;
/**
 * An ATX heading: its level and title, or null. The same as
 * `/^(#{1,6})[ \t]+(.*?)[ \t]*#*[ \t]*$/` (closing `#`s and blanks dropped), written out because
 * that pattern takes cubic time on a heading with a long run of blanks.
 */
export declare function atxHeading(line: string): {
    level: number;
    title: string;
} | null;
export declare function scanMarkdown(markdown: string): ScannedMarkdown;
//# sourceMappingURL=markdown.d.ts.map