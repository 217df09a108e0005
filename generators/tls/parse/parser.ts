/**
 * TLS presentation-language parser: .tls text → TlsSpec IR plus diagnostics.
 *
 * Accepts RFC 8446 §3 and RFC 9420 §2.1 syntax and the dialect the MIMI/MLS drafts actually use
 * (`optional T name`, `;`-separated enums, anonymous select arms, optional `;` after a select,
 * typed-variable declarations). It only builds syntax: names are not resolved and select
 * discriminators are left for the resolve pass.
 *
 * Error handling: the parser never throws and reports every error of the file in one run. A
 * construct that cannot be parsed is abandoned (internally, by throwing `ABANDON`) up to the
 * nearest place that can resynchronise — the enclosing member, select arm, enum entry or top-level
 * statement — which skips ahead and carries on. A declaration with any error is left out of the
 * IR, except when the only problem is a missing `;` whose position is unambiguous: that one is
 * reported but the declaration is kept, so later passes do not pile "undefined type" errors on top.
 */

import { basename, extname } from 'node:path';
import { sortDiagnostics, type Diagnostic } from '../../common/diagnostics.ts';
import { ABANDON, RecoveringParser, relativeLine } from '../../common/recovering-parser.ts';
import { erratumIdPart } from '../../common/erratum-id.ts';
import {
  IR_VERSION,
  type Declaration,
  type EnumDecl,
  type EnumValue,
  type Field,
  type Member,
  type Provenance,
  type Select,
  type SelectArm,
  type TlsSpec,
  type TypeRef,
} from '../ir.ts';
import { lex, type Token } from './lexer.ts';
import { NestingLimit } from '../../common/nesting-limit.ts';
import { enumWidth, lengthPrefixWidth, UINT32_MAX } from './numbers.ts';
import { isOpenPragma } from '../../common/provenance.ts';

/**
 * How deeply structs, selects and `optional<…>` may nest (each inline `struct {`, `select (…) {`
 * and `optional<` is one level). The drafts nest at most 3 levels; 32 is ten times that, and far
 * below what would overflow the call stack of the parser or of the passes and emitters that recurse
 * over the IR. Deeper input is a `nesting-too-deep` error at the construct that goes too deep.
 */
export const TLS_MAX_NESTING = 32;

export interface ParseTlsOptions {
  /** Default TLS_MAX_NESTING. */
  maxNesting?: number;
}

export function parseTls(text: string, file: string, specName?: string, options: ParseTlsOptions = {}): { spec: TlsSpec; diagnostics: Diagnostic[] } {
  const lexed = lex(text, file);
  const parser = new Parser(text, file, lexed.tokens, new NestingLimit(options.maxNesting ?? TLS_MAX_NESTING));
  const declarations = parser.parseDeclarations();
  return {
    spec: { irVersion: IR_VERSION, name: specName ?? basename(file, extname(file)), declarations },
    diagnostics: sortDiagnostics([...lexed.diagnostics, ...parser.diagnostics]),
  };
}

// `optional` is deliberately absent: it is also used as an enum value and case label name.
const KEYWORDS = new Set(['struct', 'select', 'enum', 'case', 'default']);
const UINT_BITS = new Map<string, 8 | 16 | 32 | 64>([
  ['uint8', 8],
  ['uint16', 16],
  ['uint32', 32],
  ['uint64', 64],
]);
/** RFC 9420's PrivateMessageContent pads with `opaque padding[length_of_padding];`. */
const PADDING_SIZE = 'length_of_padding';

/** Where a typed name is being parsed: decides recovery and which shorthands are allowed. */
type Context = { where: 'top' } | { where: 'struct' } | { where: 'arm'; label: string };

function isName(t: Token): boolean {
  return t.kind === 'ident' && !KEYWORDS.has(t.text);
}

function describe(t: Token): string {
  return t.kind === 'eof' ? 'end of input' : `'${t.text}'`;
}

function endOf(t: Token): { line: number; col: number } {
  return { line: t.line, col: t.col + t.text.length };
}

class Parser extends RecoveringParser<Token> {
  /** The ';' separating values of the enum being parsed (reported together, with one fix). */
  private readonly enumSemicolons: Token[] = [];
  /** The '}' of each select of the struct being parsed that lacks its ';' (reported with the struct's name). */
  private readonly selectsWithoutSemicolon: Token[] = [];

  constructor(
    source: string,
    file: string,
    tokens: Token[],
    private readonly nesting: NestingLimit,
  ) {
    super(source, file, tokens);
  }

  parseDeclarations(): Declaration[] {
    const declarations: Declaration[] = [];
    while (this.peek().kind !== 'eof') {
      const start = this.pos;
      this.failed = false;
      this.draft = this.sources[this.pos];
      const decl = this.attempt(
        () => this.parseDeclaration(),
        () => this.skipStatement(),
      );
      if (decl && !this.failed) declarations.push(decl);
      if (this.pos === start) this.next();
    }
    return declarations;
  }

  // ---- declarations ----

  private parseDeclaration(): Declaration | undefined {
    const first = this.peek();
    const open = first.comments.some(isOpenPragma);
    if (open && !this.is(first, 'enum')) {
      this.report(first, 'warning', 'pragma-ignored', "'@open' applies only to enum declarations; ignored here");
    }
    if (this.is(first, ';')) {
      this.next();
      return undefined;
    }
    if (this.is(first, 'struct')) return this.parseStruct();
    if (this.is(first, 'enum')) return this.parseEnum(open);
    if (isName(first)) {
      const second = this.peek(1);
      // No declaration continues `Name =`, `Name(` or `Name.`: these are the drafts' formulas.
      if (this.is(second, '=') || this.is(second, '(') || this.is(second, '.')) {
        this.next();
        const shown = second.text === '=' ? `${first.text} = …` : `${first.text}${second.text}…`;
        this.abandon(
          first,
          'not-a-declaration',
          `'${shown}' is not a TLS-PL declaration (it looks like pseudo-code)`,
          'move it out of the TLS-PL block, or turn it into a comment',
        );
      }
      return this.parseAlias();
    }
    if (this.is(first, '}')) {
      this.next();
      this.abandon(first, 'unexpected-token', "unmatched '}' outside any struct, enum or select");
    }
    return this.unexpected(first, "a declaration ('struct', 'enum' or 'Type Name;')");
  }

  private parseStruct(): Declaration | undefined {
    const first = this.peek();
    // Selects of a struct abandoned halfway are not this struct's.
    this.selectsWithoutSemicolon.length = 0;
    const members = this.nested(first, () => {
      this.next();
      this.expect('{', "'{' after 'struct'");
      return this.parseMembers({ where: 'struct' });
    });
    const unterminated = this.selectsWithoutSemicolon.splice(0);
    if (!this.closeBrace(first, 'struct', "add '} Name;' to close the struct")) return undefined;
    const nameTok = this.peek();
    if (this.is(nameTok, 'optional') && this.is(this.peek(1), '<')) {
      // RFC 9420 §2.1.1 defines optional<T> in TLS-PL itself; mimikit has it built in.
      this.next();
      this.skipStatement();
      this.report(nameTok, 'warning', 'builtin-redefinition', "'optional<T>' is built in; this definition of it is skipped");
      return undefined;
    }
    const name = this.declarationName('struct');
    this.terminate(`struct name '${name.text}'`, name, { where: 'top' });
    unterminated.forEach((close, k) => {
      // RFC 8446 §3.8 closes a select with '};'. Read the same without it; the erratum adds it.
      this.report(
        close,
        'warning',
        'select-missing-semicolon',
        `a select in struct '${name.text}' ends with '}' without ';': read as '};', the end of a select in RFC 8446 §3.8`,
        "write '};' to close the select",
        {
          edits: [{ ...endOf(close), length: 0, text: ';' }],
          id: `${erratumIdPart(name.text)}-select-semicolon${k === 0 ? '' : `-${k + 1}`}`,
          reason: "a select block ends with '};' (RFC 8446 §3.8)",
        },
      );
    });
    return { kind: 'struct', name: name.text, members, text: this.textFrom(first), provenance: this.provenance(first) };
  }

  private parseEnum(open: boolean): EnumDecl | undefined {
    const first = this.next();
    this.expect('{', "'{' after 'enum'");
    // An enum abandoned halfway leaves its separators behind: they are not this enum's.
    this.enumSemicolons.length = 0;
    const values: EnumValue[] = [];
    let max: { value: number; token: Token } | undefined;
    for (;;) {
      const t = this.peek();
      if (this.is(t, '}') || t.kind === 'eof' || this.is(t, 'struct') || this.is(t, 'enum')) break;
      const start = this.pos;
      const entry = this.attempt(
        () => this.parseEnumEntry(),
        () => this.skipEnumEntry(),
      );
      if (entry && 'name' in entry) {
        values.push(entry);
      } else if (entry) {
        if (max) this.error(entry.token, 'enum-duplicate-max', `enum declares a second maximum '(${entry.max})'`);
        max = { value: entry.max, token: entry.token };
      }
      if (this.pos === start) this.next();
    }
    const close = this.peek();
    if (!this.closeBrace(first, 'enum', "add '(255) } Name;' to close the enum")) return undefined;
    const name = this.declarationName('enum');
    this.terminate(`enum name '${name.text}'`, name, { where: 'top' });
    const semicolons = this.enumSemicolons.splice(0);
    const firstSemicolon = semicolons[0];
    if (firstSemicolon) {
      this.report(
        firstSemicolon,
        'warning',
        'enum-semicolon-separator',
        `enum '${name.text}' separates ${semicolons.length === 1 ? 'a value' : `${semicolons.length} values`} with ';': read as ',', the separator of RFC 8446 §3.5`,
        "write ',' between enum values",
        {
          edits: semicolons.map((s) => ({ line: s.line, col: s.col, length: 1, text: ',' })),
          id: `${erratumIdPart(name.text)}-commas`,
          reason: "enum values are separated by ',', not ';'",
        },
      );
    }

    if (!max) {
      this.error(
        close,
        'enum-missing-max',
        `enum '${name.text}' has no maximum value such as '(255)', so its wire width is unknown`,
        "add '(255)' as the last entry for a 1-byte enum, or '(65535)' for 2 bytes",
      );
      return undefined;
    }
    const width = enumWidth(max.value);
    if (!width) {
      this.error(max.token, 'enum-too-wide', `enum '${name.text}' declares maximum ${max.value}, wider than 4 bytes`);
      return undefined;
    }
    if (!width.exact) {
      this.report(
        max.token,
        'warning',
        'enum-max-not-power',
        `enum '${name.text}' declares maximum ${max.value}, which is not 255, 65535 or 4294967295; encoding it in ${width.width} byte(s)`,
        width.width === 1 ? "write '(255)'" : width.width === 2 ? "write '(65535)'" : "write '(4294967295)'",
      );
    }
    for (const v of values) {
      if (v.value > max.value) {
        this.error(
          v.provenance,
          'enum-value-out-of-range',
          `enum value '${v.name}(${v.value})' exceeds the declared maximum ${max.value} of enum '${name.text}'`,
        );
      }
    }
    return {
      kind: 'enum',
      name: name.text,
      width: width.width,
      max: max.value,
      values,
      open,
      text: this.textFrom(first),
      provenance: this.provenance(first),
    };
  }

  /** `name(value)` or the maximum `(max)`, with the `,` or `;` that follows it. */
  private parseEnumEntry(): EnumValue | { max: number; token: Token } {
    const t = this.peek();
    let entry: EnumValue | { max: number; token: Token };
    if (this.is(t, '(')) {
      this.next();
      entry = { max: this.parseNumber('the maximum value'), token: t };
      this.expect(')', "')' after the enum's maximum value");
    } else if (isName(t)) {
      this.next();
      if (!this.is(this.peek(), '(')) {
        this.abandon(t, 'enum-value-missing', `enum value '${t.text}' has no explicit value`, `write '${t.text}(N)'`);
      }
      this.next();
      const value = this.parseNumber(`a number for enum value '${t.text}'`);
      this.expect(')', `')' after the value of '${t.text}'`);
      entry = { name: t.text, value, provenance: this.provenance(t) };
    } else {
      this.unexpected(t, "an enum value 'name(number)' or the maximum '(number)'");
    }
    const separator = this.peek();
    if (this.is(separator, ',') || this.is(separator, ';')) {
      // ';' is read as ',' (drafts write it), and reported once per enum by parseEnum.
      if (separator.text === ';') this.enumSemicolons.push(separator);
      this.next();
    } else if (!this.is(separator, '}')) {
      // On a new line the entry itself is fine: report, and carry on with the next one.
      if (!separator.startsLine) this.unexpected(separator, "',' or '}' after enum entry");
      const last = this.previous();
      const end = endOf(last);
      this.error(
        end,
        'missing-separator',
        `expected ',' or '}' after enum entry, found ${describe(separator)}`,
        `add ',' after '${this.source.slice(t.offset, last.end)}'`,
        {
          edits: [{ ...end, length: 0, text: ',' }],
          id: `${erratumIdPart('name' in entry ? entry.name : 'enum-maximum')}-comma`,
          reason: "enum entries are separated by ','",
        },
      );
    }
    return entry;
  }

  /** `uint16 CredentialType;`, `opaque HashReference<V>;`, `optional<Node> ratchet_tree<V>;` */
  private parseAlias(): Declaration {
    const first = this.peek();
    const ctx: Context = { where: 'top' };
    const { type, dialectOptional } = this.parseType();
    const { name, type: declared } = this.parseNameAndDeclarator(type, dialectOptional, ctx);
    const eq = this.peek();
    if (this.is(eq, '=')) {
      this.abandon(eq, 'not-a-declaration', `'${name.text} = …' is not a TLS-PL declaration: only struct fields take a fixed value`);
    }
    this.terminate(`'${name.text}'`, name, ctx);
    return {
      kind: 'alias',
      name: name.text,
      declares: /^[a-z]/.test(name.text) ? 'value' : 'type',
      type: declared,
      text: this.textFrom(first),
      provenance: this.provenance(first),
    };
  }

  private declarationName(what: 'struct' | 'enum'): Token {
    const t = this.peek();
    if (!isName(t)) this.unexpected(t, `a name after the ${what}'s closing '}'`, "write '} Name;'");
    return this.next();
  }

  // ---- members ----

  /** Members up to (not including) the closing `}`, or the next `case`/`default` in a select arm. */
  private parseMembers(ctx: Context): Member[] {
    const members: Member[] = [];
    for (;;) {
      const t = this.peek();
      // `enum` cannot be a member: the enclosing brace was left open and a new declaration begins.
      if (t.kind === 'eof' || this.is(t, '}') || this.is(t, 'enum')) return members;
      if (ctx.where === 'arm' && (this.is(t, 'case') || this.is(t, 'default'))) return members;
      const start = this.pos;
      const member = this.attempt(
        () => this.parseMember(ctx, members.length === 0),
        () => this.skipMember(ctx),
      );
      if (member) members.push(member);
      if (this.pos === start) this.next();
    }
  }

  private parseMember(ctx: Context, firstInArm: boolean): Member | undefined {
    const t = this.peek();
    if (this.is(t, 'select')) return this.parseSelect();
    if (this.is(t, 'struct')) return this.parseInlineStruct(ctx);
    if (this.is(t, 'optional') && this.is(this.peek(1), 'struct')) {
      const field = this.nested(t, () => {
        this.next();
        return this.parseInlineStruct(ctx, true);
      });
      return field && { ...field, type: { kind: 'optional', element: field.type }, provenance: this.provenance(t) };
    }
    if (this.is(t, 'case') || this.is(t, 'default')) {
      this.abandon(t, 'unexpected-token', `'${t.text}' outside a select`);
    }
    return this.parseField(ctx, firstInArm);
  }

  /**
   * `struct { … } name;`, or `struct {};`, which stands for "nothing" in a select arm and adds no
   * member. `needsName` is set for `optional struct { … } name;`, where the name is mandatory.
   */
  private parseInlineStruct(ctx: Context, needsName = false): Field | undefined {
    const first = this.peek();
    const members = this.nested(first, () => {
      this.next();
      this.expect('{', "'{' after 'struct'");
      return this.parseMembers({ where: 'struct' });
    });
    if (!this.closeBrace(first, 'struct', "add '}' to close the inline struct")) return undefined;
    const t = this.peek();
    if (isName(t)) {
      const name = this.next();
      this.terminate(`field '${name.text}'`, name, ctx);
      return { kind: 'field', name: name.text, type: { kind: 'struct', members }, provenance: this.provenance(first) };
    }
    if (members.length > 0 || needsName) {
      this.unexpected(t, "a field name after the inline struct's '}'", "write 'struct { … } name;'");
    }
    if (this.is(t, ';')) {
      this.next();
    } else if (t.kind === 'eof' || t.startsLine || this.is(t, '}')) {
      this.report(endOf(this.previous()), 'error', 'missing-semicolon', `expected ';' after 'struct {}', found ${describe(t)}`, "add ';' after 'struct {}'");
    } else {
      this.unexpected(t, "';' after 'struct {}'");
    }
    return undefined;
  }

  private parseField(ctx: Context, firstInArm: boolean): Field {
    const first = this.peek();
    const { type, dialectOptional } = this.parseType();
    // `case add: Add;` — the arm carries a value of type Add with no field name.
    if (ctx.where === 'arm' && firstInArm && this.is(this.peek(), ';') && type.kind === 'named' && !dialectOptional) {
      this.next();
      return { kind: 'field', name: ctx.label, type, anonymous: true, provenance: this.provenance(first) };
    }
    const { name, type: declared } = this.parseNameAndDeclarator(type, dialectOptional, ctx);
    const field: Field = { kind: 'field', name: name.text, type: declared, provenance: this.provenance(first) };
    if (this.is(this.peek(), '=')) {
      this.next();
      field.fixedValue = this.parseFixedValue();
    }
    this.terminate(`field '${name.text}'`, name, ctx);
    return field;
  }

  private parseFixedValue(): string | number {
    const t = this.peek();
    if (t.kind === 'number') return this.parseNumber('a value');
    if (!isName(t)) this.unexpected(t, "a value name or number after '='");
    return this.next().text;
  }

  // ---- types ----

  /**
   * The type in front of a name: `uint8`, `opaque`, `Name`, `optional<T>`, `T[n]`, and the drafts'
   * `optional T` shorthand, which makes the whole declared field optional (`dialectOptional`).
   */
  private parseType(): { type: TypeRef; dialectOptional: boolean } {
    let dialectOptional = false;
    const after = this.peek(2);
    if (this.is(this.peek(), 'optional') && isName(this.peek(1)) && (isName(after) || this.is(after, '['))) {
      this.next();
      dialectOptional = true;
    }
    const first = this.peek();
    let type = this.parseSimpleType();
    if (this.is(this.peek(), '[')) type = this.parseArray(type);
    const lt = this.peek();
    if (this.is(lt, '<')) this.vectorOnType(first, lt);
    return { type, dialectOptional };
  }

  private parseSimpleType(): TypeRef {
    const t = this.peek();
    if (this.is(t, 'optional') && this.is(this.peek(1), '<')) {
      return this.nested(t, () => {
        this.next();
        this.next();
        const element = this.parseSimpleType();
        this.expect('>', "'>' to close 'optional<'");
        return { kind: 'optional', element };
      });
    }
    if (!isName(t)) this.unexpected(t, 'a type');
    this.next();
    const bits = UINT_BITS.get(t.text);
    if (bits) return { kind: 'uint', bits };
    if (t.text === 'opaque') return { kind: 'opaque' };
    return { kind: 'named', name: t.text };
  }

  /** `opaque<V> name;`: the length belongs after the name in TLS-PL. */
  private vectorOnType(typeStart: Token, lt: Token): never {
    // Only for the message: a length such as `<0..2^16-1>` is at most 9 tokens, and looking further
    // would make a file of unclosed `T<` statements quadratic.
    const last = Math.min(this.pos + 16, this.tokens.length - 1);
    let i = this.pos;
    while (i < last && !this.is(this.tokens[i] as Token, '>') && !this.is(this.tokens[i] as Token, ';')) i++;
    const gt = this.tokens[i] as Token;
    const after = this.tokens[i + 1];
    const typeText = this.source.slice(typeStart.offset, lt.offset).trim();
    const length = this.is(gt, '>') ? this.source.slice(lt.offset, gt.end) : '<V>';
    const name = after && isName(after) ? after.text : 'name';
    this.abandon(
      lt,
      'vector-on-type',
      `vector length '${length}' is written on the type '${typeText}'; TLS-PL writes it after the field name`,
      `write '${typeText} ${name}${length}'`,
    );
  }

  /** The declared name and what follows it: `<V>`, `<min..max>` or `[n]`. */
  private parseNameAndDeclarator(base: TypeRef, dialectOptional: boolean, ctx: Context): { name: Token; type: TypeRef } {
    const t = this.peek();
    if (!isName(t)) {
      const what = ctx.where === 'top' ? 'a name' : 'a field name';
      this.abandon(
        this.is(t, ';') ? endOf(this.previous()) : t,
        'missing-field-name',
        `expected ${what} after type '${this.previous().text}', found ${describe(t)}`,
      );
    }
    const name = this.next();
    let type = base;
    if (this.is(this.peek(), '<')) type = { kind: 'vector', element: base, length: this.parseLength() };
    else if (this.is(this.peek(), '[')) type = this.parseArray(base);
    if (dialectOptional) type = { kind: 'optional', element: type };
    return { name, type };
  }

  private parseLength(): Extract<TypeRef, { kind: 'vector' }>['length'] {
    this.next();
    const t = this.peek();
    if (t.kind === 'ident' && t.text === 'V' && this.is(this.peek(1), '>')) {
      this.next();
      this.next();
      return { kind: 'varint' };
    }
    if (t.kind === 'ident' && t.text === 'V') {
      this.abandon(this.peek(1), 'unexpected-token', `expected '>' after '<V', found ${describe(this.peek(1))}`, "write '<V>'");
    }
    const minTok = this.peek();
    const min = this.parseNumber("'V' or a length range 'min..max'");
    this.expect('..', "'..' in the length range");
    const maxTok = this.peek();
    const max = this.parseNumber('the maximum length');
    this.expect('>', "'>' to close the vector length");
    if (min > max) {
      this.abandon(minTok, 'vector-range-invalid', `vector minimum length ${min} is greater than its maximum ${max}`);
    }
    if (max > UINT32_MAX) {
      this.abandon(maxTok, 'vector-range-invalid', `vector maximum length ${max} does not fit a 4-byte length prefix`);
    }
    return { kind: 'fixed', width: lengthPrefixWidth(max), min, max };
  }

  /** `[n]` after a type or a name: n bytes (RFC 8446 §3.4), or the padding of RFC 9420. */
  private parseArray(element: TypeRef): TypeRef {
    this.next();
    const size = this.peek();
    let type: TypeRef;
    if (size.kind === 'ident') {
      this.next();
      if (size.text !== PADDING_SIZE) {
        this.abandon(
          size,
          'array-size-not-integer',
          `array size '${size.text}' is not an integer`,
          `write the size in bytes as a number, e.g. '[32]' ('${PADDING_SIZE}' is the only name understood)`,
        );
      }
      type = { kind: 'padding' };
    } else {
      type = { kind: 'array', element, byteLength: this.parseNumber('an array size in bytes') };
    }
    this.expect(']', "']' after the array size");
    return type;
  }

  /** A non-negative integer: decimal, hex, or the spec idiom `2^16-1`. */
  private parseNumber(expected: string): number {
    const first = this.peek();
    let total = this.parsePower(expected);
    for (;;) {
      const op = this.peek();
      if (!this.is(op, '-') && !this.is(op, '+')) break;
      this.next();
      const term = this.parsePower(`a number after '${op.text}'`);
      total = op.text === '-' ? total - term : total + term;
    }
    if (total < 0n || total > BigInt(Number.MAX_SAFE_INTEGER)) {
      const written = this.source.slice(first.offset, this.previous().end);
      this.abandon(first, 'number-out-of-range', `number '${written}' is out of range (0 to 2^53-1)`);
    }
    return Number(total);
  }

  private parsePower(expected: string): bigint {
    const base = this.peek();
    if (base.kind !== 'number') this.unexpected(base, expected);
    this.next();
    const value = BigInt(base.text);
    if (!this.is(this.peek(), '^')) return value;
    this.next();
    const exponent = this.peek();
    if (exponent.kind !== 'number') this.unexpected(exponent, "an exponent after '^'");
    this.next();
    if (BigInt(exponent.text) > 64n) {
      this.abandon(exponent, 'number-out-of-range', `exponent ${exponent.text} is out of range`);
    }
    return value ** BigInt(exponent.text);
  }

  // ---- select ----

  private parseSelect(): Select {
    return this.nested(this.peek(), () => this.parseSelectBody());
  }

  private parseSelectBody(): Select {
    const first = this.next();
    this.expect('(', "'(' after 'select'");
    const path = [this.expectName('the name of the value the select depends on').text];
    while (this.is(this.peek(), '.')) {
      this.next();
      path.push(this.expectName("a field name after '.'").text);
    }
    this.expect(')', "')' after the select's discriminator");
    this.expect('{', "'{' to open the select's cases");
    const arms: SelectArm[] = [];
    for (;;) {
      const t = this.peek();
      if (this.is(t, '}') || t.kind === 'eof' || this.is(t, 'enum')) break;
      const start = this.pos;
      if (this.is(t, 'case') || this.is(t, 'default')) {
        const arm = this.parseArm();
        if (arm) arms.push(arm);
      } else {
        this.complain(t, "'case', 'default' or '}' in the select");
        this.skipToArm();
      }
      if (this.pos === start) this.next();
    }
    const select: Select = { kind: 'select', discriminator: { path }, arms, provenance: this.provenance(first) };
    const close = this.peek();
    if (this.is(close, '}') && this.closesDeclaration(this.pos)) {
      // `} Name;` cannot end a select: the select's own `}` is missing and this one ends the struct.
      // The fix: a line `};`, indented as the select, before the line of this '}'.
      const fix = {
        edits: [{ line: close.line, col: 1, length: 0, text: `${' '.repeat(first.col - 1)}};\n` }],
        id: `${erratumIdPart(this.peek(1).text)}-close-select`,
        reason: `the select is never closed: '};' missing before '} ${this.peek(1).text};'`,
      };
      this.error(
        close,
        'unclosed-brace',
        `'select' opened ${relativeLine(first, close)} is not closed: this '}' is followed by '${this.peek(1).text}' and ends the enclosing declaration`,
        "add '};' after the select's last case",
        close.startsLine ? fix : undefined,
      );
      return select;
    }
    if (!this.closeBrace(first, 'select', "add '};' after the select's last case")) return select;
    if (this.is(this.peek(), ';')) this.next();
    else this.selectsWithoutSemicolon.push(this.previous());
    return select;
  }

  /** `case a: case b, c: default: members…` — consecutive labels share one arm. */
  private parseArm(): SelectArm | undefined {
    const first = this.peek();
    const cases: Array<string | number> = [];
    let isDefault = false;
    const labelled = this.attempt(
      () => {
        while (this.is(this.peek(), 'case') || this.is(this.peek(), 'default')) {
          const keyword = this.next();
          if (keyword.text === 'default') {
            isDefault = true;
          } else {
            cases.push(this.parseCaseLabel());
            while (this.is(this.peek(), ',')) {
              this.next();
              cases.push(this.parseCaseLabel());
            }
          }
          this.expect(':', keyword.text === 'default' ? "':' after 'default'" : "':' after the case label");
        }
        return true;
      },
      () => this.skipToArm(),
    );
    if (!labelled) return undefined;
    const label = cases[0] ?? 'default';
    const members = this.parseMembers({ where: 'arm', label: String(label) });
    return { cases, isDefault, members, provenance: this.provenance(first) };
  }

  private parseCaseLabel(): string | number {
    const t = this.peek();
    if (t.kind === 'number') return this.parseNumber('a case label');
    return this.expectName('a case label (an enum value name or a number)').text;
  }

  /** `} Name;` at position i: the end of a top-level struct or enum. */
  private closesDeclaration(i: number): boolean {
    const name = this.tokens[i + 1];
    const after = this.tokens[i + 2];
    if (!name || !after || !isName(name)) return false;
    return this.is(after, ';') || after.kind === 'eof' || (after.startsLine && (this.is(after, 'struct') || this.is(after, 'enum')));
  }

  // ---- nesting ----

  /**
   * Parses one level of nesting opened at `opener` (not yet consumed). Past the limit the construct
   * is abandoned at its opener, so recovery skips all of it (brackets balanced) in one step.
   */
  private nested<T>(opener: Token, parse: () => T): T {
    return this.nesting.within(
      opener.text,
      (message) => this.abandon(opener, 'nesting-too-deep', message, 'give the inner struct or type a name of its own and use that name here'),
      parse,
    );
  }

  // ---- recovery ----

  /** Runs `parse`; if it abandons, runs `recover` and yields undefined. */
  private attempt<T>(parse: () => T, recover: () => void): T | undefined {
    try {
      return parse();
    } catch (e) {
      if (e !== ABANDON) throw e;
      recover();
      return undefined;
    }
  }

  /**
   * Skips the rest of a broken top-level statement: through its `;`, or up to the next line that
   * starts a new statement (pseudo-code lines have no `;`, and a missing `;` must not swallow the
   * next declaration).
   */
  private skipStatement(): void {
    let depth = 0;
    while (this.peek().kind !== 'eof') {
      const t = this.peek();
      if (depth === 0 && t.startsLine && this.pos > 0 && this.startsStatement(t, this.previous())) return;
      this.next();
      if (this.is(t, '(') || this.is(t, '{')) depth++;
      else if (this.is(t, ')') || this.is(t, '}')) depth = Math.max(0, depth - 1);
      else if (depth === 0 && this.is(t, ';')) return;
    }
  }

  private startsStatement(t: Token, previous: Token): boolean {
    if (this.is(t, 'struct') || this.is(t, 'enum')) return true;
    // After `=`, `,` or `(` a new line continues the expression; after a complete operand it does not.
    const complete = previous.kind === 'ident' || previous.kind === 'number' || [')', '}', ']', '>'].includes(previous.text);
    return isName(t) && complete;
  }

  /** Skips a broken member: through its `;`, or up to the `}` or `case` that ends the body. */
  private skipMember(ctx: Context): void {
    let depth = 0;
    while (this.peek().kind !== 'eof') {
      const t = this.peek();
      if (depth === 0) {
        if (this.is(t, '}') || this.is(t, 'enum')) return;
        if (ctx.where === 'arm' && (this.is(t, 'case') || this.is(t, 'default'))) return;
      }
      this.next();
      if (this.is(t, '(') || this.is(t, '{')) depth++;
      else if (this.is(t, ')') || this.is(t, '}')) depth = Math.max(0, depth - 1);
      else if (depth === 0 && this.is(t, ';')) return;
    }
  }

  private skipToArm(): void {
    let depth = 0;
    while (this.peek().kind !== 'eof') {
      const t = this.peek();
      if (depth === 0 && (this.is(t, 'case') || this.is(t, 'default') || this.is(t, '}') || this.is(t, 'enum'))) return;
      this.next();
      if (this.is(t, '(') || this.is(t, '{')) depth++;
      else if (this.is(t, ')') || this.is(t, '}')) depth = Math.max(0, depth - 1);
    }
  }

  private skipEnumEntry(): void {
    let depth = 0;
    while (this.peek().kind !== 'eof') {
      const t = this.peek();
      if (depth === 0 && this.is(t, '}')) return;
      this.next();
      if (this.is(t, '(')) depth++;
      else if (this.is(t, ')')) depth = Math.max(0, depth - 1);
      else if (depth === 0 && (this.is(t, ',') || this.is(t, ';'))) return;
    }
  }

  // ---- terminators ----

  /** Consumes the closing `}` of a construct opened by `opener`, or reports it missing. */
  private closeBrace(opener: Token, what: string, hint: string): boolean {
    const t = this.peek();
    if (this.is(t, '}')) {
      this.next();
      return true;
    }
    this.error(t, 'unclosed-brace', `'${what}' opened ${relativeLine(opener, t)} is not closed before ${describe(t)}`, hint);
    return false;
  }

  /**
   * The `;` ending a declaration or member. When it is simply missing (the next token is on a new
   * line or closes the body) the meaning is still clear: report and go on as if it were there.
   */
  private terminate(description: string, name: Token, ctx: Context): void {
    const t = this.peek();
    if (this.is(t, ';')) {
      this.next();
      return;
    }
    const message = `expected ';' after ${description}, found ${describe(t)}`;
    const last = this.previous();
    if (t.kind === 'eof' || t.startsLine || (ctx.where !== 'top' && this.is(t, '}'))) {
      const end = endOf(last);
      const what = description.replace(/ '.*$/, '');
      const fix = { edits: [{ ...end, length: 0, text: ';' }], id: `${erratumIdPart(name.text)}-semicolon`, reason: `missing ';' after the ${what}` };
      this.report(end, 'error', 'missing-semicolon', message, `add ';' after '${this.source.slice(name.offset, last.end)}'`, fix);
      return;
    }
    this.unexpected(t, `';' after ${description}`);
  }

  // ---- tokens ----

  private is(t: Token, text: string): boolean {
    return (t.kind === 'punct' || t.kind === 'ident') && t.text === text;
  }

  private expect(text: string, expected: string): Token {
    const t = this.peek();
    if (!this.is(t, text)) this.unexpected(t, expected);
    return this.next();
  }

  private expectName(expected: string): Token {
    const t = this.peek();
    if (!isName(t)) this.unexpected(t, expected);
    return this.next();
  }

  // ---- diagnostics ----

  /** Reports `t` where `expected` was due, naming characters that are not TLS-PL at all. */
  private complain(t: Token, expected: string, hint?: string): void {
    if (t.kind === 'unknown') {
      const stray = t.text === '*/' ? "remove the stray '*/': no comment is open here" : undefined;
      this.error(t, 'unknown-token', `'${t.text}' is not TLS-PL syntax (expected ${expected})`, hint ?? stray);
    } else {
      this.error(t, 'unexpected-token', `expected ${expected}, found ${describe(t)}`, hint);
    }
  }

  private unexpected(t: Token, expected: string, hint?: string): never {
    this.complain(t, expected, hint);
    throw ABANDON;
  }

  // ---- output ----

  private textFrom(first: Token): string {
    return this.source.slice(first.offset, this.previous().end);
  }

  private provenance(t: { line: number; col: number }): Provenance {
    const p: Provenance = { file: this.file, line: t.line, col: t.col };
    if (this.draft) {
      p.draft = this.draft.draft;
      if (this.draft.version !== undefined) p.version = this.draft.version;
      if (this.draft.section !== undefined) p.section = this.draft.section;
      p.draftLine = this.draft.draftLine;
    }
    return p;
  }
}
