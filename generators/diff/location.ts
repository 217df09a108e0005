/**
 * IR provenance → the SourceLocation a finding shows: the spec file position, and the draft file,
 * line and section the extractor recorded above the definition.
 */
import type { Provenance } from '../tls/ir.ts';
import type { SourceLocation } from './model.ts';

export function locationOf(p: Provenance): SourceLocation {
  const loc: SourceLocation = { file: p.file, line: p.line, col: p.col };
  if (p.draft) loc.draft = p.version ? `${p.draft}-${p.version}.md` : p.draft;
  if (p.section) loc.section = p.section;
  if (p.draftLine !== undefined) loc.draftLine = p.draftLine;
  return loc;
}

/** `draft-x-05.md:123 § 5.2. Title`, else `file:line`. */
export function formatLocation(loc: SourceLocation): string {
  const where = loc.draft && loc.draftLine !== undefined ? `${loc.draft}:${loc.draftLine}` : `${loc.file}:${loc.line}`;
  return loc.section ? `${where} § ${loc.section}` : where;
}
