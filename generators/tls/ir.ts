/**
 * The TLS presentation-language IR: what a spec file *means*, independent of how the draft wrote it.
 *
 * Produced by the parser (syntax → IR) and completed by the resolve passes (names → declarations,
 * select paths → discriminators). Consumed by the code generator, the codec CLI and, later, the diff
 * tool, which compares two IRs. Every node is plain JSON (no bigint, no Map, no cycles), so an IR
 * serialises with JSON.stringify and compares with a deep-equal. Documented in docs/ir.md; bump
 * IR_VERSION on any incompatible change.
 */

export const IR_VERSION = 1;

export type { Provenance } from '../common/provenance.ts';
import type { Provenance } from '../common/provenance.ts';

/** One spec file (one draft's TLS-PL) as a list of declarations in source order. */
export interface TlsSpec {
  irVersion: typeof IR_VERSION;
  /** Spec name, e.g. `draft-ietf-mls-protocol` or the file's base name. */
  name: string;
  declarations: Declaration[];
}

export type Declaration = StructDecl | EnumDecl | AliasDecl;

/** `struct { … } Name;` */
export interface StructDecl {
  kind: 'struct';
  name: string;
  members: Member[];
  /** The definition's TLS-PL text as it stands in the .tls file (shown above the generated type). */
  text: string;
  provenance: Provenance;
}

/**
 * `enum { a(0), b(1), (255) } Name;`, or an enum whose values come from an IANA registry
 * (see `registry`). Values are JSON numbers: TLS-PL enums are at most 4 bytes wide in practice;
 * wider ones are rejected by the parser.
 */
export interface EnumDecl {
  kind: 'enum';
  name: string;
  /** Wire width in bytes, from the declared maximum `(255)` → 1, `(65535)` → 2, … */
  width: 1 | 2 | 4;
  /** The declared maximum value, e.g. 255. */
  max: number;
  values: EnumValue[];
  /**
   * Closed: a decoder rejects any value not listed. Open: unknown values decode to their number
   * (IANA-registry types such as ExtensionType, where GREASE and private-use values are legal).
   */
  open: boolean;
  text: string;
  provenance: Provenance;
}

export interface EnumValue {
  name: string;
  value: number;
  provenance: Provenance;
}

/**
 * `uint16 CredentialType;`, `opaque HashReference<V>;`, `HashReference KeyPackageRef;`:
 * a new name for a type. `declares: 'value'` marks the drafts' typed-variable declarations
 * (`optional<Node> ratchet_tree<V>;`, `ExternalSender external_senders<V>;`), whose lower-case name
 * is the name of an extension or component payload rather than a type name.
 */
export interface AliasDecl {
  kind: 'alias';
  name: string;
  declares: 'type' | 'value';
  type: TypeRef;
  text: string;
  provenance: Provenance;
}

export type Member = Field | Select;

/** `Type name;` with its vector/array/optional decoration folded into `type`. */
export interface Field {
  kind: 'field';
  /**
   * Field name. For an anonymous select arm (`case add: Add;`) the parser names the field after
   * the case label (`add`) and sets `anonymous`.
   */
  name: string;
  type: TypeRef;
  /** `ProtocolVersion version = mls10;`: the only value allowed on the wire (a value name or number). */
  fixedValue?: string | number;
  anonymous?: boolean;
  provenance: Provenance;
}

/** `select (Path.to.discriminator) { case a: …; case b, c: …; default: …; }` */
export interface Select {
  kind: 'select';
  discriminator: Discriminator;
  arms: SelectArm[];
  provenance: Provenance;
}

/**
 * The select's discriminator as written (`path`) and as resolved.
 *
 * - `own`: the first segment names a field of this struct that precedes the select
 *   (`Sender.sender_type`, `sender_type`, `content.sender.sender_type` through nested fields).
 * - `context`: the value lives outside the struct (`PrivateMessage.content_type` inside
 *   PrivateMessageContent, `room.protocol`); encoders and decoders of the struct take it as a
 *   context parameter named by `contextName`, and a containing struct supplies it when it can.
 */
export interface Discriminator {
  /** As written, split on dots: `['FramedContentTBS','content','sender','sender_type']`. */
  path: string[];
  /** Filled by the resolve pass. */
  resolved?: ResolvedDiscriminator;
}

export type ResolvedDiscriminator =
  | { scope: 'own'; fieldPath: string[]; enumName: string | null }
  | { scope: 'context'; contextName: string; enumName: string | null };

export interface SelectArm {
  /** Case labels (enum value names or integer literals); empty for `default:`. */
  cases: Array<string | number>;
  isDefault: boolean;
  members: Member[];
  provenance: Provenance;
}

export type TypeRef =
  | { kind: 'uint'; bits: 8 | 16 | 32 | 64 }
  /** `opaque`: one uninterpreted byte (vectors and arrays of it are byte strings). */
  | { kind: 'opaque' }
  | { kind: 'named'; name: string }
  /** `T name<V>` (RFC 9420 varint length) or `T name<min..max>` (RFC 8446 fixed-width length). */
  | { kind: 'vector'; element: TypeRef; length: LengthEncoding }
  /** `T name[n]` / `T[n] name`: exactly n bytes on the wire (RFC 8446 §3.4). */
  | { kind: 'array'; element: TypeRef; byteLength: number }
  /** `optional<T>` / `optional T`: presence octet 0 or 1, then T. */
  | { kind: 'optional'; element: TypeRef }
  /** Inline anonymous `struct { … }` (an empty one is `struct {}`). */
  | { kind: 'struct'; members: Member[] }
  /** `opaque padding[length_of_padding];`: zero bytes up to the end of the input. */
  | { kind: 'padding' };

export type LengthEncoding =
  | { kind: 'varint' }
  /** Length prefix of `width` bytes; min and max are byte counts as declared. */
  | { kind: 'fixed'; width: 1 | 2 | 3 | 4; min: number; max: number };
