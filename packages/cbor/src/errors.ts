/**
 * ContentError: the one failure type of the content codecs, with one `kind` per violation, the
 * byte offset and the CBOR path (`mimiContent.nestedPart.parts[1].content`), built while the error
 * unwinds through the generated code, as DecodeError does for TLS.
 */
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
  /** Nesting deeper than ContentLimits.maxDepth (decoding or encoding). */
  | 'depth-limit'
  /** Input larger than ContentLimits.maxInputBytes. */
  | 'size-limit'
  /**
   * The decoded value would take more heap than the input's allocation budget allows
   * (ContentLimits.allocationPerInputByte, allocationBase): too many tiny items.
   */
  | 'allocation-limit'
  | 'internal';

export class ContentError extends Error {
  readonly kind: ContentErrorKind;
  /** Byte offset of the offending data item (-1 for encode errors). */
  readonly offset: number;
  readonly path: string[];
  readonly detail: string;

  constructor(kind: ContentErrorKind, offset: number, detail: string, path: string[] = []) {
    super('');
    this.name = 'ContentError';
    this.kind = kind;
    this.offset = offset;
    this.detail = detail;
    this.path = path;
    this.message = this.describe();
  }

  /** `mimiContent.nestedPart.parts[1].content` */
  get cborPath(): string {
    let out = '';
    for (const seg of this.path) out += seg.startsWith('[') || seg.startsWith('{') || out === '' ? seg : `.${seg}`;
    return out;
  }

  within(segment: string): this {
    if (segment !== '') this.path.unshift(segment);
    this.message = this.describe();
    return this;
  }

  toJSON(): { kind: ContentErrorKind; offset: number; path: string; message: string } {
    return { kind: this.kind, offset: this.offset, path: this.cborPath, message: this.detail };
  }

  private describe(): string {
    const at = this.offset >= 0 ? ` at byte ${this.offset}` : '';
    return `${this.kind}${at}${this.path.length ? ` in ${this.cborPath}` : ''}: ${this.detail}`;
  }
}

/** Re-throws with a path segment prepended; foreign exceptions become `internal` ContentErrors. */
export function rethrowIn(err: unknown, segment: string, offset: number): never {
  if (err instanceof ContentError) throw err.within(segment);
  throw new ContentError('internal', offset, err instanceof Error ? err.message : String(err), segment ? [segment] : []);
}
