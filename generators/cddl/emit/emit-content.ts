/**
 * Emits the TypeScript of one CDDL file: for every rule a type, a TypeBox schema, `readX`/`writeX`
 * functions specialised to the rule's shape, and an `XCodec`. The code reads and writes CBOR bytes
 * directly in member order, validating as it goes; there is no intermediate generic tree. Helpers
 * for composite shapes (lists, maps, choices, tags, refined scalars) are shared by every use of the
 * same shape and named after the place of its first use: rule, member path and shape kind
 * (`readMimiContentInReplyToList`, `writeNestedPartPartsItemChoice`), see helperName.
 *
 * As in the TLS emitter, each function keeps the current member name in a local `f` and prepends it
 * to the error's path in its one catch block.
 */
import { createHash } from 'node:crypto';
import type { Value } from '../ir.ts';
import type { LoweredRule } from '../lowered.ts';
import type { IntRange, RecordShape, Shape } from '../shape.ts';
import { assertName, propertyAccess, propertyKey, quotedPropertyKey } from '../../common/generated-names.ts';
import { docComment, expandedObject, stringLiteral, templateText } from '../../common/generated-text.ts';
import { CONTENT_MODULE_NAMES, declaredNames, TEXT_DECODER, tsName } from './names.ts';
import { STRUCT_REST } from '@mimikit/cbor/shapes';
import { READ_CONTAINER_END, structHelpers, structSchema, structType, type StructEmitContext } from './emit-struct.ts';

export { tsName } from './names.ts';

const q = stringLiteral;
/** The last word of a helper's name: what kind of shape it reads and writes. */
const HELPER_KIND: Record<Shape['k'], string> = {
  int: 'Int',
  bstr: 'Bytes',
  tstr: 'Text',
  bool: 'Bool',
  null: 'Null',
  float: 'Float',
  any: 'Any',
  literal: 'Literal',
  ref: 'Ref',
  choice: 'Choice',
  list: 'List',
  table: 'Map',
  tag: 'Tag',
  record: 'Record',
  struct: 'Struct',
  check: 'Check',
};
/**
 * Names of a package's helpers: `<site><Kind>`, the rule, member path and position of the shape's
 * first use in the package, then its kind (`MimiContentInReplyTo` + `List`). A name that a rule's
 * declarations or an earlier helper already have (a member path that reads like another rule's
 * name) gets the shape's hash appended; `hashed` counts those (none for spec/content).
 */
export class HelperNames {
  private readonly byKey = new Map<string, string>();
  private readonly taken = new Set<string>(CONTENT_MODULE_NAMES);
  hashed = 0;

  constructor(ruleNames: readonly string[]) {
    for (const r of ruleNames) for (const n of declaredNames(r)) this.taken.add(n);
  }

  nameOf(key: string, wanted: string): string {
    const known = this.byKey.get(key);
    if (known !== undefined) return known;
    const forms = (n: string) => [`read${n}`, `write${n}`, `write${n}Key`, `write${n}Value`];
    let name = wanted;
    if (forms(name).some((n) => this.taken.has(n))) {
      this.hashed++;
      name = `${wanted}_${createHash('sha256').update(key).digest('hex').slice(0, 8)}`;
    }
    for (const n of forms(name)) this.taken.add(n);
    this.byKey.set(key, name);
    return name;
  }
}

/** The longest text (in UTF-8 bytes) a `.regexp` pattern is run on: a bound on what a backtracking pattern can cost. */
export const REGEXP_MAX_INPUT = 4096;

const UNTYPED_RECORD = '  // biome-ignore lint/suspicious/noExplicitAny: the alternative is known only once its tag is read or checked';
const U64_MAX = 2n ** 64n - 1n;

function lit(v: Value): string {
  switch (v.kind) {
    case 'int':
      return v.big !== undefined ? `${v.big}n` : String(v.value);
    case 'float':
      return String(v.value);
    case 'text':
      return q(v.value);
    case 'bytes':
      return `'${hex(v.hex)}'`;
  }
}

/** Byte-string values are lowercase hex from the parser; anything else must not reach code. */
function hex(text: string): string {
  if (!/^(?:[0-9a-f]{2})*$/.test(text)) throw new Error(`not a hex byte string: ${stringLiteral(text)}`);
  return text;
}

/** How many array items a group spliced into an array takes (its alternatives all take as many). */
function splicedSize(s: Shape): number {
  const first = s.k === 'choice' ? s.options[0] : s;
  return first?.k === 'record' ? first.record.fields.length : 1;
}

/** A byte string as a Uint8Array expression. */
function bytesLiteral(h: string): string {
  return `Uint8Array.of(${(hex(h).match(/../g) ?? []).map((b) => `0x${b}`).join(', ')})`;
}

/** A record writer's function: `head`, a check that the value is an object, then `body`, naming the member on errors. */
function recordWriter(head: string, untyped: boolean, body: string[]): string[] {
  return [
    head,
    ...(untyped ? [UNTYPED_RECORD, '  const o: any = v;'] : ['  const o = v;']),
    "  let f = '';",
    '  try {',
    `    if (typeof o !== 'object' || o === null) throw new ContentError('wrong-type', -1, 'expected an object');`,
    ...body,
    '  } catch (e) {',
    '    rethrowIn(e, f, -1);',
    '  }',
    '}',
  ];
}

function num(n: number | bigint): string {
  return typeof n === 'bigint' ? (n <= BigInt(Number.MAX_SAFE_INTEGER) && n >= BigInt(Number.MIN_SAFE_INTEGER) ? String(Number(n)) : `${n}n`) : String(n);
}

/** How an integer shape is carried in TypeScript. */
function intMode(s: Extract<Shape, { k: 'int' }>): 'number' | 'bigint' | 'either' {
  if (!s.big) return 'number';
  if (!s.signed && s.ranges?.length === 1 && BigInt(s.ranges[0]!.max) === U64_MAX && Number(s.ranges[0]!.min) === 0) return 'bigint';
  const maxAbs = s.ranges?.reduce((m, r) => Math.max(m, Math.abs(Number(r.min)), Math.abs(Number(r.max))), 0);
  return maxAbs !== undefined && maxAbs <= Number.MAX_SAFE_INTEGER ? 'number' : 'either';
}

function rangeCheck(x: string, ranges: IntRange[] | null, mode: 'number' | 'bigint' | 'either'): string | null {
  if (!ranges) return null;
  const full = ranges.some((r) => Number(r.min) <= 0 && BigInt(r.max) >= U64_MAX);
  if (full && mode === 'bigint') return null;
  const conv = (n: number | bigint) => (mode === 'bigint' ? `${BigInt(n)}n` : num(n));
  return ranges.map((r) => (BigInt(r.min) === BigInt(r.max) ? `${x} === ${conv(r.min)}` : `(${x} >= ${conv(r.min)} && ${x} <= ${conv(r.max)})`)).join(' || ');
}

export interface EmittedContentFile {
  body: string;
  /** Rules defined in this file: rule name → TS identifier. */
  codecs: Array<{ name: string; ident: string }>;
  usesRuntime: Set<string>;
}

export class ContentEmitter {
  /** Helper code by shape key (the shape's canonical JSON); insertion order is emission order. */
  private readonly helpers = new Map<string, string>();
  /** Where the emitter is: rule identifier, then member and position names (`Body`, `Item`). */
  private site: string[] = [];
  private readonly out: string[] = [];
  private readonly byName: Map<string, LoweredRule>;
  readonly codecs: Array<{ name: string; ident: string }> = [];

  constructor(
    rules: readonly LoweredRule[],
    /** Rules emitted by an earlier file of the package (identical definitions are shared). */
    private readonly importedFrom: Map<string, string>,
    readonly imports: Map<string, string>,
    /** Helper names of the whole package: a shape has one name (and so one text) in every file. */
    private readonly names: HelperNames,
    /** The name the module imports TypeBox's `Type` under (typeboxName in names.ts). */
    readonly tb = 'Type',
  ) {
    this.byName = new Map(rules.map((r) => [r.name, r]));
  }

  /** Runs `emit` with `part` appended to the current site (the name of the helpers it creates). */
  private at<T>(part: string, emit: () => T): T {
    const prior = this.site;
    this.site = [...prior, part];
    try {
      return emit();
    } finally {
      this.site = prior;
    }
  }

  private ident(name: string, what: 'type' | 'read' | 'write' | 'schema'): string {
    const base = tsName(name);
    const id = what === 'type' ? base : what === 'schema' ? `${base}Schema` : `${what}${base}`;
    const from = this.importedFrom.get(name);
    if (from) this.imports.set(id, from);
    return id;
  }

  /** The rules' code, and one block (read and write functions) per helper shape. */
  emit(rules: readonly LoweredRule[]): { body: string; helpers: string[] } {
    for (const r of rules) this.emitRule(r);
    return { body: this.out.join('\n'), helpers: [...this.helpers.values()] };
  }

  private doc(r: LoweredRule): string {
    const p = r.rule.provenance;
    const where = p.draft ? `${p.draft}-${p.version ?? '?'}${p.section ? ` § ${p.section}` : ''}` : `${p.file}:${p.line}`;
    const features = r.features ? [`Uses the features ${r.features.map((f) => `'${f}'`).join(', ')} (.feature, RFC 9165 §3).`] : [];
    return docComment(['```cddl', ...r.rule.text.split('\n'), '```', `From ${where}.`, ...features]);
  }

  private emitRule(r: LoweredRule): void {
    // The names pass (passes/check-names.ts) has refused what this would.
    const id = assertName(tsName(r.name), 'declaration', CONTENT_MODULE_NAMES);
    this.site = [id];
    this.out.push(this.doc(r));
    if (r.literal) this.out.push(`export const ${id} = ${lit(r.literal)} as const;`);
    if (r.enumMembers?.length) {
      this.out.push(`export const ${id} = {\n${r.enumMembers.map((m) => `  ${quotedPropertyKey(m.name)}: ${m.value},`).join('\n')}\n} as const;`);
    }
    this.out.push(`export type ${id} = ${this.typeOf(r.shape)};`);
    this.out.push(`export const ${id}Schema: TSchema = ${this.tb}.Cyclic(defs, ${q(r.name)});`);
    if (r.shape.k === 'record') {
      this.out.push(...this.recordFunctions(id, id, r.shape.record, 'export '));
    } else {
      this.out.push(
        `export function read${id}(r: CborReader): ${id} {\n  return ${this.readExpr(r.shape)};\n}`,
        `export function write${id}(w: CborWriter, v: ${id}): void {\n  ${this.writeStmt(r.shape, 'v')}\n}`,
      );
    }
    this.out.push(`export const ${id}Codec: ContentCodec<${id}> = defineContentCodec<${id}>(${q(r.name)}, read${id}, write${id});`, '');
    this.codecs.push({ name: r.name, ident: id });
  }

  // ---- types -------------------------------------------------------------------------------

  typeOf(s: Shape): string {
    switch (s.k) {
      case 'int': {
        const m = intMode(s);
        return m === 'either' ? 'number | bigint' : m;
      }
      case 'bstr':
        return 'Uint8Array';
      case 'tstr':
        return 'string';
      case 'bool':
        return s.value === undefined ? 'boolean' : String(s.value);
      case 'null':
        return 'null';
      case 'float':
        return 'number';
      case 'any':
        return 'unknown';
      case 'literal':
        return s.value.kind === 'bytes' ? 'Uint8Array' : lit(s.value);
      case 'ref':
        return this.ident(s.name, 'type');
      case 'choice':
        return s.options.map((o) => this.typeOf(o)).join(' | ');
      case 'list': {
        const e = this.typeOf(s.element);
        return /[|&]/.test(e) ? `(${e})[]` : `${e}[]`;
      }
      case 'table':
        return `Map<${this.typeOf(s.key)}, ${this.typeOf(s.value)}>`;
      case 'tag':
        return 'CborTag';
      case 'record':
        return this.recordType(s.record);
      case 'struct':
        return structType(this.structContext(), s.struct);
      case 'check':
        return this.typeOf(s.inner);
    }
  }

  /** The emitter as the struct helpers (emit-struct.ts) use it. */
  private structContext(): StructEmitContext {
    return {
      typeOf: (x) => this.typeOf(x),
      readExpr: (x) => this.readExpr(x),
      writeStmt: (x, v) => this.writeStmt(x, v),
      valueTest: (x) => this.classOf(x).test,
      majors: (x) => this.classOf(x).majors.filter((m) => m >= 0),
      at: (part, emit) => this.at(tsName(part), emit),
      lit,
    };
  }

  private recordType(rec: RecordShape): string {
    const fields = rec.fields.map((f) => {
      const t = this.typeOf(f.shape);
      if (!f.occurrence) return `${propertyKey(f.name)}: ${t};`;
      if (f.occurrence.max === 1) return `${propertyKey(f.name)}?: ${t};`;
      return `${propertyKey(f.name)}: ${/[|&]/.test(t) ? `(${t})` : t}[];`;
    });
    if (!rec.variants) return expandedObject(fields);
    const vs = rec.variants.variants.map((v) =>
      expandedObject([
        ...fields,
        `${propertyKey(rec.variants!.tagField)}: ${lit(v.tag)};`,
        ...v.fields.map((f) => `${propertyKey(f.name)}: ${this.typeOf(f.shape)};`),
      ]),
    );
    return vs.join(' | ');
  }

  /**
   * TypeBox schema expression for a shape. Refs point into the file's `defs`, except inside maps,
   * tags and refinements (`inline`), whose checks run outside Type.Cyclic: there a reference is
   * replaced by the referenced rule's schema (a recursive one cannot be, and is left unchecked).
   */
  schemaOf(s: Shape, inline = false, seen: ReadonlySet<string> = new Set()): string {
    const sub = (x: Shape) => this.schemaOf(x, inline, seen);
    switch (s.k) {
      case 'int': {
        const m = intMode(s);
        if (m === 'bigint') return `${this.tb}.BigInt()`;
        if (m === 'either') return `${this.tb}.Union([${this.tb}.Integer(), ${this.tb}.BigInt()])`;
        if (!s.ranges) return s.signed ? `${this.tb}.Integer()` : `${this.tb}.Integer({ minimum: 0 })`;
        const one = (r: IntRange) =>
          BigInt(r.min) === BigInt(r.max) ? `${this.tb}.Literal(${num(r.min)})` : `${this.tb}.Integer({ minimum: ${num(r.min)}, maximum: ${num(r.max)} })`;
        return s.ranges.length === 1 ? one(s.ranges[0]!) : `${this.tb}.Union([${s.ranges.map(one).join(', ')}])`;
      }
      case 'bstr':
        return `bytesSchema(${s.min}, ${s.max})`;
      case 'tstr':
        return `textSchema(${s.min}, ${s.max})`;
      case 'bool':
        return s.value === undefined ? `${this.tb}.Boolean()` : `${this.tb}.Literal(${s.value})`;
      case 'null':
        return `${this.tb}.Null()`;
      case 'float':
        return `${this.tb}.Number()`;
      case 'any':
        return s.maxSize === null ? `${this.tb}.Unknown()` : `anySchema(${s.maxSize})`;
      case 'literal':
        return s.value.kind === 'bytes' ? `bytesSchema(${s.value.hex.length / 2}, ${s.value.hex.length / 2})` : `${this.tb}.Literal(${lit(s.value)})`;
      case 'ref': {
        if (!inline) return `${this.tb}.Ref(${q(s.name)})`;
        const target = this.byName.get(s.name);
        if (!target || seen.has(s.name)) return `${this.tb}.Unknown()`;
        return this.schemaOf(target.shape, true, new Set([...seen, s.name]));
      }
      case 'choice':
        return `${this.tb}.Union([${s.options.map(sub).join(', ')}])`;
      case 'list':
        return `${this.tb}.Array(${sub(s.element)}, { minItems: ${s.min}${s.max === null ? '' : `, maxItems: ${s.max}`} })`;
      case 'table':
        return `mapSchema(${this.schemaOf(s.key, true, seen)}, ${this.schemaOf(s.value, true, seen)})`;
      case 'tag':
        return `tagSchema(${s.tag}, ${this.schemaOf(s.inner, true, seen)})`;
      case 'struct':
        return structSchema(
          this.tb,
          (x) => this.schemaOf(x, true, seen),
          (k, v) => `mapSchema(${k}, ${v})`,
          s.struct,
        );
      case 'check':
        return sub(s.inner);
      case 'record': {
        const fields = (fs: RecordShape['fields']) =>
          fs.map((f) => {
            const x = sub(f.shape);
            const o = f.occurrence;
            const t = !o
              ? x
              : o.max === 1
                ? `${this.tb}.Optional(${x})`
                : `${this.tb}.Array(${x}, { minItems: ${o.min}${o.max === null ? '' : `, maxItems: ${o.max}`} })`;
            return `${quotedPropertyKey(f.name)}: ${t}`;
          });
        const rec = s.record;
        if (!rec.variants) return `${this.tb}.Object(${expandedObject(fields(rec.fields), ',')})`;
        return `${this.tb}.Union([${rec.variants.variants
          .map(
            (v) =>
              `${this.tb}.Object(${expandedObject([...fields(rec.fields), `${quotedPropertyKey(rec.variants!.tagField)}: ${this.tb}.Literal(${lit(v.tag)})`, ...fields(v.fields)], ',')})`,
          )
          .join(', ')}])`;
      }
    }
  }

  // ---- records -----------------------------------------------------------------------------

  /** The read and write functions of a record: `name` is their suffix, `T` the value type. */
  private recordFunctions(id: string, T: string, rec: RecordShape, exported: '' | 'export '): string[] {
    if (rec.fields.some((f) => f.occurrence || f.spliced)) return this.sequenceFunctions(id, T, rec, exported);
    const o = (name: string) => propertyAccess('o', name);
    const read: string[] = [];
    const write: string[] = [];
    const n = rec.fields.length;
    if (!rec.variants) {
      read.push(`    if (n !== ${n}) r.fail('wrong-length', \`expected an array of ${n}, found \${n}\`, at);`);
      write.push(`    w.array(${n});`);
    } else {
      const lens = rec.variants.variants.map((v) => n + 1 + v.fields.length);
      read.push(`    if (n < ${n + 1}) r.fail('wrong-length', \`expected an array of ${Math.min(...lens)} to ${Math.max(...lens)}, found \${n}\`, at);`);
      write.push(`    switch (${o(rec.variants.tagField)}) {`);
      for (const [i, v] of rec.variants.variants.entries()) write.push(`      case ${lit(v.tag)}: w.array(${lens[i]}); break;`);
      write.push(
        `      default: throw new ContentError('no-matching-choice', -1, \`no alternative for ${templateText(rec.variants.tagField)} = \${String(${o(rec.variants.tagField)})}\`);`,
        '    }',
      );
    }
    for (const f of rec.fields) {
      this.at(tsName(f.name), () => {
        read.push(`    f = ${q(f.name)};`, `    ${o(f.name)} = ${this.readExpr(f.shape)};`);
        write.push(`    f = ${q(f.name)};`, `    ${this.writeStmt(f.shape, o(f.name))}`);
      });
    }
    if (rec.variants) {
      const vt = rec.variants;
      const tagShape: Shape = { k: 'literal', value: vt.variants[0]!.tag };
      read.push(`    f = ${q(vt.tagField)};`, `    const tag = ${this.readTagValue(tagShape)};`, '    switch (tag) {');
      write.push(`    f = ${q(vt.tagField)};`, `    switch (${o(vt.tagField)}) {`);
      for (const v of vt.variants) {
        const len = n + 1 + v.fields.length;
        read.push(
          `      case ${lit(v.tag)}: {`,
          `        if (n !== ${len}) { f = ''; r.fail('wrong-length', \`${templateText(`${vt.tagField} ${v.label}`)} takes an array of ${len}, found \${n}\`, at); }`,
          `        ${o(vt.tagField)} = tag;`,
        );
        write.push(`      case ${lit(v.tag)}: {`, `        ${this.writeLiteral(v.tag)}`);
        for (const f of v.fields) {
          this.at(tsName(f.name), () => {
            read.push(`        f = ${q(f.name)};`, `        ${o(f.name)} = ${this.readExpr(f.shape)};`);
            write.push(`        f = ${q(f.name)};`, `        ${this.writeStmt(f.shape, o(f.name))}`);
          });
        }
        read.push('        break;', '      }');
        write.push('        break;', '      }');
      }
      read.push(
        `      default:`,
        `        r.fail('no-matching-choice', \`no alternative has ${templateText(vt.tagField)} = \${String(tag)}\`, r.p - 1);`,
        '    }',
      );
      write.push('    }');
    }
    return [
      `${exported}function read${id}(r: CborReader): ${T} {`,
      '  const at = r.p;',
      '  const n = r.array();',
      // A record with alternatives is built before its tag says which member of the union it is.
      ...(rec.variants ? [UNTYPED_RECORD, '  const o: any = {};'] : [`  const o = {} as ${T};`]),
      "  let f = '';",
      '  try {',
      ...read,
      ...READ_CONTAINER_END,
      ...recordWriter(`${exported}function write${id}(w: CborWriter, v: ${T}): void {`, rec.variants !== null, write),
    ];
  }

  /**
   * A record with optional or repeated members (`[a, ? b, * c]`) or repeated groups: reading takes
   * each member's items greedily, left to right, trying the next item against the member and
   * leaving it to the next member when it does not fit (RFC 8610 §2; CborReader.attempt), and the
   * array must be used up. Writing counts the items first (the array head holds the count).
   */
  private sequenceFunctions(id: string, T: string, rec: RecordShape, exported: '' | 'export '): string[] {
    const o = (name: string) => propertyAccess('o', name);
    const read: string[] = [];
    const count: string[] = [];
    const write: string[] = [];
    const bad = (kind: string, what: string) => `throw new ContentError('${kind}', -1, ${what});`;
    for (const f of rec.fields) {
      this.at(tsName(f.name), () => {
        const size = f.spliced ? splicedSize(f.shape) : 1;
        const rd = f.spliced ? `${this.helper(f.shape, 'read', 'Items')}(r)` : this.readExpr(f.shape);
        const wr = (x: string) => (f.spliced ? `${this.helper(f.shape, 'write', 'Items')}(w, ${x});` : this.writeStmt(f.shape, x));
        const occ = f.occurrence;
        read.push(`    f = ${q(f.name)};`);
        write.push(`    f = ${q(f.name)};`);
        if (!occ) {
          read.push(
            `    if (n - i < ${size}) r.fail('wrong-length', \`the array of \${n} items ends before ${templateText(f.name)}\`, at);`,
            `    ${o(f.name)} = ${rd};`,
            `    i += ${size};`,
          );
          count.push(`    n += ${size};`);
          write.push(`    ${wr(o(f.name))}`);
        } else if (occ.max === 1) {
          read.push(
            `    if (n - i >= ${size}) {`,
            `      const t = r.attempt((r) => ${rd});`,
            `      if (t) { ${o(f.name)} = t.value; i += ${size}; }`,
            '    }',
          );
          if (occ.min === 1) read.push(`    if (${o(f.name)} === undefined) r.fail('wrong-length', ${q(`${f.name} is missing`)}, r.p);`);
          count.push(`    if (${o(f.name)} !== undefined) n += ${size};`);
          write.push(`    if (${o(f.name)} !== undefined) ${wr(o(f.name))}`);
        } else {
          const max = occ.max === null ? '' : ` && a.length < ${occ.max}`;
          const range = `${occ.min}${occ.max === null ? ' or more' : `..${occ.max}`}`;
          read.push(
            '    {',
            `      const a: ${this.typeOf({ k: 'list', element: f.shape, min: 0, max: null })} = [];`,
            `      while (n - i >= ${size}${max}) {`,
            `        const t = r.attempt((r) => ${rd});`,
            '        if (!t) break;',
            '        a.push(t.value);',
            `        i += ${size};`,
            '      }',
            ...(occ.min > 0 ? [`      if (a.length < ${occ.min}) r.fail('wrong-length', \`\${a.length} items, expected ${range}\`, r.p);`] : []),
            `      ${o(f.name)} = a;`,
            '    }',
          );
          count.push(
            `    if (!Array.isArray(${o(f.name)})) ${bad('wrong-type', "'expected an array'")}`,
            `    if (${o(f.name)}.length < ${occ.min}${occ.max === null ? '' : ` || ${o(f.name)}.length > ${occ.max}`}) ${bad('wrong-length', `\`\${${o(f.name)}.length} items, expected ${range}\``)}`,
            `    n += ${size} * ${o(f.name)}.length;`,
          );
          write.push(`    for (const x of ${o(f.name)}) ${wr('x')}`);
        }
      });
    }
    return [
      `${exported}function read${id}(r: CborReader): ${T} {`,
      '  const at = r.p;',
      '  const n = r.array();',
      `  const o = {} as ${T};`,
      "  let f = '';",
      '  let i = 0;',
      '  try {',
      ...read,
      "    f = '';",
      "    if (i !== n) r.fail('wrong-length', `${n - i} items of the array fit no member`, r.p);",
      ...READ_CONTAINER_END,
      ...recordWriter(`${exported}function write${id}(w: CborWriter, v: ${T}): void {`, false, ['    let n = 0;', ...count, '    w.array(n);', ...write]),
    ];
  }

  /** A choice of groups that stand in an array in place (`+ (a // b)`), each alternative tried in order. */
  private itemsChoiceFunctions(name: string, T: string, options: Shape[]): string {
    const read = ['  const at = r.p;', '  let t;'];
    const write: string[] = [];
    for (const [i, o] of options.entries()) {
      const items = this.at(`Option${i + 1}`, () => ({ read: this.helper(o, 'read', 'Items'), write: this.helper(o, 'write', 'Items') }));
      read.push(`  if ((t = r.attempt(${items.read}))) return t.value;`);
      write.push(`  if (${this.strictTest(o, 'v')} && w.attempt((w) => ${items.write}(w, v as ${this.typeOf(o)}), ${splicedSize(o)})) return;`);
    }
    read.push(`  return r.fail('no-matching-choice', 'no alternative matches these items', at);`);
    write.push(`  throw new ContentError('no-matching-choice', -1, 'the value matches no alternative');`);
    return [`function read${name}(r: CborReader): ${T} {`, ...read, '}', `function write${name}(w: CborWriter, v: ${T}): void {`, ...write, '}'].join('\n');
  }

  /** The members of a group that stands in an array in place (`* (key, value)`): read and written without an array head. */
  private itemsFunctions(name: string, T: string, rec: RecordShape): string {
    const o = (n: string) => propertyAccess('o', n);
    const read: string[] = [];
    const write: string[] = [];
    for (const f of rec.fields) {
      if (f.occurrence || f.spliced) throw new Error('a repeated group holds plain members only');
      this.at(tsName(f.name), () => {
        read.push(`    f = ${q(f.name)};`, `    ${o(f.name)} = ${this.readExpr(f.shape)};`);
        write.push(`    f = ${q(f.name)};`, `    ${this.writeStmt(f.shape, o(f.name))}`);
      });
    }
    return [
      `function read${name}(r: CborReader): ${T} {`,
      `  const o = {} as ${T};`,
      "  let f = '';",
      '  try {',
      ...read,
      '  } catch (e) {',
      '    rethrowIn(e, f, r.p);',
      '  }',
      '  return o;',
      '}',
      ...recordWriter(`function write${name}(w: CborWriter, v: ${T}): void {`, false, write),
    ].join('\n');
  }

  private readTagValue(s: Extract<Shape, { k: 'literal' }>): string {
    switch (s.value.kind) {
      case 'int':
        return s.value.value >= 0 ? 'r.uint()' : 'r.int()';
      case 'text':
        return 'r.text()';
      default:
        throw new Error('alternatives must be told apart by an integer or text literal');
    }
  }

  private writeLiteral(v: Value): string {
    switch (v.kind) {
      case 'int':
        return v.big !== undefined ? `w.int(${v.big}n);` : `w.int(${v.value});`;
      case 'text':
        return `w.text(${q(v.value)});`;
      case 'float':
        return `w.float(${v.value});`;
      case 'bytes':
        return `w.bytes(${bytesLiteral(v.hex)});`;
    }
  }

  // ---- expressions -------------------------------------------------------------------------

  private readExpr(s: Shape): string {
    switch (s.k) {
      case 'bool':
        if (s.value === undefined) return 'r.bool()';
        break;
      case 'null':
        return 'r.null()';
      case 'float':
        return 'r.floatValue()';
      case 'any':
        if (s.maxSize === null) return 'r.any()';
        break;
      case 'ref':
        return `${this.ident(s.name, 'read')}(r)`;
      case 'bstr':
        if (s.min === 0 && s.max === null && !s.cbor) return 'r.bytes()';
        break;
      case 'tstr':
        if (s.min === 0 && s.max === null && s.pattern === undefined) return 'r.text()';
        break;
      case 'int':
        if (!s.ranges) return s.signed ? 'r.int()' : 'r.uintAny()';
        if (intMode(s) === 'bigint' && rangeCheck('x', s.ranges, 'bigint') === null) return 'r.uint64()';
        break;
      default:
        break;
    }
    return `${this.helper(s, 'read')}(r)`;
  }

  private writeStmt(s: Shape, v: string): string {
    switch (s.k) {
      case 'bool':
        if (s.value === undefined) return `w.bool(${v});`;
        break;
      case 'null':
        return `if (${v} !== null) throw new ContentError('invalid-value', -1, 'expected null'); w.null();`;
      case 'float':
        return `w.float(${v});`;
      case 'any':
        if (s.maxSize === null) return `w.any(${v});`;
        break;
      case 'ref':
        return `${this.ident(s.name, 'write')}(w, ${v});`;
      case 'bstr':
        if (s.min === 0 && s.max === null && !s.cbor) return `w.bytes(${v});`;
        break;
      case 'tstr':
        if (s.min === 0 && s.max === null && s.pattern === undefined) return `w.text(${v});`;
        break;
      case 'int':
        if (!s.ranges) return s.signed ? `w.int(${v});` : `w.uint(${v});`;
        break;
      default:
        break;
    }
    return `${this.helper(s, 'write')}(w, ${v});`;
  }

  /** Emits (once) the read and write helpers of a shape; returns the requested function's name. */
  private helper(s: Shape, which: 'read' | 'write', mode: '' | 'Items' = ''): string {
    const key = JSON.stringify(s, (_k, x) => (typeof x === 'bigint' ? `${x}n` : x)) + mode;
    const name = this.names.nameOf(key, `${this.site.join('')}${HELPER_KIND[s.k]}${mode}`);
    if (!this.helpers.has(key)) {
      this.helpers.set(key, ''); // reserve the place: nested helpers come after it
      this.helpers.set(
        key,
        mode === 'Items' && s.k === 'record'
          ? this.itemsFunctions(name, this.typeOf(s), s.record)
          : mode === 'Items' && s.k === 'choice'
            ? this.itemsChoiceFunctions(name, this.typeOf(s), s.options)
            : this.helperCode(s, name),
      );
    }
    return `${which}${name}`;
  }

  private helperCode(s: Shape, name: string): string {
    const T = this.typeOf(s);
    const fn = (read: string[], write: string[]) =>
      [`function read${name}(r: CborReader): ${T} {`, ...read, '}', `function write${name}(w: CborWriter, v: ${T}): void {`, ...write, '}'].join('\n');
    const bad = (what: string) => `throw new ContentError('invalid-value', -1, ${what});`;
    switch (s.k) {
      case 'int': {
        const mode = intMode(s);
        const check = rangeCheck('x', s.ranges, mode);
        // A signed integer whose ranges fit a number: a bigint read is outside them, and fails the check.
        const rd =
          mode === 'bigint' ? 'r.uint64()' : s.signed ? (mode === 'number' ? 'Number(r.int())' : 'r.int()') : mode === 'number' ? 'r.uint()' : 'r.uintAny()';
        const desc = s.ranges!.map((x) => (BigInt(x.min) === BigInt(x.max) ? num(x.min) : `${num(x.min)}..${num(x.max)}`)).join(', ');
        return fn(
          check
            ? ['  const at = r.p;', `  const x = ${rd};`, `  if (!(${check})) r.fail('invalid-value', \`\${x} is not one of ${desc}\`, at);`, '  return x;']
            : [`  return ${rd};`],
          [
            '  const x = v;',
            ...(mode === 'bigint'
              ? [`  if (typeof x !== 'bigint') ${bad("'expected a bigint'")}`]
              : mode === 'number'
                ? [`  if (typeof x !== 'number') ${bad("'expected a number'")}`]
                : []),
            ...(check ? [`  if (!(${check})) ${bad(`\`\${String(x)} is not one of ${desc}\``)}`] : []),
            s.signed ? '  w.int(x);' : '  w.uint(x);',
          ],
        );
      }
      case 'bstr':
      case 'tstr': {
        const what = s.k === 'bstr' ? 'byte string' : 'text string';
        const range = s.max === null ? `at least ${s.min}` : s.min === s.max ? `${s.min}` : `${s.min}..${s.max}`;
        const sized = !(s.min === 0 && s.max === null);
        const cond = `n < ${s.min}${s.max === null ? '' : ` || n > ${s.max}`}`;
        const extraRead: string[] = [];
        const extraWrite: string[] = [];
        if (s.k === 'tstr' && s.pattern !== undefined) {
          const re = `new RegExp(${q(s.pattern)}, 'u')`;
          const tooLong = `text of \${n} bytes is longer than ${REGEXP_MAX_INPUT}, the most a pattern is matched against`;
          extraRead.push(
            `  if (n > ${REGEXP_MAX_INPUT}) r.fail('invalid-value', \`${tooLong}\`, at);`,
            `  if (!${re}.test(x)) r.fail('invalid-value', ${q(`text does not match the pattern ${s.pattern}`)}, at);`,
          );
          extraWrite.push(
            `  if (n > ${REGEXP_MAX_INPUT}) ${bad(`\`${tooLong}\``)}`,
            `  if (!${re}.test(v)) ${bad(q(`text does not match the pattern ${s.pattern}`))}`,
          );
        }
        if (s.k === 'bstr' && s.cbor) {
          const inner = this.at('Cbor', () => this.readExpr(s.cbor!));
          // The embedded item is read by a reader of its own, within what is left of the nesting limit.
          const decode = (bytes: string, fail: (detail: string) => string) => [
            `  const sub = new CborReader(${bytes}, { maxDepth: Math.max(1, ${bytes === 'x' ? 'r.maxDepth - r.depth' : 'w.maxDepth - w.depth'}) });`,
            '  try {',
            s.seq ? `    while (sub.p < sub.b.length) ((r: CborReader) => ${inner})(sub);` : `    ((r: CborReader) => ${inner})(sub);`,
            ...(s.seq ? [] : ['    sub.finish();']),
            '  } catch (e) {',
            `    if (!(e instanceof ContentError)) throw e;`,
            `    ${fail(`\`the encoded CBOR${s.seq ? ' sequence' : ''} inside: \${e.message}\``)}`,
            '  }',
          ];
          extraRead.push(...decode('x', (d) => `r.fail(e.kind, ${d}, at);`));
          extraWrite.push(...decode('v', (d) => `throw new ContentError(e.kind, -1, ${d});`));
        }
        return fn(
          [
            '  const at = r.p;',
            `  const x = r.${s.k === 'bstr' ? 'bytes' : 'text'}();`,
            '  const n = r.lastLen;',
            ...(sized ? [`  if (${cond}) r.fail('invalid-value', \`${what} of \${n} bytes, expected ${range}\`, at);`] : []),
            ...extraRead,
            '  return x;',
          ],
          [
            `  w.${s.k === 'bstr' ? 'bytes' : 'text'}(v);`,
            `  const n = ${s.k === 'bstr' ? 'v.length' : 'w.lastLen'};`,
            ...(sized ? [`  if (${cond}) ${bad(`\`${what} of \${n} bytes, expected ${range}\``)}`] : []),
            ...extraWrite,
          ],
        );
      }
      case 'bool':
        return fn(
          ['  const at = r.p;', '  const x = r.bool();', `  if (x !== ${s.value}) r.fail('invalid-value', 'expected ${s.value}', at);`, `  return ${s.value};`],
          [`  if (v !== ${s.value}) ${bad(`'expected ${s.value}'`)}`, `  w.bool(${s.value});`],
        );
      case 'check':
        return this.checkCode(s, fn, bad);
      case 'record':
        return this.recordFunctions(name, T, s.record, '').join('\n');
      case 'any':
        return fn(
          [
            '  const at = r.p;',
            '  const x = r.any();',
            `  if (r.p - at > ${s.maxSize}) r.fail('invalid-value', \`value of \${r.p - at} bytes, at most ${s.maxSize} allowed\`, at);`,
            '  return x;',
          ],
          ['  const at = w.p;', '  w.any(v);', `  if (w.p - at > ${s.maxSize}) ${bad(`\`value of \${w.p - at} bytes, at most ${s.maxSize} allowed\``)}`],
        );
      case 'literal': {
        const L = lit(s.value);
        if (s.value.kind === 'bytes') {
          const bytes = bytesLiteral(s.value.hex);
          const same = `x.length === ${s.value.hex.length / 2} && ${bytes}.every((b, i) => b === x[i])`;
          return fn(
            [
              '  const at = r.p;',
              '  const x = r.bytes();',
              `  if (!(${same})) r.fail('invalid-value', ${q(`expected h'${s.value.hex}'`)}, at);`,
              '  return x;',
            ],
            ['  const x = v;', `  if (!(x instanceof Uint8Array && ${same})) ${bad(q(`expected h'${s.value.hex}'`))}`, '  w.bytes(x);'],
          );
        }
        const rd = s.value.kind === 'text' ? 'r.text()' : s.value.kind === 'float' ? 'r.floatValue()' : s.value.value >= 0 ? 'r.uint()' : 'r.int()';
        return fn(
          [
            '  const at = r.p;',
            `  const x = ${rd};`,
            `  if (x !== ${L}) r.fail('invalid-value', \`expected ${templateText(L)}, found \${String(x)}\`, at);`,
            `  return ${L};`,
          ],
          [`  if (v !== ${L}) ${bad(`\`expected ${templateText(L)}\``)}`, `  ${this.writeLiteral(s.value)}`],
        );
      }
      case 'list': {
        const cond = `n < ${s.min}${s.max === null ? '' : ` || n > ${s.max}`}`;
        return fn(
          [
            '  const at = r.p;',
            '  const n = r.array();',
            `  if (${cond}) r.fail('wrong-length', \`array of \${n} items, expected ${s.min}${s.max === null ? ' or more' : `..${s.max}`}\`, at);`,
            `  const a: ${T} = [];`,
            '  let i = 0;',
            '  try {',
            `    for (; i < n; i++) a.push(${this.at('Item', () => this.readExpr(s.element))});`,
            '  } catch (e) {',
            '    rethrowIn(e, `[${i}]`, r.p);',
            '  }',
            '  r.leave();',
            '  return a;',
          ],
          [
            `  if (!Array.isArray(v)) ${bad("'expected an array'")}`,
            '  const n = v.length;',
            `  if (${cond}) ${bad(`\`array of \${n} items, expected ${s.min}${s.max === null ? ' or more' : `..${s.max}`}\``)}`,
            '  w.array(n);',
            '  let i = 0;',
            '  try {',
            `    for (; i < n; i++) { ${this.at('Item', () => this.writeStmt(s.element, 'v[i]!'))} }`,
            '  } catch (e) {',
            '    rethrowIn(e, `[${i}]`, -1);',
            '  }',
          ],
        );
      }
      case 'table': {
        // The error label of an entry is built only when something fails, and the key and value
        // writers are module-level functions rather than closures made on every call.
        const K = this.typeOf(s.key);
        const V = this.typeOf(s.value);
        return [
          fn(
            [
              ...(s.min ? ['  const at = r.p;'] : []),
              '  const n = r.map();',
              ...(s.min ? [`  if (n < ${s.min}) r.fail('wrong-length', \`map of \${n} entries, expected at least ${s.min}\`, at);`] : []),
              `  const m: ${T} = new Map();`,
              '  let ps = -1;',
              '  let where = 0;',
              '  let k: unknown;',
              '  try {',
              '    for (let i = 0; i < n; i++) {',
              '      const ks = r.p;',
              '      where = 1;',
              `      k = ${this.at('Key', () => this.readExpr(s.key))};`,
              '      where = 0;',
              '      if (ps >= 0) r.keyOrder(ps, ks, r.p);',
              '      ps = ks;',
              '      where = 2;',
              `      m.set(k as ${K}, ${this.at('Value', () => this.readExpr(s.value))});`,
              '    }',
              '  } catch (e) {',
              "    rethrowIn(e, where === 1 ? '{key}' : where === 2 ? `[${String(k)}]` : '', r.p);",
              '  }',
              '  r.leave();',
              '  return m;',
            ],
            [
              ...(s.min ? [`  if (!(v instanceof Map) || v.size < ${s.min}) ${bad(`'expected a Map of at least ${s.min} entries'`)}`] : []),
              `  w.sortedMap(v, write${name}Key, write${name}Value);`,
            ],
          ),
          `function write${name}Key(w: CborWriter, k: ${K}): void {\n  try {\n    ${this.at('Key', () => this.writeStmt(s.key, 'k'))}\n  } catch (e) {\n    rethrowIn(e, '{key}', -1);\n  }\n}`,
          `function write${name}Value(w: CborWriter, x: ${V}, k: ${K}): void {\n  try {\n    ${this.at('Value', () => this.writeStmt(s.value, 'x'))}\n  } catch (e) {\n    rethrowIn(e, \`[\${String(k)}]\`, -1);\n  }\n}`,
        ].join('\n');
      }
      case 'tag':
        return fn(
          [
            '  const at = r.p;',
            '  const t = r.tag();',
            `  if (t !== ${s.tag}) r.fail('invalid-value', \`tag \${t}, expected ${s.tag}\`, at);`,
            '  r.enter(at);',
            `  const x = ${this.at('Inner', () => this.readExpr(s.inner))};`,
            '  r.leave();',
            `  return new CborTag(${s.tag}, x);`,
          ],
          [
            `  if (!(v instanceof CborTag) || Number(v.tag) !== ${s.tag}) ${bad(`'expected a CborTag ${s.tag}'`)}`,
            `  w.tag(${s.tag});`,
            `  ${this.at('Inner', () => this.writeStmt(s.inner, `(v.value as ${this.typeOf(s.inner)})`))}`,
          ],
        );
      case 'choice':
        return this.choiceCode(s.options, name, T);
      case 'struct':
        return structHelpers(this.structContext(), s.struct, name, T);
      default:
        throw new Error(`no helper for ${s.k}`);
    }
  }

  /** The CBOR initial-byte classes a shape can start with, and a JS test for its values. */
  private classOf(s: Shape): { majors: number[]; test: (v: string) => string } {
    switch (s.k) {
      case 'any':
        return { majors: [0, 1, 2, 3, 4, 5, 6, 7, -1, -2, -3], test: () => 'true' };
      case 'check':
        return this.classOf(s.inner);
      case 'choice': {
        const cs = s.options.map((o) => this.classOf(o));
        return { majors: [...new Set(cs.flatMap((c) => c.majors))], test: (v) => `(${[...new Set(cs.map((c) => c.test(v)))].join(' || ')})` };
      }
      case 'int':
        return { majors: s.signed ? [0, 1] : [0], test: (v) => `(typeof ${v} === 'number' || typeof ${v} === 'bigint')` };
      case 'literal':
        if (s.value.kind === 'bytes') return { majors: [2], test: (v) => `${v} instanceof Uint8Array` };
        if (s.value.kind === 'float') return { majors: [-3], test: (v) => `typeof ${v} === 'number'` };
        return s.value.kind === 'text'
          ? { majors: [3], test: (v) => `typeof ${v} === 'string'` }
          : { majors: s.value.kind === 'int' && s.value.value < 0 ? [1] : [0], test: (v) => `typeof ${v} === 'number'` };
      case 'bstr':
        return { majors: [2], test: (v) => `${v} instanceof Uint8Array` };
      case 'tstr':
        return { majors: [3], test: (v) => `typeof ${v} === 'string'` };
      case 'list':
        return { majors: [4], test: (v) => `Array.isArray(${v})` };
      case 'record':
        return {
          majors: [4],
          test: (v) =>
            `(typeof ${v} === 'object' && ${v} !== null && !Array.isArray(${v}) && !(${v} instanceof Map) && !(${v} instanceof Uint8Array) && !(${v} instanceof CborTag))`,
        };
      case 'table':
        return { majors: [5], test: (v) => `${v} instanceof Map` };
      case 'struct':
        return {
          majors: [5],
          test: (v) =>
            `(typeof ${v} === 'object' && ${v} !== null && !Array.isArray(${v}) && !(${v} instanceof Map) && !(${v} instanceof Uint8Array) && !(${v} instanceof CborTag))`,
        };
      case 'tag':
        return { majors: [6], test: (v) => `${v} instanceof CborTag` };
      case 'null':
        return { majors: [-1], test: (v) => `${v} === null` };
      case 'bool':
        return { majors: [-2], test: (v) => `typeof ${v} === 'boolean'` };
      case 'float':
        return { majors: [-3], test: (v) => `typeof ${v} === 'number'` };
      case 'ref': {
        const target = this.byName.get(s.name);
        if (!target) throw new Error(`cannot tell what '${s.name}' starts with`);
        return this.classOf(target.shape);
      }
    }
  }

  /**
   * A value test for an ordered choice's writer that also refuses objects with members the
   * alternative does not have (so that `{a, c}` is not written as the alternative `{a, ? b}`,
   * silently dropping `c`).
   */
  private strictTest(s: Shape, v: string): string {
    const base = this.classOf(s).test(v);
    const target = s.k === 'ref' ? this.byName.get(s.name)?.shape : s;
    const names =
      target?.k === 'struct'
        ? [...target.struct.fields.map((f) => f.name), ...(target.struct.rest.length ? [STRUCT_REST] : [])]
        : target?.k === 'record'
          ? [
              ...target.record.fields.map((f) => f.name),
              ...(target.record.variants
                ? [target.record.variants.tagField, ...target.record.variants.variants.flatMap((x) => x.fields.map((f) => f.name))]
                : []),
            ]
          : null;
    if (names === null) return base;
    const known = names.length ? names.map((n) => `k === ${q(n)}`).join(' || ') : 'false';
    return `${base} && Object.keys(${v} as object).every((k) => ${known})`;
  }

  /** A value that passes a control's check (a `check` shape): read or written by the inner shape, then checked. */
  private checkCode(s: Extract<Shape, { k: 'check' }>, fn: (read: string[], write: string[]) => string, bad: (what: string) => string): string {
    const c = s.check;
    const inner = (part: string) => ({
      read: this.at(part, () => this.readExpr(s.inner)),
      write: (x: string) => this.at(part, () => this.writeStmt(s.inner, x)),
    });
    const { read, write } = inner('Inner');
    if (c.op === 'and') {
      // The same data item must also be one of the other shape: read it again with that shape.
      const other = this.at('Also', () => this.readExpr(c.shape));
      return fn(
        [
          '  const at = r.p;',
          `  const x = ${read};`,
          '  const end = r.p;',
          '  r.p = at;',
          `  ((r: CborReader) => ${other})(r);`,
          '  r.p = end;',
          '  return x;',
        ],
        ['  const at = w.p;', `  ${write('v')}`, `  const r = new CborReader(w.buf.subarray(at, w.p));`, `  ${other};`],
      );
    }
    let cond: string;
    let what: string;
    switch (c.op) {
      case 'lt':
      case 'le':
      case 'gt':
      case 'ge': {
        const op = { lt: '<', le: '<=', gt: '>', ge: '>=' }[c.op];
        cond = `x ${op} ${c.value}`;
        what = `a number ${op} ${c.value}`;
        break;
      }
      case 'ne':
        if (c.value.kind === 'bytes') {
          const bytes = bytesLiteral(c.value.hex);
          cond = `!(x instanceof Uint8Array && x.length === ${c.value.hex.length / 2} && ${bytes}.every((b, i) => b === x[i]))`;
        } else cond = `x !== ${lit(c.value)}`;
        what = `not ${templateText(lit(c.value))}`;
        break;
      case 'text-encoding': {
        const size = [`d.length >= ${c.min}`, ...(c.max === null ? [] : [`d.length <= ${c.max}`])].join(' && ');
        cond = `((d) => d !== null && ${size})(${TEXT_DECODER}(${q(c.encoding)}, x))`;
        what = `text that is .${c.encoding} of ${c.max === null ? `at least ${c.min}` : c.min === c.max ? `${c.min}` : `${c.min} to ${c.max}`} bytes (RFC 9741)`;
        break;
      }
      case 'bits': {
        if (s.inner.k === 'bstr') {
          // Bit n is bit n % 8 (least significant first) of byte n >> 3 (RFC 8610 §3.8.2).
          const masks: number[] = [];
          for (const b of c.bits) masks[b >> 3] = (masks[b >> 3] ?? 0) | (1 << (b & 7));
          cond = `x.every((b, i) => (b & ~([${Array.from(masks, (m) => m ?? 0).join(', ')}][i] ?? 0)) === 0)`;
        } else {
          const mask = c.bits.reduce((m, b) => m | (1n << BigInt(b)), 0n);
          cond = `(BigInt(x) & ~${mask}n) === 0n`;
        }
        what = `only the bits ${c.bits.join(', ')} set`;
        break;
      }
    }
    return fn(
      ['  const at = r.p;', `  const x = ${read};`, `  if (!(${cond})) r.fail('invalid-value', ${q(`expected ${what}`)}, at);`, '  return x;'],
      ['  const x = v;', `  if (!(${cond})) ${bad(q(`expected ${what}`))}`, `  ${write('x')}`],
    );
  }

  private choiceCode(options: Shape[], name: string, T: string): string {
    const classes = options.map((o) => this.classOf(o));
    const seen = new Set<number>();
    const ambiguous = classes.some((c) => c.majors.some((m) => seen.has(m) || !seen.add(m)));
    if (ambiguous) return this.orderedChoiceCode(options, name, T);
    const read: string[] = ['  const b = r.peekByte();'];
    const nullIdx = classes.findIndex((c) => c.majors.includes(-1));
    if (nullIdx >= 0) read.push(`  if (b === 0xf6) return r.null();`);
    const boolIdx = classes.findIndex((c) => c.majors.includes(-2));
    if (boolIdx >= 0) read.push(`  if (b === 0xf4 || b === 0xf5) return r.bool();`);
    const floatIdx = classes.findIndex((c) => c.majors.includes(-3));
    if (floatIdx >= 0) read.push(`  if (b >= 0xf9 && b <= 0xfb) return r.floatValue();`);
    read.push('  switch (b >> 5) {');
    options.forEach((o, i) => {
      const majors = classes[i]!.majors.filter((m) => m >= 0);
      if (majors.length) read.push(`    ${majors.map((m) => `case ${m}:`).join(' ')} return ${this.at(`Option${i + 1}`, () => this.readExpr(o))};`);
    });
    read.push(`    default: return r.fail('no-matching-choice', 'no alternative starts with this data item');`, '  }');
    const write: string[] = [];
    // With a float alternative (`int / float`), a JS number goes to the integer only when it is one.
    const hasFloat = classes.some((c) => c.majors.includes(-3));
    // A map and an array that are both objects in TypeScript (`Claims-Set / Detached-Submodule-Digest`,
    // EAT): the writer tells them apart by their members, not only by being objects.
    const objects = options.filter((o) => ['struct', 'record'].includes((o.k === 'ref' ? this.byName.get(o.name)?.shape : o)?.k ?? '')).length;
    for (const [i, o] of options.entries()) {
      const c = classes[i]!;
      const base = objects > 1 ? this.strictTest(o, 'v') : c.test('v');
      const test = hasFloat && c.majors.includes(0) ? `${base} && (typeof v !== 'number' || Number.isInteger(v))` : base;
      write.push(`  if (${test}) { ${this.at(`Option${i + 1}`, () => this.writeStmt(o, `(v as ${this.typeOf(o)})`))} return; }`);
    }
    write.push(`  throw new ContentError('no-matching-choice', -1, 'the value matches no alternative');`);
    return [`function read${name}(r: CborReader): ${T} {`, ...read, '}', `function write${name}(w: CborWriter, v: ${T}): void {`, ...write, '}'].join('\n');
  }

  /**
   * A choice whose alternatives start alike (two maps, two texts, a socket's `any`): RFC 8610's
   * choices are ordered, the first alternative that matches wins. The reader tries each in turn
   * from the same position (CborReader.attempt), the writer writes the first that takes the value
   * (CborWriter.attempt).
   */
  private orderedChoiceCode(options: Shape[], name: string, T: string): string {
    const read = ['  const at = r.p;', '  let t;'];
    const write: string[] = [];
    for (const [i, o] of options.entries()) {
      read.push(`  if ((t = r.attempt((r) => ${this.at(`Option${i + 1}`, () => this.readExpr(o))}))) return t.value;`);
      write.push(
        `  if (${this.strictTest(o, 'v')} && w.attempt((w) => { ${this.at(`Option${i + 1}`, () => this.writeStmt(o, `(v as ${this.typeOf(o)})`))} })) return;`,
      );
    }
    read.push(`  return r.fail('no-matching-choice', 'no alternative matches this data item', at);`);
    write.push(`  throw new ContentError('no-matching-choice', -1, 'the value matches no alternative');`);
    return [`function read${name}(r: CborReader): ${T} {`, ...read, '}', `function write${name}(w: CborWriter, v: ${T}): void {`, ...write, '}'].join('\n');
  }
}
