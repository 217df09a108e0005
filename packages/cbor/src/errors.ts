/**
 * ContentError: the one failure type of the content codecs, with one `kind` per violation, the
 * byte offset and the CBOR path (`mimiContent.nestedPart.parts[1].content`), built while the error
 * unwinds through the generated code. It extends @mimikit/bytes CodecError, as the TLS DecodeError
 * does: the same fields, message form and JSON shape.
 */
import { CodecError, type LimitErrorKind } from '@mimikit/bytes';

export type ContentErrorKind =
  | 'truncated'
  /** Additional information 28–30 (reserved), or a break byte where a value belongs. */
  | 'malformed'
  /** Indefinite-length strings, arrays and maps are not core deterministic (RFC 8949 §4.2.1). */
  | 'indefinite-length'
  /** An integer, length or tag argument not in its shortest form (RFC 8949 §4.2.1). */
  | 'non-shortest'
  /** A float not in its shortest exact form (RFC 8949 §4.2.1 preferred serialization). */
  | 'non-preferred-float'
  /** A NaN other than f97e00, the one deterministic NaN (RFC 8949 §4.2.2). */
  | 'non-canonical-nan'
  /** Map keys not in bytewise lexicographic order of their encodings. */
  | 'unsorted-keys'
  | 'duplicate-key'
  /** A text string that is not valid UTF-8. */
  | 'invalid-utf8'
  /** A data item of another type than the schema wants (e.g. a tstr where a bstr belongs). */
  | 'wrong-type'
  /** An array with another number of members than the schema allows. */
  | 'wrong-length'
  /** A value outside its schema: .size, ranges, enumerations, literal values. */
  | 'invalid-value'
  /** No alternative of a choice matches. */
  | 'no-matching-choice'
  | 'trailing-bytes'
  /** Past one of ContentLimits (`depth-limit` also on encode), `size-limit`, `allocation-limit`. */
  | LimitErrorKind
  | 'internal';

/** Its offset is -1 for encode errors (not located in input bytes). */
export class ContentError extends CodecError<ContentErrorKind> {
  constructor(kind: ContentErrorKind, offset: number, detail: string, path: string[] = []) {
    super('ContentError', kind, offset, detail, path);
  }
}

/** Re-throws with a path segment prepended; foreign exceptions become `internal` ContentErrors. */
export function rethrowIn(err: unknown, segment: string, offset: number): never {
  if (err instanceof ContentError) throw err.within(segment);
  throw new ContentError('internal', offset, err instanceof Error ? err.message : String(err), segment ? [segment] : []);
}
