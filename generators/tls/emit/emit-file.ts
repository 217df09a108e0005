/**
 * Emits the TypeScript of one spec file: for every declaration a type, `readX`/`sizeX`/`writeX`
 * functions and an `XCodec`. Generated code is straight-line on purpose: one function per type,
 * member reads and writes in wire order, a `switch` per select, no closures per field. Composite
 * field types (vectors of structs, optionals) get small helper functions named after their shape.
 *
 * Error paths: every reader/sizer/writer keeps the current member name in a local `f` and, in its
 * one catch block, prepends it to the error's type path, so the successful path does no path
 * bookkeeping at all.
 */
import type { Declaration, EnumDecl, Field, Member, Select, StructDecl, AliasDecl, TypeRef } from '../ir.ts';
import type { TlsPackage } from '../model.ts';
import { fieldSupplies } from '../passes/compute-context.ts';
import { underlying } from '../passes/resolve-selects.ts';
import { allFields } from '../passes/walk.ts';
import { assertName, optionalAccess, propertyAccess, quotedPropertyKey } from '../../common/generated-names.ts';
import { docComment, stringLiteral, templateText } from '../../common/generated-text.ts';
import { TLS_MODULE_NAMES, tsIdent } from './names.ts';
import { fixedSize, isByte, signature } from './type-info.ts';
import { emitTypeOf, isNarrowingUnion, tsTypeRef } from './emit-types.ts';

export interface EmittedFile {
  /** Names used from elsewhere: identifier → module specifier. */
  imports: Map<string, { from: string; typeOnly: boolean }>;
  /** The declarations' code. */
  body: string;
  /** One block (read, size and write functions) per composite shape, named after the shape. */
  helpers: string[];
  /** Codec constants defined in this file: declaration name → const identifier. */
  codecs: Array<{ name: string; ident: string }>;
}

export class FileEmitter {
  private readonly helpers = new Map<string, string>();
  /** Whether the struct being encoded is held in a typed local (see emitStruct). */
  private encodeTyped = false;
  private readonly out: string[] = [];
  readonly imports = new Map<string, { from: string; typeOnly: boolean }>();
  readonly codecs: Array<{ name: string; ident: string }> = [];

  constructor(
    private readonly pkg: TlsPackage,
    private readonly specName: string,
    /** Module specifier for a declaration defined elsewhere: sibling file or imported package. */
    private readonly moduleOf: (declName: string) => string | null,
  ) {}

  emit(decls: readonly Declaration[]): EmittedFile {
    for (const d of decls) {
      if (d.kind === 'enum') this.emitEnum(d);
      else if (d.kind === 'struct') this.emitStruct(d);
      else this.emitAlias(d);
    }
    return { imports: this.imports, body: this.out.join('\n'), helpers: [...this.helpers.values()], codecs: this.codecs };
  }

  // ---- names -------------------------------------------------------------------------------

  /** Identifier of a named type, importing it (and its functions) when it lives elsewhere. */
  private ref(name: string, what: 'type' | 'read' | 'size' | 'write'): string {
    const decl = this.pkg.symbols.get(name)?.decl;
    const ident = decl ? tsIdent(decl) : name;
    const id = what === 'type' ? ident : `${what}${ident}`;
    const from = this.moduleOf(name);
    if (from) {
      const prior = this.imports.get(id);
      this.imports.set(id, { from, typeOnly: what === 'type' && (prior?.typeOnly ?? true) });
    }
    return id;
  }

  private typeText(t: TypeRef): string {
    return tsTypeRef(t, (n) => this.ref(n, 'type'));
  }

  // ---- doc comments ------------------------------------------------------------------------

  private doc(decl: Declaration): string {
    const p = decl.provenance;
    const where = p.draft
      ? `${p.draft}-${p.version ?? '?'}${p.section ? ` § ${p.section}` : ''}${p.draftLine ? ` (draft line ${p.draftLine})` : ''}`
      : `${p.file}:${p.line}`;
    return docComment(['```tls', ...decl.text.split('\n'), '```', `From ${where}.`]);
  }

  // ---- enums -------------------------------------------------------------------------------

  /** The declaration's TypeScript name (checked-names pass: refused names never get here). */
  private ident(d: Declaration): string {
    return assertName(tsIdent(d), 'declaration', TLS_MODULE_NAMES);
  }

  private emitEnum(d: EnumDecl): void {
    const id = this.ident(d);
    const u = `u${d.width * 8}` as const;
    const entries = d.values.map((v) => `  ${quotedPropertyKey(v.name)}: ${v.value},`).join('\n');
    const byValue = d.values.map((v) => `  ${v.value}: ${stringLiteral(v.name)},`).join('\n');
    this.out.push(
      this.doc(d),
      `export const ${id} = {\n${entries}\n} as const;`,
      `export type ${id} = keyof typeof ${id}${d.open ? ' | number' : ''};`,
      `const ${id}_byValue: Record<number, keyof typeof ${id}> = {\n${byValue}\n};`,
      `export function read${id}(r: Reader): ${id} {`,
      `  const n = r.${u}();`,
      `  const s = ${id}_byValue[n];`,
      d.open
        ? `  return s ?? n;`
        : `  if (s === undefined) return r.fail('unknown-enum-value', \`\${n} is not a value of ${templateText(d.name)}\`, r.p - ${d.width});\n  return s;`,
      `}`,
      `export function size${id}(_v?: ${id}): number {\n  return ${d.width};\n}`,
      `export function write${id}(w: Writer, v: ${id}): void {`,
      // Own properties only: a name such as 'toString' must not find Object.prototype's.
      d.open
        ? `  const n = typeof v === 'number' ? v : Object.hasOwn(${id}, v) ? (${id} as Record<string, number>)[v] : undefined;`
        : `  const n = Object.hasOwn(${id}, v) ? (${id} as Record<string, number>)[v] : undefined;`,
      `  if (n === undefined) throw new EncodeError('invalid-value', \`\${String(v)} is not a value of ${templateText(d.name)}\`);`,
      `  w.${u}(n);`,
      `}`,
      `export const ${id}Codec: Codec<${id}> = defineCodec<${id}>(${stringLiteral(d.name)}, read${id}, size${id}, write${id});`,
      '',
    );
    this.codecs.push({ name: d.name, ident: `${id}Codec` });
  }

  // ---- aliases -----------------------------------------------------------------------------

  private emitAlias(d: AliasDecl): void {
    const id = this.ident(d);
    const ctxNames = this.aliasContext(d);
    this.out.push(
      this.doc(d),
      `export type ${id} = ${this.typeText(d.type)};`,
      `export function read${id}(r: Reader, ctx?: CodecContext): ${id} {\n  return ${this.readExpr(d.type, 'ctx')};\n}`,
      `export function size${id}(v: ${id}, z: number[], ctx?: CodecContext): number {\n  return ${this.sizeExpr(d.type, 'v', 'ctx')};\n}`,
      `export function write${id}(w: Writer, v: ${id}, ctx?: CodecContext): void {\n  ${this.writeStmt(d.type, 'v', 'ctx')}\n}`,
      `export const ${id}Codec: Codec<${id}> = defineCodec<${id}>(${stringLiteral(d.name)}, read${id}, size${id}, write${id}, ${stringArray(ctxNames)});`,
      '',
    );
    this.codecs.push({ name: d.name, ident: `${id}Codec` });
  }

  private aliasContext(d: AliasDecl): string[] {
    const u = underlying(this.pkg, d.type);
    if ('kind' in u && u.kind === 'struct' && 'name' in u) return this.contextNeedsOf((u as StructDecl).name);
    return [];
  }

  private contextNeedsOf(structName: string): string[] {
    const own = this.pkg.contextNeeds.get(structName);
    if (own) return own;
    for (const imp of this.pkg.imports) {
      const n = imp.contextNeeds.get(structName);
      if (n) return n;
    }
    return [];
  }

  // ---- structs -----------------------------------------------------------------------------

  private emitStruct(d: StructDecl): void {
    const id = this.ident(d);
    const ctxNames = this.pkg.contextNeeds.get(d.name) ?? [];
    const read: string[] = [];
    const size: string[] = [];
    const write: string[] = [];
    // A struct without selects reads into and writes from its own type. With selects, a field of
    // an arm is optional in the type (or absent from other union members) while the code reaches
    // it after a switch the type checker cannot follow (nested or context discriminators), so
    // those keep an untyped view: the arm's own reader and writer check each value. So do fixed
    // values (`version = mls10`), typed as the literal but read as the whole enum, then checked.
    const fixedValues = [...allFields(d.members)].some((f) => f.fixedValue !== undefined);
    const typed = !fixedValues && d.members.every((m) => m.kind === 'field');
    // Encoders also take a discriminated union (`Sender`) as it is: the switch narrows it.
    const typedEncode = typed || (!fixedValues && isNarrowingUnion(this.pkg, d));
    this.encodeTyped = typedEncode;
    this.readMembers(d.members, read, '    ');
    this.sizeMembers(d.members, size, '    ');
    this.writeMembers(d.members, write, '    ');
    if (!d.members.length) {
      this.emitEmptyStruct(d, id);
      return;
    }
    const untyped = '  // biome-ignore lint/suspicious/noExplicitAny: select arms reach fields the type makes optional; each value is checked by its codec';
    this.out.push(
      this.doc(d),
      `export type ${id} = ${emitTypeOf(this.pkg, d, (n) => this.ref(n, 'type'))};`,
      `export function read${id}(r: Reader, ctx?: CodecContext): ${id} {`,
      ...(typed ? [`  const o = {} as ${id};`] : [untyped, `  const o: any = {};`]),
      `  let f = '';`,
      `  r.enter();`,
      `  try {`,
      ...read,
      `  } catch (e) {`,
      `    rethrowWithin(e, f, r.p);`,
      `  }`,
      `  r.leave();`,
      `  return o;`,
      `}`,
      `export function size${id}(v: ${id}, z: number[], ctx?: CodecContext): number {`,
      // Members of fixed size add a constant and never look at the value.
      ...(size.some((l) => /\bo\b/.test(l)) ? [...(typedEncode ? [] : [untyped]), `  const o${typedEncode ? '' : ': any'} = v;`] : []),
      `  let f = '';`,
      `  let n = 0;`,
      `  try {`,
      ...size,
      `  } catch (e) {`,
      `    rethrowEncodeWithin(e, f);`,
      `  }`,
      `  return n;`,
      `}`,
      `export function write${id}(w: Writer, v: ${id}, ctx?: CodecContext): void {`,
      ...(typedEncode ? [] : [untyped]),
      `  const o${typedEncode ? '' : ': any'} = v;`,
      `  let f = '';`,
      `  try {`,
      ...write,
      `  } catch (e) {`,
      `    rethrowEncodeWithin(e, f);`,
      `  }`,
      `}`,
      `export const ${id}Codec: Codec<${id}> = defineCodec<${id}>(${stringLiteral(d.name)}, read${id}, size${id}, write${id}, ${stringArray(ctxNames)});`,
      '',
    );
    this.codecs.push({ name: d.name, ident: `${id}Codec` });
  }

  /** `struct {} X;`: nothing to read or write, and so nothing to put a member name on. */
  private emitEmptyStruct(d: StructDecl, id: string): void {
    this.out.push(
      this.doc(d),
      `export type ${id} = ${emitTypeOf(this.pkg, d, (n) => this.ref(n, 'type'))};`,
      `export function read${id}(r: Reader, ctx?: CodecContext): ${id} {`,
      `  r.enter();`,
      `  r.leave();`,
      `  return {};`,
      `}`,
      `export function size${id}(v: ${id}, z: number[], ctx?: CodecContext): number {`,
      `  return 0;`,
      `}`,
      `export function write${id}(w: Writer, v: ${id}, ctx?: CodecContext): void {}`,
      `export const ${id}Codec: Codec<${id}> = defineCodec<${id}>(${stringLiteral(d.name)}, read${id}, size${id}, write${id}, []);`,
      '',
    );
    this.codecs.push({ name: d.name, ident: `${id}Codec` });
  }

  /** The context argument passed to a field's codec: the caller's ctx, or values from this struct. */
  private ctxArg(field: Field, obj: string): string {
    const supplies = fieldSupplies.get(field);
    if (!supplies?.length) return 'undefined';
    if (supplies.every((s) => s.from === null)) return 'ctx';
    const parts = supplies.map(
      (s) => `${quotedPropertyKey(s.name)}: ${s.from ? s.from.reduce((acc, seg) => propertyAccess(acc, seg), obj) : `ctx?.[${stringLiteral(s.name)}]`}`,
    );
    return `{ ${parts.join(', ')} } as CodecContext`;
  }

  private discriminator(sel: Select, obj: string, mode: 'read' | 'encode'): string {
    const r = sel.discriminator.resolved;
    if (!r) throw new Error(`unresolved select in ${this.specName}`);
    // Past the first segment the path may cross select arms (`proposalOrCommit.public_message…`)
    // that this value does not have: optional chaining turns that into "no matching arm".
    if (r.scope === 'own') return r.fieldPath.reduce((acc, seg, i) => (i === 0 ? propertyAccess(acc, seg) : optionalAccess(acc, seg)), obj);
    return mode === 'read' ? `decodeContext(ctx, ${stringLiteral(r.contextName)}, r.p)` : `encodeContext(ctx, ${stringLiteral(r.contextName)})`;
  }

  /** `case "a":` lines of an arm, or `default:`. */
  private armLabels(arm: Select['arms'][number]): string[] {
    return arm.isDefault ? ['default:'] : arm.cases.map((c) => `case ${typeof c === 'number' ? String(c) : stringLiteral(c)}:`);
  }

  private readMembers(members: readonly Member[], out: string[], ind: string): void {
    for (const m of members) {
      if (m.kind === 'field') {
        out.push(`${ind}f = ${stringLiteral(m.name)};`);
        out.push(`${ind}${propertyAccess('o', m.name)} = ${this.readExpr(m.type, this.ctxArg(m, 'o'))};`);
        if (m.fixedValue !== undefined) {
          // Reported at the field's first byte, like any other bad value.
          const width = fixedSize(this.pkg, m.type) ?? 0;
          out.push(
            `${ind}if (${propertyAccess('o', m.name)} !== ${fixedLiteral(m.fixedValue)}) r.fail('fixed-value-mismatch', \`expected ${templateText(String(m.fixedValue))}, got \${String(${propertyAccess('o', m.name)})}\`, r.p - ${width});`,
          );
        }
        continue;
      }
      out.push(`${ind}f = ${stringLiteral(this.selectSegment(m))};`);
      out.push(`${ind}switch (${this.discriminator(m, 'o', 'read')}) {`);
      let hasDefault = false;
      for (const arm of m.arms) {
        if (arm.isDefault) hasDefault = true;
        const labels = this.armLabels(arm);
        out.push(...labels.slice(0, -1).map((l) => `${ind}  ${l}`), `${ind}  ${labels.at(-1)} {`);
        this.readMembers(arm.members, out, `${ind}    `);
        out.push(`${ind}    break;`, `${ind}  }`);
      }
      if (!hasDefault) {
        out.push(
          `${ind}  default:`,
          `${ind}    r.fail('unknown-select-case', \`no arm for ${templateText(m.discriminator.path.join('.'))} = \${String(${this.discriminator(m, 'o', 'read')})}\`);`,
        );
      }
      out.push(`${ind}}`);
    }
  }

  private sizeMembers(members: readonly Member[], out: string[], ind: string): void {
    for (const m of members) {
      if (m.kind === 'field') {
        out.push(`${ind}f = ${stringLiteral(m.name)};`);
        if (m.fixedValue !== undefined) {
          out.push(
            `${ind}if (${propertyAccess('o', m.name)} !== ${fixedLiteral(m.fixedValue)}) throw new EncodeError('invalid-value', \`must be ${templateText(String(m.fixedValue))}\`);`,
          );
        }
        out.push(`${ind}n += ${this.sizeExpr(m.type, propertyAccess('o', m.name), this.ctxArg(m, 'o'))};`);
        continue;
      }
      this.encodeSwitch(m, out, ind, (arm, ind2) => this.sizeMembers(arm, out, ind2));
    }
  }

  private writeMembers(members: readonly Member[], out: string[], ind: string): void {
    for (const m of members) {
      if (m.kind === 'field') {
        out.push(`${ind}f = ${stringLiteral(m.name)};`);
        out.push(`${ind}${this.writeStmt(m.type, propertyAccess('o', m.name), this.ctxArg(m, 'o'))}`);
        continue;
      }
      this.encodeSwitch(m, out, ind, (arm, ind2) => this.writeMembers(arm, out, ind2));
    }
  }

  /** The path segment an error in a select's discriminator is reported under. */
  private selectSegment(m: Select): string {
    const r = m.discriminator.resolved;
    return r?.scope === 'own' ? r.fieldPath[0]! : '';
  }

  private encodeSwitch(m: Select, out: string[], ind: string, body: (members: Member[], ind: string) => void): void {
    out.push(`${ind}f = ${stringLiteral(this.selectSegment(m))};`);
    out.push(`${ind}switch (${this.discriminator(m, 'o', 'encode')}) {`);
    let hasDefault = false;
    for (const arm of m.arms) {
      if (arm.isDefault) hasDefault = true;
      const labels = this.armLabels(arm);
      out.push(...labels.slice(0, -1).map((l) => `${ind}  ${l}`), `${ind}  ${labels.at(-1)} {`);
      body(arm.members, `${ind}    `);
      out.push(`${ind}    break;`, `${ind}  }`);
    }
    if (!hasDefault) {
      out.push(
        `${ind}  default:`,
        // With a typed value every tag has an arm, so here its type is `never`: read the tag untyped.
        `${ind}    throw new EncodeError('unknown-select-case', \`no arm for ${templateText(m.discriminator.path.join('.'))} = \${String(${this.discriminator(m, this.encodeTyped ? '(o as Record<string, unknown>)' : 'o', 'encode')})}\`);`,
      );
    }
    out.push(`${ind}}`);
  }

  // ---- type expressions --------------------------------------------------------------------

  private readExpr(t: TypeRef, ctx: string): string {
    switch (t.kind) {
      case 'uint':
        return `r.u${t.bits}()`;
      case 'opaque':
        return 'r.u8()';
      case 'padding':
        return 'r.padding()';
      case 'named':
        return `${this.ref(t.name, 'read')}(r${this.namedCtx(t.name, ctx)})`;
      case 'array':
        if (isByte(t.element)) return `r.fixed(${t.byteLength})`;
        break;
      case 'vector':
        if (isByte(t.element)) {
          return t.length.kind === 'varint' ? 'r.opaqueV()' : `r.upTo(r.rangedVectorEnd(${t.length.width}, ${t.length.min}, ${t.length.max}))`;
        }
        break;
      case 'struct':
        throw new Error('inline structs are hoisted before emission');
    }
    return `read_${this.helper(t)}(r, ${ctx})`;
  }

  private sizeExpr(t: TypeRef, v: string, ctx: string): string {
    switch (t.kind) {
      case 'uint':
        return String(t.bits / 8);
      case 'opaque':
        return '1';
      case 'padding':
        return `paddingSize(${v})`;
      case 'named': {
        const fixed = fixedSize(this.pkg, t);
        if (fixed !== null) return String(fixed);
        return `${this.ref(t.name, 'size')}(${v}, z${this.namedCtx(t.name, ctx)})`;
      }
      case 'array':
        if (isByte(t.element)) return `fixedBytesSize(${v}, ${t.byteLength})`;
        break;
      case 'vector':
        if (isByte(t.element)) {
          return t.length.kind === 'varint' ? `opaqueVSize(${v})` : `${t.length.width} + rangedLength(${v}.length, ${t.length.min}, ${t.length.max})`;
        }
        if (t.length.kind === 'varint') {
          const k = fixedSize(this.pkg, t.element);
          if (k !== null) return `fixedVectorSize(${v}, ${k})`;
        }
        break;
      case 'struct':
        throw new Error('inline structs are hoisted before emission');
    }
    return `size_${this.helper(t)}(${v}, z, ${ctx})`;
  }

  private writeStmt(t: TypeRef, v: string, ctx: string): string {
    switch (t.kind) {
      case 'uint':
        return `w.u${t.bits}(${v});`;
      case 'opaque':
        return `w.u8(${v});`;
      case 'padding':
        return `w.zeros(${v});`;
      case 'named':
        return `${this.ref(t.name, 'write')}(w, ${v}${this.namedCtx(t.name, ctx)});`;
      case 'array':
        if (isByte(t.element)) return `w.bytes(${v});`;
        break;
      case 'vector':
        if (isByte(t.element)) {
          return t.length.kind === 'varint' ? `w.opaqueV(${v});` : `w.u${t.length.width * 8}(${v}.length); w.bytes(${v});`;
        }
        break;
      case 'struct':
        throw new Error('inline structs are hoisted before emission');
    }
    return `write_${this.helper(t)}(w, ${v}, ${ctx});`;
  }

  /** Named codecs take a context argument only when they can use one. */
  private namedCtx(name: string, ctx: string): string {
    if (ctx === 'undefined') return '';
    const u = underlying(this.pkg, { kind: 'named', name });
    const isEnumOrInt = 'kind' in u && (u.kind === 'enum' || u.kind === 'uint' || u.kind === 'opaque');
    return isEnumOrInt ? '' : `, ${ctx}`;
  }

  /** Emits (once) the read/size/write helpers of a composite type and returns their suffix. */
  private helper(t: TypeRef): string {
    const sig = signature(t);
    if (this.helpers.has(sig)) return sig;
    this.helpers.set(sig, ''); // reserve: element helpers may recurse into this
    const T = this.typeText(t);
    let code: string;
    if (t.kind === 'optional') {
      code = [
        `function read_${sig}(r: Reader, ctx?: CodecContext): ${T} {`,
        `  return r.present() ? ${this.readExpr(t.element, 'ctx')} : null;`,
        `}`,
        `function size_${sig}(v: ${T}, z: number[], ctx?: CodecContext): number {`,
        `  return v == null ? 1 : 1 + ${this.sizeExpr(t.element, 'v', 'ctx')};`,
        `}`,
        `function write_${sig}(w: Writer, v: ${T}, ctx?: CodecContext): void {`,
        `  if (v == null) {`,
        `    w.u8(0);`,
        `  } else {`,
        `    w.u8(1);`,
        `    ${this.writeStmt(t.element, 'v', 'ctx')}`,
        `  }`,
        `}`,
      ].join('\n');
    } else if (t.kind === 'vector' || t.kind === 'array') {
      code = this.vectorHelper(t, sig, T);
    } else {
      throw new Error(`no helper for ${sig}`);
    }
    this.helpers.set(sig, code);
    return sig;
  }

  private vectorHelper(t: Extract<TypeRef, { kind: 'vector' | 'array' }>, sig: string, T: string): string {
    const E = this.typeText(t.element);
    const fixed = fixedSize(this.pkg, t.element);
    const el = (v: string) => this.sizeExpr(t.element, v, 'ctx');
    let start: string;
    let sizeBody: string[];
    let writeHead: string;
    if (t.kind === 'array') {
      if (fixed === null || t.byteLength % fixed !== 0) throw new Error(`array ${sig}: elements must have a fixed size dividing ${t.byteLength}`);
      const count = t.byteLength / fixed;
      start = `const end = r.fixedArrayEnd(${t.byteLength});`;
      sizeBody = [
        `  if (!Array.isArray(v) || v.length !== ${count}) throw new EncodeError('invalid-value', 'expected ${count} elements');`,
        `  return ${t.byteLength};`,
      ];
      writeHead = '';
    } else if (t.length.kind === 'varint' && fixed !== null) {
      start = 'const end = r.vectorEnd();';
      sizeBody = []; // sizeExpr writes fixedVectorSize(v, k) in place: no size helper
      writeHead = `  w.varint(v.length * ${fixed});`;
    } else {
      const len = t.length;
      start = len.kind === 'varint' ? 'const end = r.vectorEnd();' : `const end = r.rangedVectorEnd(${len.width}, ${len.min}, ${len.max});`;
      sizeBody = [
        `  if (!Array.isArray(v)) throw new EncodeError('invalid-value', 'expected an array');`,
        `  const k = z.length;`,
        `  z.push(0);`,
        `  let n = 0;`,
        `  let i = 0;`,
        `  try {`,
        `    for (; i < v.length; i++) n += ${el('v[i]!')};`,
        `  } catch (e) {`,
        `    rethrowEncodeWithin(e, \`[\${i}]\`);`,
        `  }`,
        `  z[k] = n;`,
        len.kind === 'varint' ? `  return varintPrefixedSize(n);` : `  return ${len.width} + rangedLength(n, ${len.min}, ${len.max});`,
      ];
      writeHead = len.kind === 'varint' ? '  w.varint(w.nextSize());' : `  w.u${len.width * 8}(w.nextSize());`;
    }
    return [
      `function read_${sig}(r: Reader, ctx?: CodecContext): ${T} {`,
      `  ${start}`,
      `  const a: ${/[|&]/.test(E) ? `(${E})` : E}[] = [];`,
      `  let i = 0;`,
      `  try {`,
      ...(fixed === null
        ? [
            // An element that takes no bytes would never reach the end: refuse it instead of looping.
            `    for (; r.p < end; i++) {`,
            `      const s = r.p;`,
            `      a.push(${this.readExpr(t.element, 'ctx')});`,
            `      if (r.p === s) r.fail('zero-size-element', 'a vector element took no bytes');`,
            `    }`,
          ]
        : [`    for (; r.p < end; i++) a.push(${this.readExpr(t.element, 'ctx')});`]),
      `  } catch (e) {`,
      `    rethrowWithin(e, \`[\${i}]\`, r.p);`,
      `  }`,
      `  r.endVector(end);`,
      `  return a;`,
      `}`,
      ...(sizeBody.length ? [`function size_${sig}(v: ${T}, z: number[], ctx?: CodecContext): number {`, ...sizeBody, `}`] : []),
      `function write_${sig}(w: Writer, v: ${T}, ctx?: CodecContext): void {`,
      ...(writeHead ? [writeHead] : []),
      `  let i = 0;`,
      `  try {`,
      `    for (; i < v.length; i++) ${this.writeStmt(t.element, 'v[i]!', 'ctx')}`,
      `  } catch (e) {`,
      `    rethrowEncodeWithin(e, \`[\${i}]\`);`,
      `  }`,
      `}`,
    ].join('\n');
  }
}

/** `["a","b"]`: context names as an array literal. */
function stringArray(names: readonly string[]): string {
  return `[${names.map(stringLiteral).join(',')}]`;
}

/** A fixed value (`= mls10`, `= 1`) as a literal. */
function fixedLiteral(v: string | number): string {
  return typeof v === 'number' ? String(v) : stringLiteral(v);
}
