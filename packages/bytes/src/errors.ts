/**
 * CodecError: the one base of mimikit's codec errors (TLS DecodeError and EncodeError, CBOR
 * ContentError, HexError), so that a caller handles, logs and serialises them alike. Each carries
 * a `kind` (one per violation), the byte `offset` where it was detected (-1 when the error is not
 * located in input bytes, as for encoding), the type `path` that led there, and a `detail`.
 *
 * The path is built while the error unwinds: each generated reader or writer records which member
 * it is in and prepends it on the way out, so the successful path pays for no bookkeeping.
 */

/** The kinds every codec reports for its resource limits (see CodecLimits). */
export type LimitErrorKind =
  /** Nesting deeper than CodecLimits.maxDepth. */
  | 'depth-limit'
  /** Input larger than CodecLimits.maxInputBytes. */
  | 'size-limit'
  /**
   * The decoded value would take more heap than the input's allocation budget allows
   * (CodecLimits.allocationPerInputByte, allocationBase): too many tiny elements.
   */
  | 'allocation-limit';

/** The JSON form of every codec error (the CLI prints it; logs can store it). A type, not an interface, so that it is assignable to JSON value types. */
export type CodecErrorJson<K extends string = string> = {
  kind: K;
  /** Byte offset in the top-level input, or -1 when the error is not located in input bytes. */
  offset: number;
  /** The type path as one string: `MLSMessage.welcome.secrets[3].new_member`. */
  path: string;
  /** The detail, without kind, offset and path. */
  message: string;
};

export abstract class CodecError<K extends string = string> extends Error {
  readonly kind: K;
  /** Byte offset in the top-level input where the violation was detected; -1 when not located in bytes. */
  readonly offset: number;
  /** Type path segments, outermost first: ['MLSMessage', 'welcome', 'secrets', '[3]', 'new_member']. */
  readonly path: string[];
  readonly detail: string;

  protected constructor(name: string, kind: K, offset: number, detail: string, path: string[]) {
    super('');
    this.name = name;
    this.kind = kind;
    this.offset = offset;
    this.detail = detail;
    this.path = path;
    // Subclass fields are not initialised yet here, so a subclass that overrides describe() and
    // reads its own fields sets the message again in its constructor.
    this.message = this.describe();
  }

  /**
   * The path as one string: segments joined by dots, except index (`[3]`) and map-key (`{1}`)
   * segments, which attach to the segment before them: `mimiContent.nestedPart.parts[1].content`.
   */
  get typePath(): string {
    let out = '';
    for (const seg of this.path) out += seg.startsWith('[') || seg.startsWith('{') || out === '' ? seg : `.${seg}`;
    return out;
  }

  /** Prepends a path segment while the error unwinds through the generated readers and writers. */
  within(segment: string): this {
    if (segment !== '') this.path.unshift(segment);
    this.message = this.describe();
    return this;
  }

  toJSON(): CodecErrorJson<K> {
    return { kind: this.kind, offset: this.offset, path: this.typePath, message: this.detail };
  }

  /** `truncated at byte 2 in Pair.b: vector of 3 bytes, 2 left`; no `at byte` when offset is -1. */
  protected describe(): string {
    const at = this.offset >= 0 ? ` at byte ${this.offset}` : '';
    return `${this.kind}${at}${this.path.length ? ` in ${this.typePath}` : ''}: ${this.detail}`;
  }
}
