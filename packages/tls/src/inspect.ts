/**
 * An annotated dump of a decoded value (`mimi codec inspect`): one line per field with its byte
 * offset and bytes, like cbor.me's annotated hex. The value is decoded by the generated codec
 * first (so a malformed input fails exactly as it would in an application); this walk only lays
 * the decoded value over the bytes, directed by the package's type descriptors. Select arms need no
 * re-evaluation: a decoded object holds exactly the fields of the arms that were taken.
 */
import { findDeclaration, isByteType, type MemberDescriptor, type PackageDescriptor, type TypeDescriptor } from './descriptors.ts';
import { toHex } from '@mimikit/bytes';
import { Reader } from './reader.ts';

const PREVIEW = 12;

export function inspectValue(pkg: PackageDescriptor, typeName: string, value: unknown, bytes: Uint8Array): string[] {
  const lines: string[] = [];
  const line = (offset: number, length: number, depth: number, text: string) => {
    const shown = bytes.subarray(offset, offset + Math.min(length, PREVIEW));
    const hex = toHex(shown).replace(/(..)/g, '$1 ').trim() + (length > PREVIEW ? ' …' : '');
    lines.push(`${offset.toString().padStart(6)}  ${hex.padEnd(PREVIEW * 3 + 1)}  ${'  '.repeat(depth)}${text}`);
  };

  const walk = (t: TypeDescriptor, v: unknown, offset: number, depth: number, label: string): number => {
    switch (t.kind) {
      case 'uint': {
        const n = t.bits / 8;
        line(offset, n, depth, `${label}: ${String(v)}`);
        return n;
      }
      case 'opaque':
        line(offset, 1, depth, `${label}: ${String(v)}`);
        return 1;
      case 'padding': {
        const n = v as number;
        line(offset, n, depth, `${label}: ${n} zero bytes of padding`);
        return n;
      }
      case 'optional': {
        if (v === null) {
          line(offset, 1, depth, `${label}: absent`);
          return 1;
        }
        line(offset, 1, depth, `${label}: present`);
        return 1 + walk(t.element, v, offset + 1, depth, label);
      }
      case 'array':
        if (isByteType(t.element)) {
          line(offset, t.byteLength, depth, `${label}: ${t.byteLength} bytes`);
          return t.byteLength;
        }
        return items(t.element, v as unknown[], offset, 0, t.byteLength, depth, label);
      case 'vector': {
        const r = new Reader(bytes);
        r.p = offset;
        const end = t.length.kind === 'varint' ? r.vectorEnd() : r.rangedVectorEnd(t.length.width, t.length.min, t.length.max);
        const prefix = r.p - offset;
        const len = end - r.p;
        if (isByteType(t.element)) {
          line(offset, prefix + len, depth, `${label}: ${len} bytes${len ? ` ${toHex((v as Uint8Array).subarray(0, 32))}${len > 32 ? '…' : ''}` : ''}`);
          return prefix + len;
        }
        return items(t.element, v as unknown[], offset, prefix, len, depth, label);
      }
      case 'named': {
        const decl = findDeclaration(pkg, t.name);
        if (!decl) throw new Error(`unknown type ${t.name}`);
        if (decl.kind === 'alias') return walk(decl.type, v, offset, depth, label);
        if (decl.kind === 'enum') {
          const num = typeof v === 'number' ? v : decl.values.find((x) => x.name === v)?.value;
          line(offset, decl.width, depth, `${label}: ${String(v)} (${String(num)})`);
          return decl.width;
        }
        line(offset, 0, depth, `${label}: ${decl.name}`);
        return members(decl.members, v as Record<string, unknown>, offset, depth + 1);
      }
    }
  };

  const items = (el: TypeDescriptor, vs: unknown[], offset: number, prefix: number, len: number, depth: number, label: string): number => {
    line(offset, prefix, depth, `${label}: ${vs.length} item${vs.length === 1 ? '' : 's'} in ${len} bytes`);
    let at = offset + prefix;
    vs.forEach((item, i) => {
      at += walk(el, item, at, depth + 1, `[${i}]`);
    });
    return at - offset;
  };

  const members = (ms: readonly MemberDescriptor[], v: Record<string, unknown>, offset: number, depth: number): number => {
    let at = offset;
    for (const m of ms) {
      if (m.kind === 'field') {
        if (Object.hasOwn(v, m.name)) at += walk(m.type, v[m.name], at, depth, m.name);
        continue;
      }
      // The taken arm is the first whose fields the value holds (arms may share field names).
      const taken =
        m.arms.find((arm) => arm.members.some((x) => x.kind === 'field' && Object.hasOwn(v, x.name))) ??
        m.arms.find((arm) => arm.members.some((x) => x.kind === 'select'));
      if (taken) at += members(taken.members, v, at, depth);
    }
    return at - offset;
  };

  const total = walk({ kind: 'named', name: typeName }, value, 0, 0, typeName);
  lines.push(`${total.toString().padStart(6)}  end (${bytes.length} bytes)`);
  return lines;
}
