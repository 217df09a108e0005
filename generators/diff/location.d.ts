/**
 * IR provenance → the SourceLocation a finding shows: the spec file position, and the draft file,
 * line and section the extractor recorded above the definition.
 */
import type { Provenance } from '../tls/ir.ts';
import type { SourceLocation } from './model.ts';
export declare function locationOf(p: Provenance): SourceLocation;
/**
 * `draft.md:123 § 5.2. Title` for a position in a draft; for a spec file extracted from one,
 * `spec/tls/x.tls:40 (draft-x-05.md:123 § 5.2. Title)`, so both the file to open and the draft
 * text it came from are named.
 */
export declare function formatLocation(loc: SourceLocation): string;
//# sourceMappingURL=location.d.ts.map