/**
 * Where a line of an extraction made in memory (a draft's TLS-PL or CDDL, as `mimi spec extract`
 * would write it) stands in the files the user has: the extractor starts each definition with a
 * `// source: draft.md:LINE § …` (or `; source: …`) comment and keeps the definition's line
 * structure, so line L after the comment at line C is draft line LINE + (L - C - 1) (the
 * extractor's `erratum` and `note` comments right below it count as part of C). A CDDL
 * include (`… (include x.cddl)`) copies the whole file after its comment, so there L is line
 * L - C of the included file.
 */
export interface FilePosition {
  file: string;
  line: number;
}

const SOURCE = /^(?:\/\/|;) source: \S+?:(\d+)(.*)$/;
const INCLUDE = /\(include (\S+?)\)\s*$/;
const ANNOTATION = /^(?:\/\/|;) (?:erratum |note: )/;

export class ExtractedLines {
  /** Per extracted line (0-based): the comment line above it and what it points at. */
  private readonly anchors: Array<{ at: number; line: number; include: string | null } | undefined>;

  /**
   * @param draft the draft as the user named it
   * @param includePath an include's file as the user can open it (null: not found)
   */
  constructor(
    text: string,
    private readonly draft: string,
    private readonly includePath: (include: string) => string | null = () => null,
  ) {
    let current: { at: number; line: number; include: string | null } | undefined;
    this.anchors = text.split('\n').map((l, i) => {
      const m = SOURCE.exec(l);
      if (m) current = { at: i + 1, line: Number(m[1]), include: INCLUDE.exec(m[2]!)?.[1] ?? null };
      // The extractor's own notes right below it (`// erratum id: reason`) are no line of the draft.
      else if (current?.at === i && ANNOTATION.test(l)) current = { ...current, at: i + 1 };
      return current;
    });
  }

  /** The position of extracted line `line` (1-based); null before the first source comment. */
  at(line: number): FilePosition | null {
    const a = this.anchors[Math.min(line, this.anchors.length) - 1];
    if (!a) return null;
    if (a.include !== null) {
      const file = this.includePath(a.include);
      if (file !== null) return { file, line: line - a.at };
    }
    return { file: this.draft, line: a.line + (line - a.at - 1) };
  }

  /**
   * Rewrites, in place, every `provenance` object under `node` whose file is `extractedFile`
   * (parser output: IR nodes carry `{ file, line, col, … }`), so later passes, lint checks and
   * diff findings all point into the draft or the included file.
   */
  relocate(node: unknown, extractedFile: string): void {
    const seen = new Set<object>();
    const walk = (x: unknown): void => {
      if (!x || typeof x !== 'object' || seen.has(x)) return;
      seen.add(x);
      if (Array.isArray(x)) {
        for (const v of x) walk(v);
        return;
      }
      const o = x as Record<string, unknown>;
      const p = o.provenance as { file?: unknown; line?: unknown } | undefined;
      if (p && p.file === extractedFile && typeof p.line === 'number') {
        const to = this.at(p.line);
        if (to) {
          p.file = to.file;
          p.line = to.line;
        }
      }
      for (const [k, v] of Object.entries(o)) if (k !== 'provenance') walk(v);
    };
    walk(node);
  }

  /** A diagnostic on the extracted text, placed the same way. */
  place<D extends { file: string; line: number }>(d: D, extractedFile: string): D {
    if (d.file !== extractedFile) return d;
    const to = this.at(d.line);
    return to ? { ...d, file: to.file, line: to.line } : d;
  }
}
