/**
 * The read and write helpers of a map with fixed keys (a `struct` shape, lower/struct-map.ts).
 *
 * Reading: each key is read as an integer or text when a fixed key could be one; a fixed key's
 * value is read with that member's codec (the key is a cut: a wrong value is an error, never
 * another member's entry). Any other key is read again from its start by the computed key whose
 * CBOR major type it has (`* tstr => any`, or `any => any` for a map a group socket opens), and the
 * entry is kept in the STRUCT_REST Map; an entry no member takes is refused. Key order and
 * duplicates are checked as for every map (deterministic encoding).
 *
 * Writing: the fixed members and the kept entries go into one Map written by `w.sortedMap`, whose
 * key and value writers dispatch on the key; a kept entry with a fixed key is refused.
 */
import { STRUCT_REST, type StructShapeDescriptor } from '@mimikit/cbor/shapes';
import { propertyAccess, propertyKey } from '../../common/generated-names.ts';
import { stringLiteral as q, templateText } from '../../common/generated-text.ts';
import type { Shape } from '../shape.ts';

/** What the struct helpers need of the content emitter. */
export interface StructEmitContext {
  typeOf(s: Shape): string;
  readExpr(s: Shape): string;
  writeStmt(s: Shape, v: string): string;
  /** The JS test for values of a shape (the choice writer's). */
  valueTest(s: Shape): (v: string) => string;
  /** The CBOR major types a shape starts with. */
  majors(s: Shape): number[];
  /** Runs `emit` with `part` appended to the helper names' site. */
  at<T>(part: string, emit: () => T): T;
  lit(v: StructShapeDescriptor['fields'][number]['key']): string;
}

/** How a generated reader of an array or map ends: the member path on errors, the container left. */
export const READ_CONTAINER_END: readonly string[] = ['  } catch (e) {', '    rethrowIn(e, f, r.p);', '  }', '  r.leave();', '  return o;', '}'];

const isOpen = (r: StructShapeDescriptor['rest'][number]): boolean => r.key.k === 'any';

export function structType(ctx: StructEmitContext, s: StructShapeDescriptor): string {
  const lines = s.fields.map((f) => `${propertyKey(f.name)}${f.optional ? '?' : ''}: ${ctx.typeOf(f.shape)};`);
  if (s.rest.length) {
    const { K, V } = restTypes(ctx, s);
    lines.push(`${STRUCT_REST}?: Map<${K}, ${V}>;`);
  }
  return lines.length ? `{\n${lines.map((l) => `  ${l}`).join('\n')}\n}` : '{}';
}

/** The key and value types of the kept entries. */
function restTypes(ctx: StructEmitContext, s: StructShapeDescriptor): { K: string; V: string } {
  const one = (ts: string[]) => {
    const set = [...new Set(ts)];
    return set.includes('unknown') ? 'unknown' : set.join(' | ');
  };
  return { K: one(s.rest.map((r) => ctx.typeOf(r.key))), V: one(s.rest.map((r) => ctx.typeOf(r.value))) };
}

export function structSchema(tb: string, sub: (s: Shape) => string, mapSchema: (k: string, v: string) => string, s: StructShapeDescriptor): string {
  const members = s.fields.map((f) => `${q(f.name)}: ${f.optional ? `${tb}.Optional(${sub(f.shape)})` : sub(f.shape)}`);
  if (s.rest.length) {
    const union = (xs: string[]) => (xs.length === 1 ? xs[0]! : `${tb}.Union([${xs.join(', ')}])`);
    members.push(`${q(STRUCT_REST)}: ${tb}.Optional(${mapSchema(union(s.rest.map((r) => sub(r.key))), union(s.rest.map((r) => sub(r.value))))})`);
  }
  return `${tb}.Object({\n${members.map((m) => `  ${m},`).join('\n')}\n})`;
}

export function structHelpers(ctx: StructEmitContext, s: StructShapeDescriptor, name: string, T: string): string {
  const o = (n: string) => propertyAccess('o', n);
  const rest = propertyAccess('o', STRUCT_REST);
  const ints = s.fields.some((f) => f.key.kind === 'int');
  const texts = s.fields.some((f) => f.key.kind === 'text');
  const closed = s.rest.filter((r) => !isOpen(r));
  const open = s.rest.find(isOpen);
  const { K, V } = restTypes(ctx, s);
  const keyOrder = '        if (ps >= 0) r.keyOrder(ps, ks, r.p);\n        ps = ks;';
  const read: string[] = [
    `function read${name}(r: CborReader): ${T} {`,
    '  const at = r.p;',
    '  const n = r.map();',
    `  const o = {} as ${T};`,
    ...(s.rest.length ? [`  let rest: Map<${K}, ${V}> | undefined;`] : []),
    "  let f = '';",
    '  let ps = -1;',
    '  try {',
    '    for (let i = 0; i < n; i++) {',
    '      const ks = r.p;',
    "      f = '{key}';",
    '      const b = r.peekByte() >> 5;',
    `      const k: unknown = ${ints ? 'b === 0 || b === 1 ? r.int() : ' : ''}${texts ? 'b === 3 ? r.text() : ' : ''}undefined;`,
    '      switch (k) {',
  ];
  for (const f of s.fields) {
    if (f.uncut) {
      // No cut: a value of another type makes the entry one of the others (read again below).
      read.push(
        `        case ${ctx.lit(f.key)}: {`,
        '          const ke = r.p;',
        `          f = ${q(f.name)};`,
        `          const t = r.attempt((r) => ${ctx.at(f.name, () => ctx.readExpr(f.shape))});`,
        '          if (!t) break;',
        '          if (ps >= 0) r.keyOrder(ps, ks, ke);',
        '          ps = ks;',
        `          ${o(f.name)} = t.value;`,
        '          continue;',
        '        }',
      );
      continue;
    }
    read.push(
      `        case ${ctx.lit(f.key)}:`,
      keyOrder.replace(/^ {8}/gm, '          '),
      `          f = ${q(f.name)};`,
      `          ${o(f.name)} = ${ctx.at(f.name, () => ctx.readExpr(f.shape))};`,
      '          continue;',
    );
  }
  read.push('      }', '      r.p = ks;', '      switch (b) {');
  const restRead = (r: StructShapeDescriptor['rest'][number], label: string) => [
    `          const rk = ${ctx.at(`${label}Key`, () => ctx.readExpr(r.key))};`,
    keyOrder.replace(/^ {8}/gm, '          '),
    '          f = `[${String(rk)}]`;',
    `          (rest ??= new Map()).set(rk, ${ctx.at(`${label}Value`, () => ctx.readExpr(r.value))});`,
    '          continue;',
    '        }',
  ];
  closed.forEach((r, i) => {
    read.push(
      `        ${ctx
        .majors(r.key)
        .map((m) => `case ${m}:`)
        .join(' ')} {`,
      ...restRead(r, `Rest${i + 1}`),
    );
  });
  read.push(
    open ? '        default: {' : `        default:\n          r.fail('invalid-value', 'unexpected map key: no member of the map takes it', ks);`,
    ...(open ? restRead(open, 'Open') : []),
    '      }',
    '    }',
    "    f = '';",
    ...s.fields
      .filter((f) => !f.optional)
      .map((f) => `    if (!Object.hasOwn(o, ${q(f.name)})) r.fail('invalid-value', ${q(`missing map key ${showKey(ctx, f.key)} (${f.name})`)}, at);`),
    ...(s.rest.length ? [`    if (rest !== undefined) ${rest} = rest;`] : []),
    ...READ_CONTAINER_END,
  );
  const bad = (kind: string, what: string) => `throw new ContentError('${kind}', -1, ${what});`;
  const write: string[] = [
    `function write${name}(w: CborWriter, v: ${T}): void {`,
    '  const o = v;',
    "  let f = '';",
    '  try {',
    `    if (typeof o !== 'object' || o === null || o instanceof Map) ${bad('wrong-type', "'expected an object'")}`,
    '    const m = new Map<unknown, unknown>();',
  ];
  for (const f of s.fields) {
    write.push(
      `    f = ${q(f.name)};`,
      f.optional
        ? `    if (${o(f.name)} !== undefined) m.set(${ctx.lit(f.key)}, ${o(f.name)});`
        : `    if (${o(f.name)} === undefined) ${bad('invalid-value', q(`missing ${f.name}`))}\n    m.set(${ctx.lit(f.key)}, ${o(f.name)});`,
    );
  }
  if (s.rest.length) {
    write.push(
      `    f = ${q(STRUCT_REST)};`,
      `    if (${rest} !== undefined) {`,
      `      if (!(${rest} instanceof Map)) ${bad('wrong-type', "'expected a Map'")}`,
      `      for (const [k, x] of ${rest}) {`,
      `        if (m.has(k)) ${bad('duplicate-key', '`the key ${String(k)} is a fixed key of the map: set its member instead`')}`,
      '        m.set(k, x);',
      '      }',
      '    }',
    );
  }
  write.push("    f = '';", `    w.sortedMap(m, write${name}Key, write${name}Value);`, '  } catch (e) {', '    rethrowIn(e, f, -1);', '  }', '}');
  const keyWrite = [`function write${name}Key(w: CborWriter, k: unknown): void {`, '  switch (k) {'];
  const valueWrite = [`function write${name}Value(w: CborWriter, x: unknown, k: unknown): void {`, '  try {', '    switch (k) {'];
  for (const f of s.fields) {
    keyWrite.push(`    case ${ctx.lit(f.key)}:`, `      ${f.key.kind === 'int' ? `w.int(${ctx.lit(f.key)});` : `w.text(${ctx.lit(f.key)});`}`, '      return;');
    const value = ctx.at(f.name, () => ctx.writeStmt(f.shape, `(x as ${ctx.typeOf(f.shape)})`));
    // No cut: a kept entry with this key holds a value of another type, written as the others are.
    if (f.uncut) valueWrite.push(`      case ${ctx.lit(f.key)}:`, `        if (w.attempt((w) => { ${value} })) return;`, '        break;');
    else valueWrite.push(`      case ${ctx.lit(f.key)}:`, `        ${value}`, '        return;');
  }
  keyWrite.push('  }');
  valueWrite.push('    }');
  const ordered = [...closed.map((r, i) => ({ r, label: `Rest${i + 1}` })), ...(open ? [{ r: open, label: 'Open' }] : [])];
  for (const { r, label } of ordered) {
    const test = isOpen(r) ? 'true' : ctx.valueTest(r.key)('k');
    keyWrite.push(`  if (${test}) { ${ctx.at(`${label}Key`, () => ctx.writeStmt(r.key, `(k as ${ctx.typeOf(r.key)})`))} return; }`);
    valueWrite.push(`    if (${test}) { ${ctx.at(`${label}Value`, () => ctx.writeStmt(r.value, `(x as ${ctx.typeOf(r.value)})`))} return; }`);
  }
  if (!open) {
    keyWrite.push(`  ${bad('invalid-value', "`the key ${String(k)} is not one of the map's`")}`);
    valueWrite.push(`    ${bad('invalid-value', "`the key ${String(k)} is not one of the map's`")}`);
  }
  keyWrite.push('}');
  valueWrite.push('  } catch (e) {', `    rethrowIn(e, \`[\${String(k)}]\`, -1);`, '  }', '}');
  return [...read, ...write, ...keyWrite, ...valueWrite].join('\n');
}

function showKey(ctx: StructEmitContext, k: StructShapeDescriptor['fields'][number]['key']): string {
  return templateText(ctx.lit(k));
}
