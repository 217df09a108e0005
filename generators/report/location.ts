/**
 * IR provenance → the SourceLocation a finding shows: the spec file position, and the draft file,
 * line and section the extractor recorded above the definition.
 */
import type { Provenance } from '../common/provenance.ts';
import type { CodeLocation, SourceLocation } from './model.ts';

export function locationOf(p: Provenance): SourceLocation {
  const loc: SourceLocation = { file: p.file, line: p.line, col: p.col };
  if (p.draft) loc.draft = p.version ? `${p.draft}-${p.version}.md` : p.draft;
  if (p.section) loc.section = p.section;
  if (p.draftLine !== undefined) loc.draftLine = p.draftLine;
  return loc;
}

/**
 * `draft.md:123 § 5.2. Title` for a position in a draft; for a spec file extracted from one,
 * `spec/tls/x.tls:40 (draft-x-05.md:123 § 5.2. Title)`, so both the file to open and the draft
 * text it came from are named.
 */
export function formatLocation(loc: SourceLocation): string {
  const here = `${loc.file}:${loc.line}`;
  const section = loc.section ? ` § ${loc.section}` : '';
  if (loc.file.endsWith('.md') || !loc.draft || loc.draftLine === undefined) return `${here}${section}`;
  return `${here} (${loc.draft}:${loc.draftLine}${section})`;
}

/** `packages/content/src/message-id.ts:34 computeMessageId`: where code says it implements a section. */
export function formatCodeLocation(c: CodeLocation): string {
  return `${c.file}:${c.line}${c.symbol ? ` ${c.symbol}` : ''}`;
}
