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
import { CONTENT_MODULE_NAMES, declaredNames, tsName } from './names.ts';
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
    return docComment(['```cddl', ...r.rule.text.split('\n'), '```', `From ${where}.`]);
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
    this.out.push(`export const ${id}Schema: TSchema = Type.Cyclic(defs, ${q(r.name)});`);
    if (r.shape.k === 'record') {
      this.emitRecord(id, r.shape.record);
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
        return 'boolean';
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
    const fields = rec.fields.map((f) => `${propertyKey(f.name)}: ${this.typeOf(f.shape)};`);
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
        if (m === 'bigint') return 'Type.BigInt()';
        if (m === 'either') return 'Type.Union([Type.Integer(), Type.BigInt()])';
        if (!s.ranges) return s.signed ? 'Type.Integer()' : 'Type.Integer({ minimum: 0 })';
        const one = (r: IntRange) =>
          BigInt(r.min) === BigInt(r.max) ? `Type.Literal(${num(r.min)})` : `Type.Integer({ minimum: ${num(r.min)}, maximum: ${num(r.max)} })`;
        return s.ranges.length === 1 ? one(s.ranges[0]!) : `Type.Union([${s.ranges.map(one).join(', ')}])`;
      }
      case 'bstr':
        return `bytesSchema(${s.min}, ${s.max})`;
      case 'tstr':
        return `textSchema(${s.min}, ${s.max})`;
      case 'bool':
        return 'Type.Boolean()';
      case 'null':
        return 'Type.Null()';
      case 'float':
        return 'Type.Number()';
      case 'any':
        return s.maxSize === null ? 'Type.Unknown()' : `anySchema(${s.maxSize})`;
      case 'literal':
        return s.value.kind === 'bytes' ? `bytesSchema(${s.value.hex.length / 2}, ${s.value.hex.length / 2})` : `Type.Literal(${lit(s.value)})`;
      case 'ref': {
        if (!inline) return `Type.Ref(${q(s.name)})`;
        const target = this.byName.get(s.name);
        if (!target || seen.has(s.name)) return 'Type.Unknown()';
        return this.schemaOf(target.shape, true, new Set([...seen, s.name]));
      }
      case 'choice':
        return `Type.Union([${s.options.map(sub).join(', ')}])`;
      case 'list':
        return `Type.Array(${sub(s.element)}, { minItems: ${s.min}${s.max === null ? '' : `, maxItems: ${s.max}`} })`;
      case 'table':
        return `mapSchema(${this.schemaOf(s.key, true, seen)}, ${this.schemaOf(s.value, true, seen)})`;
      case 'tag':
        return `tagSchema(${s.tag}, ${this.schemaOf(s.inner, true, seen)})`;
      case 'struct':
        return structSchema(
          (x) => this.schemaOf(x, true, seen),
          (k, v) => `mapSchema(${k}, ${v})`,
          s.struct,
        );
      case 'record': {
        const fields = (fs: RecordShape['fields']) => fs.map((f) => `${quotedPropertyKey(f.name)}: ${sub(f.shape)}`);
        const rec = s.record;
        if (!rec.variants) return `Type.Object(${expandedObject(fields(rec.fields), ',')})`;
        return `Type.Union([${rec.variants.variants
          .map(
            (v) =>
              `Type.Object(${expandedObject([...fields(rec.fields), `${quotedPropertyKey(rec.variants!.tagField)}: Type.Literal(${lit(v.tag)})`, ...fields(v.fields)], ',')})`,
          )
          .join(', ')}])`;
      }
    }
  }

  // ---- records -----------------------------------------------------------------------------

  private emitRecord(id: string, rec: RecordShape): void {
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
    this.out.push(
      `export function read${id}(r: CborReader): ${id} {`,
      '  const at = r.p;',
      '  const n = r.array();',
      // A record with alternatives is built before its tag says which member of the union it is.
      ...(rec.variants ? [UNTYPED_RECORD, '  const o: any = {};'] : [`  const o = {} as ${id};`]),
      "  let f = '';",
      '  try {',
      ...read,
      ...READ_CONTAINER_END,
      `export function write${id}(w: CborWriter, v: ${id}): void {`,
      ...(rec.variants ? [UNTYPED_RECORD, '  const o: any = v;'] : ['  const o = v;']),
      "  let f = '';",
      '  try {',
      `    if (typeof o !== 'object' || o === null) throw new ContentError('wrong-type', -1, 'expected an object');`,
      ...write,
      '  } catch (e) {',
      '    rethrowIn(e, f, -1);',
      '  }',
      '}',
    );
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
        return `w.bytes(hexBytes('${hex(v.hex)}'));`;
    }
  }

  // ---- expressions -------------------------------------------------------------------------

  private readExpr(s: Shape): string {
    switch (s.k) {
      case 'bool':
        return 'r.bool()';
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
        if (s.min === 0 && s.max === null) return 'r.bytes()';
        break;
      case 'tstr':
        if (s.min === 0 && s.max === null) return 'r.text()';
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
        return `w.bool(${v});`;
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
        if (s.min === 0 && s.max === null) return `w.bytes(${v});`;
        break;
      case 'tstr':
        if (s.min === 0 && s.max === null) return `w.text(${v});`;
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
  private helper(s: Shape, which: 'read' | 'write'): string {
    const key = JSON.stringify(s, (_k, x) => (typeof x === 'bigint' ? `${x}n` : x));
    const name = this.names.nameOf(key, `${this.site.join('')}${HELPER_KIND[s.k]}`);
    if (!this.helpers.has(key)) {
      this.helpers.set(key, ''); // reserve the place: nested helpers come after it
      this.helpers.set(key, this.helperCode(s, name));
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
        const rd = mode === 'bigint' ? 'r.uint64()' : s.signed ? 'r.int()' : mode === 'number' ? 'r.uint()' : 'r.uintAny()';
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
        const cond = `n < ${s.min}${s.max === null ? '' : ` || n > ${s.max}`}`;
        return fn(
          [
            '  const at = r.p;',
            `  const x = r.${s.k === 'bstr' ? 'bytes' : 'text'}();`,
            '  const n = r.lastLen;',
            `  if (${cond}) r.fail('invalid-value', \`${what} of \${n} bytes, expected ${range}\`, at);`,
            '  return x;',
          ],
          [
            `  w.${s.k === 'bstr' ? 'bytes' : 'text'}(v);`,
            `  const n = ${s.k === 'bstr' ? 'v.length' : 'w.lastLen'};`,
            `  if (${cond}) ${bad(`\`${what} of \${n} bytes, expected ${range}\``)}`,
          ],
        );
      }
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
        if (s.value.kind === 'bytes') throw new Error('byte-string literals are not supported yet');
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
              '  const n = r.map();',
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
            [`  w.sortedMap(v, write${name}Key, write${name}Value);`],
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
      case 'int':
        return { majors: s.signed ? [0, 1] : [0], test: (v) => `(typeof ${v} === 'number' || typeof ${v} === 'bigint')` };
      case 'literal':
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
      default:
        throw new Error(`a choice cannot hold ${s.k}`);
    }
  }

  private choiceCode(options: Shape[], name: string, T: string): string {
    const classes = options.map((o) => this.classOf(o));
    const seen = new Map<number, number>();
    classes.forEach((c, i) => {
      for (const m of c.majors) {
        if (seen.has(m)) throw new Error(`ambiguous choice: alternatives ${seen.get(m)! + 1} and ${i + 1} start alike`);
        seen.set(m, i);
      }
    });
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
    for (const [i, o] of options.entries()) {
      write.push(`  if (${classes[i]!.test('v')}) { ${this.at(`Option${i + 1}`, () => this.writeStmt(o, `(v as ${this.typeOf(o)})`))} return; }`);
    }
    write.push(`  throw new ContentError('no-matching-choice', -1, 'the value matches no alternative');`);
    return [`function read${name}(r: CborReader): ${T} {`, ...read, '}', `function write${name}(w: CborWriter, v: ${T}): void {`, ...write, '}'].join('\n');
  }
}
