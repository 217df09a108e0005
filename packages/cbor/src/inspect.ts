/**
 * An annotated hex dump (`mimi content inspect`) in the layout of the draft's `.pretty` files
 * (cbor.me style: the head bytes indented by nesting, a `#` comment with the item's type), plus,
 * when the bytes decode as a rule, the schema's member names (`# salt: bytes(16)`). The input is
 * validated by the generated codec first; this walk only lays names over the bytes. It also dumps
 * inputs the codec refused, so it stops where the input ends and at the decoder's nesting limit
 * (a count of 2^32 items in a 5-byte input, or 20,000 nested arrays, must not hang or overflow).
 */
import { decodeUtf8OrNull, toHex } from '@mimikit/bytes';
import { DEFAULT_CONTENT_LIMITS } from './limits.ts';
import { halfToNumber } from './reader.ts';
import { resolveShape, type ContentShape as Shape, type RecordShapeDescriptor as RecordShape, type ShapeTable, type StructFieldDescriptor } from './shapes.ts';

const COL = 40;
/** How many nested control checks the walk looks through (each wraps the shape it checks). */
const MAX_CHECKS = 8;

function majorMatches(s: Shape, major: number): boolean {
  switch (s.k) {
    case 'int':
      return major === 0 || (s.signed && major === 1);
    case 'bstr':
      return major === 2;
    case 'tstr':
      return major === 3;
    case 'list':
    case 'record':
      return major === 4;
    case 'table':
    case 'struct':
      return major === 5;
    case 'tag':
      return major === 6;
    case 'literal':
      return s.value.kind === 'text' ? major === 3 : s.value.kind === 'bytes' ? major === 2 : s.value.kind === 'float' ? major === 7 : major <= 1;
    case 'check':
      return majorMatches(s.inner, major);
    case 'any':
      return true;
    default:
      return major === 7;
  }
}

/** The dump of `bytes`, with the member names of `rule` of `table` where the bytes fit it (null: none). */
export function prettyContent(table: ShapeTable, bytes: Uint8Array, rule: string | null): string {
  const resolve = (s: Shape | null): Shape | null => resolveShape(table, s);
  const out: string[] = [];
  const line = (indent: number, hex: string, comment: string) => {
    const left = `${' '.repeat(indent)}${hex}`;
    out.push(`${left.padEnd(COL)}${left.length >= COL ? ' ' : ''}# ${comment}`);
  };
  const head = (p: number): { major: number; ai: number; arg: number; len: number } => {
    const ib = bytes[p]!;
    const ai = ib & 31;
    const extra = ai < 24 ? 0 : ai === 24 ? 1 : ai === 25 ? 2 : ai === 26 ? 4 : ai === 27 ? 8 : 0;
    let arg = ai < 24 ? ai : 0;
    for (let i = 1; i <= extra; i++) arg = arg * 256 + bytes[p + i]!;
    return { major: ib >> 5, ai, arg, len: 1 + extra };
  };
  const headHex = (p: number, len: number) =>
    len === 1 ? toHex(bytes.subarray(p, p + 1)) : `${toHex(bytes.subarray(p, p + 1))} ${toHex(bytes.subarray(p + 1, p + len))}`;

  /** The input ended with `n` data items still due: says so, and ends the walk. */
  const missing = (indent: number, n: number): number => {
    line(indent, '', `input ended: ${n} data item${n === 1 ? '' : 's'} missing`);
    return bytes.length;
  };

  const walk = (p: number, indent: number, label: string, shape: Shape | null): number => {
    if (p >= bytes.length) return missing(indent, 1);
    if (indent / 3 >= DEFAULT_CONTENT_LIMITS.maxDepth) {
      line(indent, '', `nesting deeper than ${DEFAULT_CONTENT_LIMITS.maxDepth}: not shown`);
      return bytes.length;
    }
    if (p + head(p).len > bytes.length) {
      line(indent, toHex(bytes.subarray(p)), "input ended inside an initial byte's argument");
      return bytes.length;
    }
    let s = resolve(shape);
    // A control's check does not change what the bytes look like.
    for (let i = 0; i < MAX_CHECKS && s?.k === 'check'; i++) s = resolve(s.inner);
    const h = head(p);
    if (s?.k === 'choice')
      s = resolve(
        s.options.find((o) => {
          const r = resolve(o);
          return r !== null && majorMatches(r, h.major);
        }) ?? null,
      );
    const name = label ? `${label}: ` : '';
    const hx = headHex(p, h.len);
    let q = p + h.len;
    switch (h.major) {
      case 0:
        line(indent, hx, `${name}unsigned(${h.arg})`);
        return q;
      case 1:
        line(indent, hx, `${name}negative(${-1 - h.arg})`);
        return q;
      case 2:
      case 3: {
        const data = bytes.subarray(q, q + h.arg);
        line(indent, hx, `${name}${h.major === 2 ? 'bytes' : 'text'}(${h.arg})`);
        // Exact: a leading U+FEFF is shown, not dropped; malformed UTF-8 is shown as hex.
        const text = h.major === 3 ? decodeUtf8OrNull(data) : null;
        line(indent + 3, toHex(data), text !== null ? JSON.stringify(text) : h.arg === 0 ? '""' : `h'${toHex(data.subarray(0, 8))}${h.arg > 8 ? '…' : ''}'`);
        if (q + h.arg > bytes.length) line(indent + 3, '', `input ended: ${q + h.arg - bytes.length} bytes missing`);
        return Math.min(q + h.arg, bytes.length);
      }
      case 4: {
        line(indent, hx, `${name}array(${h.arg})`);
        const labels = arrayLabels(s, h.arg, q);
        for (let i = 0; i < h.arg; i++) {
          if (q >= bytes.length) return missing(indent + 3, h.arg - i);
          q = walk(q, indent + 3, labels[i]?.label ?? '', labels[i]?.shape ?? null);
        }
        return q;
      }
      case 5: {
        line(indent, hx, `${name}map(${h.arg})`);
        const ks = s?.k === 'table' ? s.key : null;
        const vs = s?.k === 'table' ? s.value : null;
        let field: { name: string; shape: Shape } | undefined;
        for (let i = 0; i < h.arg * 2; i++) {
          if (q >= bytes.length) return missing(indent + 3, h.arg * 2 - i);
          // A map with fixed keys: the value after a fixed key is named after its member.
          if (s?.k === 'struct' && i % 2 === 0) field = fixedField(s.struct.fields, q);
          q = walk(q, indent + 3, i % 2 && field ? field.name : '', i % 2 ? (field?.shape ?? vs) : ks);
        }
        return q;
      }
      case 6:
        line(indent, hx, `${name}tag(${h.arg})`);
        return walk(q, indent + 3, '', s?.k === 'tag' ? s.inner : null);
      default: {
        if (h.ai === 25 || h.ai === 26 || h.ai === 27) {
          const dv = new DataView(bytes.buffer, bytes.byteOffset + p + 1, h.len - 1);
          const f = h.ai === 25 ? halfToNumber(dv.getUint16(0)) : h.ai === 26 ? dv.getFloat32(0) : dv.getFloat64(0);
          line(indent, hx, `${name}float(${f})`);
        } else {
          const simple = h.ai === 24 ? bytes[p + 1]! : h.ai;
          const named: Record<number, string> = { 20: 'false', 21: 'true', 22: 'null', 23: 'undefined' };
          line(indent, hx, `${name}primitive(${simple})${named[simple] ? ` ${named[simple]}` : ''}`);
        }
        return q;
      }
    }
  };

  /** Member labels of an array item, from a record's fields (and its variant, read at `first`). */
  const arrayLabels = (s: Shape | null, n: number, first: number): Array<{ label: string; shape: Shape | null }> => {
    if (s?.k === 'list') return Array.from({ length: n }, (_, i) => ({ label: `[${i}]`, shape: s.element }));
    if (s?.k !== 'record') return [];
    const rec: RecordShape = s.record;
    // Up to the first optional or repeated member: after it, which item is which depends on the items.
    const fixed = rec.fields.findIndex((f) => f.occurrence || f.spliced);
    const labels = rec.fields.slice(0, fixed < 0 ? undefined : fixed).map((f) => ({ label: f.name, shape: f.shape as Shape | null }));
    if (fixed >= 0) return labels;
    if (rec.variants) {
      // Skip to the tag member to learn which variant follows.
      let q = first;
      for (let i = 0; i < rec.fields.length; i++) q = skip(q);
      const h = head(q);
      const tag = h.major === 0 ? h.arg : -1;
      const variant = rec.variants.variants.find((v) => v.tag.kind === 'int' && v.tag.value === tag);
      labels.push({ label: `${rec.variants.tagField} (${variant?.label ?? '?'})`, shape: null });
      for (const f of variant?.fields ?? []) labels.push({ label: f.name, shape: f.shape });
    }
    return labels;
  };

  /** The fixed key of a map that the key at p is, if any. */
  const fixedField = (fields: StructFieldDescriptor[], p: number): StructFieldDescriptor | undefined => {
    const h = head(p);
    if (h.major === 0 || h.major === 1) {
      const n = h.major === 0 ? h.arg : -1 - h.arg;
      return fields.find((f) => f.key.kind === 'int' && f.key.value === n);
    }
    if (h.major !== 3 || p + h.len + h.arg > bytes.length) return undefined;
    const text = decodeUtf8OrNull(bytes.subarray(p + h.len, p + h.len + h.arg));
    return fields.find((f) => f.key.kind === 'text' && f.key.value === text);
  };

  const skip = (p: number): number => {
    const h = head(p);
    switch (h.major) {
      case 2:
      case 3:
        return p + h.len + h.arg;
      case 4: {
        let q = p + h.len;
        for (let i = 0; i < h.arg; i++) q = skip(q);
        return q;
      }
      case 5: {
        let q = p + h.len;
        for (let i = 0; i < h.arg * 2; i++) q = skip(q);
        return q;
      }
      case 6:
        return skip(p + h.len);
      default:
        return p + h.len;
    }
  };

  const rootShape = rule !== null && Object.hasOwn(table, rule) ? table[rule]! : null;
  const end = walk(0, 0, '', rootShape);
  if (end !== bytes.length) out.push(`# ${bytes.length - end} trailing bytes`);
  return out.join('\n');
}
