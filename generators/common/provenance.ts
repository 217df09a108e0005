/**
 * Provenance: where a spec definition was written (spec file position) and which draft text it
 * came from (the extractor's `// source: …` / `; source: …` line above it). Shared by the TLS-PL and
 * CDDL IRs, the diff's finding locations and the lint. Also the `@open` pragma, the other comment
 * mimikit gives meaning to.
 */

/** What the two lexers' comments have in common: the body without its comment markers. */
interface CommentText {
  text: string;
}

/** Where a node came from: the spec file (.tls or .cddl) position, and the draft position the extractor recorded. */
export interface Provenance {
  /** Path of the spec file as given to the parser (repo-relative for built-in specs). */
  file: string;
  line: number;
  col: number;
  /** From the `// source: …` comment the extractor writes above each definition. */
  draft?: string;
  version?: string;
  section?: string;
  draftLine?: number;
}

/** Draft position recorded by the extractor, applied to every declaration that follows it. */
export interface DraftSource {
  draft: string;
  version?: string;
  draftLine: number;
  section?: string;
}

// `source: draft-ietf-mls-protocol-20.md:1634 § 5.3. Credentials`
const SOURCE = /^source:\s*(\S+?)(?:\.md)?:(\d+)(?:\s+§\s*(.*?))?\s*$/;
// `draft-ietf-mls-protocol-20` → name and version; `rfc9420` has no version.
const VERSIONED = /^(.+)-(\d+)$/;

export function parseSourceComment(comment: CommentText): DraftSource | undefined {
  const m = SOURCE.exec(comment.text);
  if (!m) return undefined;
  const [, document = '', line = '', section] = m;
  const versioned = VERSIONED.exec(document);
  const source: DraftSource = { draft: versioned?.[1] ?? document, draftLine: Number(line) };
  if (versioned?.[2] !== undefined) source.version = versioned[2];
  if (section) source.section = section;
  return source;
}

/** `// @open` or `/* @open *\/`: the enum that follows accepts values it does not list. */
export function isOpenPragma(comment: CommentText): boolean {
  return /^@open\b/.test(comment.text);
}
