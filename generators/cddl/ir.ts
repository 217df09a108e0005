/**
 * The CDDL IR (RFC 8610): what a .cddl file says, as plain JSON, produced by the parser in parse/
 * and read by the content generator and (later) the diff tool. Documented in docs/cddl.md.
 * Every node is JSON-serialisable (bigints never appear: integer literals beyond 2^53 are kept as
 * decimal strings in `IntValue.big`), so two IRs compare with a deep-equal.
 */
import type { Provenance } from '../common/provenance.ts';

export const CDDL_IR_VERSION = 1;

export type { Provenance };

export interface CddlSpec {
  irVersion: typeof CDDL_IR_VERSION;
  /** Spec name: the file's base name without `.cddl`. */
  name: string;
  rules: Rule[];
}

/**
 * `name = type`, `name = (group)`, `name /= type` (type choice added to a socket or rule),
 * `name //= group` (group choice added). `kind` says whether the right side is a type or a group:
 * the parser decides `name = ( … )` is a group when the parentheses hold a member key, a comma, an
 * occurrence indicator or `//`, and a (parenthesised) type otherwise.
 */
export type Rule = TypeRule | GroupRule;

export interface TypeRule {
  kind: 'type';
  name: string;
  /** Generic parameters `name<a, b>`, if any. */
  params?: string[];
  assign: '=' | '/=';
  type: Type;
  /** The rule's CDDL text as written (shown above the generated code). */
  text: string;
  provenance: Provenance;
}

export interface GroupRule {
  kind: 'group';
  name: string;
  params?: string[];
  assign: '=' | '//=';
  group: Group;
  text: string;
  provenance: Provenance;
}

/** `a / b / c`: one or more alternatives (a single-alternative choice is just that type). */
export interface Type {
  options: Type1[];
}

/** One alternative: a Type2, optionally with a range (`a..b`, `a...b`) or a control (`.size 4`). */
export interface Type1 {
  base: Type2;
  range?: { inclusive: boolean; to: Type2 };
  control?: { name: string; arg: Type2 };
  provenance: Provenance;
}

export type Value =
  | { kind: 'int'; value: number; big?: string }
  | { kind: 'float'; value: number }
  | { kind: 'text'; value: string }
  /** `h'0102'`, `'text as bytes'`, `b64'…'`: the bytes as lowercase hex. */
  | { kind: 'bytes'; hex: string };

export type Type2 =
  | { kind: 'value'; value: Value }
  /** A type name, prelude type (`uint`, `tstr`, `any`, …) or socket (`$name`), with generic args. */
  | { kind: 'ref'; name: string; args?: Type[] }
  | { kind: 'paren'; type: Type }
  /** `{ group }` */
  | { kind: 'map'; group: Group }
  /** `[ group ]` */
  | { kind: 'array'; group: Group }
  /** `~name` */
  | { kind: 'unwrap'; name: string; args?: Type[] }
  /** `&( group )` or `&name`: the choice of the group's values. */
  | { kind: 'enum'; group: Group }
  | { kind: 'enumRef'; name: string; args?: Type[] }
  /**
   * `#6.n(type)` (tag n, `tag` null for `#6(type)`), or `#m` / `#m.n` major type with optional
   * argument. RFC 9682 `#6.<type>(type)` and `#7.<type>` compute the tag number or simple value from
   * a type: `tag`/`arg` is then null and `numberType` holds that type (e.g. a range of tag numbers).
   */
  | { kind: 'tag'; tag: number | null; type: Type; numberType?: Type }
  | { kind: 'major'; major: number; arg: number | null; numberType?: Type }
  /** `#`: any data item. */
  | { kind: 'any' };

/** `a, b // c, d`: group choices, each a sequence of entries. */
export interface Group {
  choices: GroupEntry[][];
}

export interface Occurrence {
  min: number;
  /** null: unbounded. */
  max: number | null;
}

export type GroupEntry =
  /**
   * `? key: type`, `* key => type`, or a keyless `type` (which may name a group: the compile pass
   * turns a keyless reference to a group rule into a `groupRef`).
   */
  | { kind: 'member'; occurrence?: Occurrence; key?: MemberKey; type: Type; provenance: Provenance }
  | { kind: 'groupRef'; occurrence?: Occurrence; name: string; args?: Type[]; provenance: Provenance }
  /** A parenthesised inline group `( … )`. */
  | { kind: 'inline'; occurrence?: Occurrence; group: Group; provenance: Provenance };

export type MemberKey =
  /** `name:` in an array: a label for a position; in a map: the text-string key "name". */
  | { kind: 'bareword'; name: string }
  /** `1:`, `"x":` */
  | { kind: 'value'; value: Value }
  /** `type =>` or `type ^ =>` (cut). */
  | { kind: 'type'; type: Type; cut: boolean };
