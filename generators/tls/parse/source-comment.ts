/**
 * The comments mimikit gives meaning to: the extractor's provenance line and the `@open` pragma.
 */

import type { Comment } from './lexer.ts';

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

export function parseSourceComment(comment: Comment): DraftSource | undefined {
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
export function isOpenPragma(comment: Comment): boolean {
  return /^@open\b/.test(comment.text);
}
