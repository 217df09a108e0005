/**
 * CDDL parser (RFC 8610 Appendix B grammar, RFC 9682 string escapes): .cddl text → CddlSpec IR
 * plus diagnostics.
 *
 * It only builds syntax: names (prelude types, sockets, rules of other files) are not resolved, and
 * a keyless group entry that names something (`( NullPart // SinglePart )`, `[* PerMessageStatus]`)
 * stays a `member` without key — a later pass turns it into a `groupRef` when the name is a group.
 *
 * Decisions the grammar leaves to the parser:
 * - `name = ( … )` is a group rule when the parentheses hold a member key, a comma, an occurrence
 *   indicator or `//` at their top level, and a parenthesised type otherwise; the same test tells an
 *   inline group entry `( … )` from a parenthesised type inside a group.
 * - Rules have no terminator: a rule ends where its type or group cannot continue, which is where
 *   the next `name =`, `name /=`, `name //=` (or `name<params> =`) begins.
 * - `min..max` is a range, not one name (RFC 8610 names may contain dots).
 * - Occurrence bounds are read as RFC 8610 writes them: `2*` and `*5` (no blank between `*` and the
 *   maximum), so `* 3 => int` is any number of entries keyed 3.
 *
 * Error handling mirrors the TLS-PL parser: never throws, reports every error of the file in one
 * run. A broken group entry is abandoned up to the next `,`, `//` or closing bracket; a missing
 * closing bracket abandons the rule; a broken rule is skipped up to the next line that starts a rule.
 * A rule with any error is left out of the IR.
 */

import { basename, extname } from 'node:path';
import { sortDiagnostics, type Diagnostic } from '../../common/diagnostics.ts';
import { erratumIdPart } from '../../common/erratum-id.ts';
import { ABANDON, RecoveringParser, relativeLine } from '../../common/recovering-parser.ts';
import {
  CDDL_IR_VERSION,
  type CddlSpec,
  type Group,
  type GroupEntry,
  type MemberKey,
  type Occurrence,
  type Provenance,
  type Rule,
  type Type,
  type Type1,
  type Type2,
  type Value,
} from '../ir.ts';
import { lex, type Token } from './lexer.ts';
import { NestingLimit } from '../../common/nesting-limit.ts';

/**
 * How deeply brackets may nest: `( )`, `[ ]`, `{ }`, `&( )`, `#6.n( )` and generic arguments
 * `< >` each open one level. The drafts nest at most 3 levels; 32 is ten times that (and the depth
 * the content codecs decode by default), and far below what would overflow the call stack of the
 * parser or of the lint, lowering and emit passes that recurse over the IR. Deeper input is a
 * `nesting-too-deep` error at the bracket that goes too deep.
 */
export const CDDL_MAX_NESTING = 32;

export interface ParseCddlOptions {
  /** Default CDDL_MAX_NESTING. */
  maxNesting?: number;
}

export function parseCddl(text: string, file: string, specName?: string, options: ParseCddlOptions = {}): { spec: CddlSpec; diagnostics: Diagnostic[] } {
  const lexed = lex(text, file);
  const parser = new Parser(text, file, lexed.tokens, new NestingLimit(options.maxNesting ?? CDDL_MAX_NESTING));
  const rules = parser.parseRules();
  return {
    spec: { irVersion: CDDL_IR_VERSION, name: specName ?? basename(file, extname(file)), rules },
    diagnostics: sortDiagnostics([...lexed.diagnostics, ...parser.diagnostics]),
  };
}

/** Abandons the current group entry (the enclosing group resynchronises). */
/** Abandons the whole rule: a bracket is missing, so no enclosing group can resynchronise. */
const ABANDON_RULE = Symbol('abandon-rule');

const CLOSER: Record<string, string> = { '(': ')', '[': ']', '{': '}' };
const OPENERS = new Set(['(', '[', '{']);
const CLOSERS = new Set([')', ']', '}']);
const ASSIGNMENTS = new Set(['=', '/=', '//=']);
/** Tokens that, at the top level of `( … )`, make it a group rather than a parenthesised type. */
const GROUP_MARKERS = new Set([':', '=>', '^', ',', '//', '?', '*', '+']);

function describe(t: Token): string {
  if (t.kind === 'eof') return 'end of input';
  const text = t.text.length > 30 ? `${t.text.slice(0, 27)}…` : t.text;
  return `'${text.replace(/\n[\s\S]*/, '…')}'`;
}

function _endOf(t: Token): { line: number; col: number } {
  return { line: t.line, col: t.col + t.text.length };
}

/** `at column 5 on this line`, `at column 5, 2 lines above`: a position relative to `from` (see relativeLine). */
function where(t: { line: number; col: number }, from: { line: number }): string {
  const rel = relativeLine(t, from);
  return rel === 'on this line' ? `at column ${t.col}` : `at column ${t.col}, ${rel}`;
}

/** The edit turning `name =` into `name:` (the blanks before '=' go too, when on one line). */
function colonFor(name: Token, eq: Token): { line: number; col: number; length: number; text: string } {
  const from = name.line === eq.line ? name.col + name.text.length : eq.col;
  return { line: eq.line, col: from, length: eq.col + 1 - from, text: ':' };
}

/** Tokens closedLater looks at: a map or array of a draft is far shorter. */
const CLOSED_LATER_LOOKAHEAD = 4096;

class Parser extends RecoveringParser<Token> {
  /** The rule being parsed, for the ids of suggested errata. */
  private ruleName = '';
  constructor(
    source: string,
    file: string,
    tokens: Token[],
    private readonly nesting: NestingLimit,
  ) {
    super(source, file, tokens);
  }

  parseRules(): Rule[] {
    const rules: Rule[] = [];
    while (this.peek().kind !== 'eof') {
      const start = this.pos;
      this.failed = false;
      this.draft = this.sources[this.pos];
      const rule = this.attempt(
        () => this.parseRule(),
        () => this.skipToRule(),
        'rule',
      );
      if (rule && !this.failed) rules.push(rule);
      if (this.pos === start) this.next();
    }
    return rules;
  }

  // ---- rules ----

  private parseRule(): Rule {
    const first = this.peek();
    if (first.kind !== 'ident') {
      if (this.isCloser(first)) this.unexpected(first, 'a rule name', `remove the unmatched ${describe(first)}`);
      this.unexpected(first, "a rule ('name = type' or 'name = ( group )')");
    }
    const name = this.next();
    this.ruleName = name.text;
    const params = this.is(this.peek(), '<') ? this.parseGenericParams() : undefined;
    const op = this.peek();
    if (!(op.kind === 'punct' && ASSIGNMENTS.has(op.text))) {
      const hint =
        this.is(op, ':') || this.is(op, '=>')
          ? `'${name.text}${op.text}' is a member key, which belongs inside '[ ]', '{ }' or '( )'; a rule is written '${name.text} = …'`
          : `write '${name.text} = …'`;
      this.abandon(op, 'missing-assignment', `expected '=', '/=' or '//=' after rule name '${name.text}', found ${describe(op)}`, hint);
    }
    this.next();
    const base = { name: name.text, ...(params ? { params } : {}) };
    let rule: Rule;
    if (op.text === '/=') {
      const type = this.parseType();
      rule = { kind: 'type', ...base, assign: '/=', type, text: '', provenance: this.provenance(first) };
    } else {
      const entry = this.parseEntry('rule');
      if (op.text === '=' && entry.kind === 'member' && !entry.key && !entry.occurrence) {
        rule = { kind: 'type', ...base, assign: '=', type: entry.type, text: '', provenance: this.provenance(first) };
      } else {
        const group: Group = entry.kind === 'inline' && !entry.occurrence ? entry.group : { choices: [[entry]] };
        rule = { kind: 'group', ...base, assign: op.text === '=' ? '=' : '//=', group, text: '', provenance: this.provenance(first) };
      }
    }
    this.endRule(name, rule);
    rule.text = this.ruleText(first);
    return rule;
  }

  /** After a definition: the next rule, a stray name on a new line (reported by the next round), or the end. */
  private endRule(name: Token, rule: Rule): void {
    const t = this.peek();
    if (t.kind === 'eof' || this.ruleStartAt(this.pos) || (t.startsLine && t.kind === 'ident')) return;
    let hint: string | undefined;
    if (this.is(t, '//') && rule.kind === 'group') {
      hint = `a rule defines one group: put all choices inside one pair of parentheses, '${name.text} = ( … // … )'`;
    } else if (this.is(t, '//')) {
      hint = `'//' separates group choices, which must be inside parentheses: '${name.text} = ( … // … )'; for a type choice write '/'`;
    } else if (this.isCloser(t)) {
      hint = `remove the unmatched ${describe(t)}`;
    }
    this.unexpected(t, `the end of rule '${name.text}' (a new rule 'name = …' or the end of input)`, hint);
  }

  /** `<a, b>` after a rule name. */
  private parseGenericParams(): string[] {
    this.next();
    const params = [this.expectName('a generic parameter name').text];
    while (this.is(this.peek(), ',')) {
      this.next();
      params.push(this.expectName('a generic parameter name').text);
    }
    this.expect('>', "',' or '>' in the generic parameter list");
    return params;
  }

  /** `<type, type>` after a name. */
  private parseGenericArgs(): Type[] {
    return this.nested(this.peek(), () => {
      this.next();
      const args = [this.parseType()];
      while (this.is(this.peek(), ',')) {
        this.next();
        args.push(this.parseType());
      }
      this.expect('>', "',' or '>' in the generic argument list");
      return args;
    });
  }

  // ---- groups ----

  /** The entries up to and including `closer`, split into choices at `//`. */
  private parseGroup(opener: Token): Group {
    const closer = CLOSER[opener.text] ?? ')';
    const choices: GroupEntry[][] = [[]];
    for (;;) {
      const t = this.peek();
      if (this.is(t, closer)) {
        this.next();
        return { choices };
      }
      if (this.isCloser(t)) {
        this.abandon(
          t,
          'mismatched-bracket',
          `expected '${closer}' to close '${opener.text}' opened ${where(opener, t)}, found ${describe(t)}`,
          `add '${closer}' before ${describe(t)}, or remove ${describe(t)}`,
        );
      }
      if (t.kind === 'eof' || this.ruleStartAt(this.pos)) this.unclosed(opener, t);
      if (this.is(t, '//')) {
        this.next();
        choices.push([]);
        continue;
      }
      if (this.is(t, ',')) {
        this.next();
        this.error(t, 'unexpected-token', "expected a group entry, found ','", 'remove the extra comma');
        continue;
      }
      const start = this.pos;
      const entry = this.attempt(
        () => this.parseEntry('group'),
        () => this.skipEntry(start),
      );
      if (entry) (choices[choices.length - 1] as GroupEntry[]).push(entry);
      if (this.is(this.peek(), ',')) this.next();
      if (this.pos === start) this.next();
    }
  }

  /**
   * One group entry: `? key: type`, `* type => type`, a keyless `type`, or an inline `( group )`,
   * each with an optional occurrence indicator. At the right side of `=` (`where: 'rule'`) the caller
   * decides whether that entry makes a type rule or a group rule.
   */
  private parseEntry(where: 'rule' | 'group'): GroupEntry {
    const first = this.peek();
    const provenance = this.provenance(first);
    const occurrence = this.parseOccurrence();
    const occ = occurrence ? { occurrence } : {};
    const t = this.peek();
    if (where === 'rule' && this.ruleStartAt(this.pos)) {
      this.abandon(t, 'missing-definition', `expected a type or group after '=', found the start of rule '${t.text}'`, 'complete the definition');
    }
    if (this.is(t, '(') && this.parenHoldsGroup(this.pos)) {
      const group = this.nested(t, () => this.parseGroup(this.next()));
      return { kind: 'inline', ...occ, group, provenance };
    }
    let key: MemberKey | undefined;
    if (t.kind === 'ident' && this.is(this.peek(1), ':')) {
      this.next();
      this.next();
      key = { kind: 'bareword', name: t.text };
    } else if ((t.kind === 'number' || t.kind === 'text' || t.kind === 'bytes') && this.is(this.peek(1), ':')) {
      this.next();
      const value = this.parseValue(t);
      this.next();
      key = { kind: 'value', value };
    }
    if (key) {
      const type = this.parseType();
      return { kind: 'member', ...occ, key, type, provenance };
    }
    const head = this.parseType1();
    let cut = false;
    if (this.is(this.peek(), '^')) {
      this.next();
      cut = true;
      this.expect('=>', "'=>' after the cut '^'");
    } else if (this.is(this.peek(), '=>')) {
      this.next();
    } else {
      const type = this.parseTypeFrom(head);
      const arrow = this.peek();
      if (this.is(arrow, '=>') || this.is(arrow, '^')) {
        const written = this.source.slice(t.offset, this.previous().end);
        this.abandon(
          arrow,
          'unexpected-token',
          `a member key is a single type, but '${written}' is a type choice`,
          `wrap the key in parentheses: '(${written}) =>'`,
        );
      }
      return { kind: 'member', ...occ, type, provenance };
    }
    key = { kind: 'type', type: { options: [head] }, cut };
    const type = this.parseType();
    return { kind: 'member', ...occ, key, type, provenance };
  }

  /** `?`, `*`, `+`, `n*m`, `n*`, `*m`; undefined when there is none. */
  private parseOccurrence(): Occurrence | undefined {
    const t = this.peek();
    let occurrence: Occurrence | undefined;
    if (this.is(t, '?')) {
      this.next();
      occurrence = { min: 0, max: 1 };
    } else if (this.is(t, '+')) {
      this.next();
      occurrence = { min: 1, max: null };
    } else if (this.is(t, '*') || (t.kind === 'number' && this.is(this.peek(1), '*'))) {
      let min = 0;
      if (t.kind === 'number') {
        this.next();
        min = this.occurrenceBound(t, 'minimum');
      }
      const star = this.next();
      let max: number | null = null;
      const after = this.peek();
      if (after.kind === 'number' && after.offset === star.end) {
        this.next();
        max = this.occurrenceBound(after, 'maximum');
        if (max < min) {
          this.error(t, 'invalid-occurrence', `occurrence '${min}*${max}' has a maximum below its minimum`, `write '${max}*${min}'`);
        }
      }
      occurrence = { min, max };
    }
    const again = this.peek();
    if (occurrence && (this.is(again, '?') || this.is(again, '+') || this.is(again, '*'))) {
      this.abandon(again, 'invalid-occurrence', `a group entry takes one occurrence indicator, found a second one ${describe(again)}`, 'keep one of them');
    }
    return occurrence;
  }

  private occurrenceBound(t: Token, what: string): number {
    if (!/^(?:0|[1-9][0-9]*|0[xX][0-9a-fA-F]+|0[bB][01]+)$/.test(t.text) || Number(t.text) > Number.MAX_SAFE_INTEGER) {
      this.error(t, 'invalid-occurrence', `occurrence ${what} '${t.text}' is not an unsigned integer`, "write e.g. '1*5', '2*' or '*3'");
      return 0;
    }
    return Number(t.text);
  }

  /**
   * Whether the `(` at token i opens a group (it holds a member key, a comma, an occurrence
   * indicator or `//` at its own level, or nothing at all) rather than a parenthesised type.
   */
  private parenHoldsGroup(i: number): boolean {
    let depth = 0;
    for (let j = i; j < this.tokens.length; j++) {
      const t = this.tokens[j] as Token;
      if (t.kind === 'eof' || (j > i && this.ruleStartAt(j))) return false;
      if (t.kind !== 'punct') continue;
      if (OPENERS.has(t.text)) depth++;
      else if (CLOSERS.has(t.text)) {
        depth--;
        if (depth === 0) return j === i + 1;
      } else if (depth === 1 && GROUP_MARKERS.has(t.text)) return true;
    }
    return false;
  }

  // ---- types ----

  /** `a / b / c` */
  private parseType(): Type {
    return this.parseTypeFrom(this.parseType1());
  }

  private parseTypeFrom(head: Type1): Type {
    const options = [head];
    while (this.is(this.peek(), '/')) {
      this.next();
      options.push(this.parseType1());
    }
    return { options };
  }

  /** A type2 with an optional range (`..`, `...`) or control (`.size 4`). */
  private parseType1(): Type1 {
    const first = this.peek();
    const base = this.parseType2();
    const op = this.peek();
    if (this.is(op, '..') || this.is(op, '...')) {
      this.next();
      const to = this.parseType2();
      return { base, range: { inclusive: op.text === '..', to }, provenance: this.provenance(first) };
    }
    if (op.kind === 'control') {
      this.next();
      const arg = this.parseType2();
      return { base, control: { name: op.text.slice(1), arg }, provenance: this.provenance(first) };
    }
    return { base, provenance: this.provenance(first) };
  }

  private parseType2(): Type2 {
    const t = this.peek();
    switch (t.kind) {
      case 'number':
      case 'text':
      case 'bytes':
        this.next();
        return { kind: 'value', value: this.parseValue(t) };
      case 'ident': {
        if (this.ruleStartAt(this.pos)) {
          this.abandon(t, 'missing-type', `expected a type, found the start of rule '${t.text}'`, `complete the type before rule '${t.text}'`);
        }
        this.next();
        const args = this.is(this.peek(), '<') ? this.parseGenericArgs() : undefined;
        return args ? { kind: 'ref', name: t.text, args } : { kind: 'ref', name: t.text };
      }
      case 'hash':
        return this.parseHash();
      case 'control':
        this.unexpected(t, 'a type', `a control operator follows a type, as in 'uint ${t.text} …'`);
        break;
      case 'punct':
        if (t.text === '(') {
          return this.nested(t, () => {
            const open = this.next();
            const type = this.parseType();
            this.closeParen(open, 'the parenthesised type');
            return { kind: 'paren', type };
          });
        }
        if (t.text === '{' || t.text === '[') {
          const group = this.nested(t, () => this.parseGroup(this.next()));
          return t.text === '{' ? { kind: 'map', group } : { kind: 'array', group };
        }
        if (t.text === '~') {
          this.next();
          const name = this.expectName("a type name after '~'");
          const args = this.is(this.peek(), '<') ? this.parseGenericArgs() : undefined;
          return args ? { kind: 'unwrap', name: name.text, args } : { kind: 'unwrap', name: name.text };
        }
        if (t.text === '&') {
          this.next();
          if (this.is(this.peek(), '(')) {
            return { kind: 'enum', group: this.nested(this.peek(), () => this.parseGroup(this.next())) };
          }
          const name = this.expectName("'(' or a group name after '&'");
          const args = this.is(this.peek(), '<') ? this.parseGenericArgs() : undefined;
          return args ? { kind: 'enumRef', name: name.text, args } : { kind: 'enumRef', name: name.text };
        }
        break;
      default:
        break;
    }
    return this.unexpected(t, 'a type');
  }

  /**
   * `#`, `#m`, `#m.n`, `#6.n(type)`, `#6(type)`, and RFC 9682's computed head numbers
   * `#6.<type>(type)` and `#7.<type>` (a tag number or simple value out of a type, e.g. a range).
   */
  private parseHash(): Type2 {
    const t = this.next();
    if (t.text === '#') return { kind: 'any' };
    const major = Number(t.text[1]);
    const argText = t.text.slice(3);
    let arg: number | null = null;
    let numberType: Type | undefined;
    if (major > 7) {
      this.error(t, 'invalid-major-type', `'${t.text}': CBOR major types are 0 to 7, not ${major}`, "write '#6.n(type)' for a tag, or '#0' … '#7'");
    }
    if (t.text.endsWith('.')) {
      if (major !== 6 && major !== 7) {
        this.error(
          t,
          'invalid-number',
          `'${t.text}<…>': only '#6.' and '#7.' take a computed number (RFC 9682)`,
          `write '${t.text}n' with an unsigned integer n`,
        );
      }
      const open = this.peek();
      numberType = this.nested(open, () => {
        this.next();
        const inner = this.parseType();
        this.expect('>', `'>' to close the head number '<' opened ${where(open, this.peek())}`);
        return inner;
      });
    } else if (argText !== '') {
      if (!/^(?:0|[1-9][0-9]*|0[xX][0-9a-fA-F]+|0[bB][01]+)$/.test(argText) || Number(argText) > Number.MAX_SAFE_INTEGER) {
        this.error(
          t,
          'invalid-number',
          `'${argText}' in '${t.text}' is not a valid unsigned integer`,
          /^0[0-9]/.test(argText) ? `write '${t.text.slice(0, 3)}${Number(argText)}'` : undefined,
        );
      }
      arg = Number(argText);
    }
    const computed = numberType ? { numberType } : {};
    // No blank before the '(' (RFC 8610 has no S there): in a group, `#6.32 (tstr)` is two entries.
    if (major === 6 && this.is(this.peek(), '(') && this.peek().offset === this.previous().end) {
      const type = this.nested(this.peek(), () => {
        const open = this.next();
        const inner = this.parseType();
        this.closeParen(open, `the tag '${t.text}${numberType ? '<…>' : ''}'`);
        return inner;
      });
      return { kind: 'tag', tag: arg, type, ...computed };
    }
    if (numberType && major === 6) this.unexpected(this.peek(), `'(' and the tagged type after '${t.text}<…>'`);
    return { kind: 'major', major, arg, ...computed };
  }

  private closeParen(open: Token, what: string): void {
    const t = this.peek();
    if (this.is(t, ')')) {
      this.next();
      return;
    }
    if (t.kind === 'eof' || this.ruleStartAt(this.pos)) this.unclosed(open, t);
    let hint: string | undefined;
    if (this.is(t, ':') || this.is(t, '=>') || this.is(t, ',') || this.is(t, '//')) {
      hint = "a group in parentheses is not a type here: use '[ … ]' for an array or '{ … }' for a map";
    } else if (this.isCloser(t)) {
      this.abandon(t, 'mismatched-bracket', `expected ')' to close '(' opened ${where(open, t)}, found ${describe(t)}`, `add ')' before ${describe(t)}`);
    }
    this.unexpected(t, `')' to close ${what} opened ${where(open, t)}`, hint);
  }

  // ---- values ----

  private parseValue(t: Token): Value {
    if (t.invalid) this.failed = true;
    if (t.kind === 'text') return { kind: 'text', value: t.value ?? '' };
    if (t.kind === 'bytes') return { kind: 'bytes', hex: t.value ?? '' };
    return this.parseNumber(t);
  }

  private parseNumber(t: Token): Value {
    const text = t.text;
    const negative = text.startsWith('-');
    const body = negative ? text.slice(1) : text;
    if (/^(?:0|[1-9][0-9]*|0[xX][0-9a-fA-F]+|0[bB][01]+)$/.test(body)) {
      const magnitude = BigInt(body);
      const value = negative ? -magnitude : magnitude;
      const n = Number(value);
      return Number.isSafeInteger(n) ? { kind: 'int', value: n } : { kind: 'int', value: n, big: value.toString() };
    }
    let float: number | undefined;
    if (/^(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?$/.test(body)) {
      float = Number(body);
    } else {
      const hex = /^0[xX]([0-9a-fA-F]+)(?:\.([0-9a-fA-F]+))?[pP]([+-]?[0-9]+)$/.exec(body);
      if (hex) {
        const [, whole = '', fraction = '', exponent = '0'] = hex;
        float = (parseInt(whole + fraction, 16) / 16 ** fraction.length) * 2 ** Number(exponent);
      }
    }
    if (float !== undefined && Number.isFinite(float)) return { kind: 'float', value: negative ? -float : float };
    let hint = 'numbers are written 12, -3, 1.5, 1e3, 0x1F, 0b101 or 0x1.8p3';
    if (float !== undefined) hint = 'the number is too large for a 64-bit float';
    else if (/^0[0-9]+$/.test(body)) hint = `CDDL numbers have no leading zeros: write '${negative ? '-' : ''}${body.replace(/^0+/, '')}'`;
    else if (/^0[xXbB]$/.test(body)) hint = `write digits after '${body}'`;
    else if (/^0[xX][0-9a-fA-F]*\.[0-9a-fA-F]+$/.test(body)) hint = "a hexadecimal float needs a binary exponent, e.g. '0x1.8p0'";
    else if (/^[0-9]+[A-Za-z_]/.test(body)) hint = 'separate the number from the name that follows it';
    this.error(t, 'invalid-number', `invalid number '${text}'`, hint);
    return { kind: 'int', value: 0 };
  }

  // ---- nesting ----

  /**
   * Parses one bracket level opened at `opener` (not yet consumed). Past the limit the entry is
   * abandoned at its opener, so recovery skips the whole bracketed part in one step.
   */
  private nested<T>(opener: Token, parse: () => T): T {
    return this.nesting.within(
      opener.text,
      (message) => this.abandon(opener, 'nesting-too-deep', message, 'give an inner part a rule name of its own and use that name here'),
      parse,
    );
  }

  // ---- recovery ----

  /** Runs `parse`; if it abandons the entry, runs `recover` and yields undefined. */
  private attempt<T>(parse: () => T, recover: () => void, level: 'rule' | 'entry' = 'entry'): T | undefined {
    try {
      return parse();
    } catch (e) {
      if (e !== ABANDON && !(e === ABANDON_RULE && level === 'rule')) throw e;
      recover();
      return undefined;
    }
  }

  /** Skips a broken rule up to the next line that starts a rule (or a rule start right here). */
  private skipToRule(): void {
    if (this.ruleStartAt(this.pos)) return;
    while (this.peek().kind !== 'eof') {
      this.next();
      if (this.peek().startsLine && this.ruleStartAt(this.pos)) return;
    }
  }

  /**
   * Skips a broken group entry that began at token `start`: through its `,`, or up to the `//` or
   * closing bracket that ends it (brackets the entry opened before it broke are still open).
   */
  private skipEntry(start: number): void {
    let depth = 0;
    for (let i = start; i < this.pos; i++) {
      const t = this.tokens[i] as Token;
      if (t.kind === 'punct' && OPENERS.has(t.text)) depth++;
      else if (t.kind === 'punct' && CLOSERS.has(t.text)) depth--;
    }
    depth = Math.max(depth, 0);
    while (this.peek().kind !== 'eof') {
      const t = this.peek();
      if (this.ruleStartAt(this.pos)) return;
      if (depth === 0 && (this.isCloser(t) || this.is(t, '//'))) return;
      this.next();
      if (t.kind === 'punct' && OPENERS.has(t.text)) depth++;
      else if (t.kind === 'punct' && CLOSERS.has(t.text)) depth--;
      else if (depth === 0 && this.is(t, ',')) return;
    }
  }

  /** Whether token i starts a rule: `name =`, `name /=`, `name //=`, `name<a, b> =`. */
  private ruleStartAt(i: number): boolean {
    const t = this.tokens[i];
    if (t?.kind !== 'ident') return false;
    let j = i + 1;
    if (this.is(this.tokens[j], '<')) {
      j++;
      while (this.tokens[j]?.kind === 'ident' || this.is(this.tokens[j], ',')) j++;
      if (!this.is(this.tokens[j], '>')) return false;
      j++;
    }
    const op = this.tokens[j];
    return op !== undefined && op.kind === 'punct' && ASSIGNMENTS.has(op.text);
  }

  private unclosed(open: Token, t: Token): never {
    const closer = CLOSER[open.text] ?? ')';
    const before = t.kind === 'eof' ? 'the end of input' : `rule '${t.text}' (${relativeLine(t, open)})`;
    const last = this.previous();
    const rule = erratumIdPart(this.ruleName);
    const eq = this.tokens[this.pos + 1];
    if (t.kind === 'ident' && eq && this.is(eq, '=') && this.closedLater(closer)) {
      // `name = type` followed by the bracket's own closer: a member written with '=', not a new rule.
      this.error(
        open,
        'unclosed-bracket',
        `'${open.text}' is not closed before ${before}`,
        `'${t.text} = …' is followed by the '${closer}' that closes '${open.text}': it is a member, written '${t.text}: …'`,
        {
          edits: [colonFor(t, eq)],
          id: `${rule}-${erratumIdPart(t.text)}-colon`,
          reason: `'${t.text} = …' inside '${open.text} ${closer}' is a member: 'key: type'`,
        },
      );
      throw ABANDON_RULE;
    }
    this.error(
      open,
      'unclosed-bracket',
      `'${open.text}' is not closed before ${before}`,
      `add '${closer}' after '${last.text.length > 30 ? `${last.text.slice(0, 27)}…` : last.text}' ${where(last, open)}`,
      {
        edits: [{ line: last.line, col: last.col + last.text.length, length: 0, text: closer }],
        id: `${rule}-close`,
        reason: `'${open.text}' is never closed`,
      },
    );
    throw ABANDON_RULE;
  }

  /**
   * Whether, after the rule-looking `name =` at the current position, a `closer` at bracket depth
   * 0 comes before the end of input: then that `name =` was inside the bracket. Looks at a bounded
   * number of tokens (the question is asked only on this error path, but the input is untrusted).
   */
  private closedLater(closer: string): boolean {
    let depth = 0;
    const stop = Math.min(this.tokens.length, this.pos + CLOSED_LATER_LOOKAHEAD);
    for (let j = this.pos + 2; j < stop; j++) {
      const x = this.tokens[j] as Token;
      // A rule starting a line after something other than ',' ends the bracket's members: `b = tstr`
      // then `d = …` are rules, `b = tstr,` then `d = …` still read as members.
      if (depth === 0 && x.startsLine && !this.is(this.tokens[j - 1], ',') && this.ruleStartAt(j)) return false;
      if (x.kind !== 'punct') continue;
      if (OPENERS.has(x.text)) depth++;
      else if (CLOSERS.has(x.text)) {
        if (depth === 0) return x.text === closer;
        depth--;
      }
    }
    return false;
  }

  // ---- tokens ----

  /** A token the lexer already reported as invalid taints the rule that contains it. */
  protected override next(): Token {
    const t = super.next();
    if (t.invalid) this.failed = true;
    return t;
  }

  private is(t: Token | undefined, text: string): boolean {
    return t !== undefined && t.kind === 'punct' && t.text === text;
  }

  private isCloser(t: Token): boolean {
    return t.kind === 'punct' && CLOSERS.has(t.text);
  }

  private expect(text: string, expected: string): Token {
    const t = this.peek();
    if (!this.is(t, text)) this.unexpected(t, expected);
    return this.next();
  }

  private expectName(expected: string): Token {
    const t = this.peek();
    if (t.kind !== 'ident') this.unexpected(t, expected);
    return this.next();
  }

  // ---- diagnostics ----

  private unexpected(t: Token, expected: string, hint?: string): never {
    if (t.kind === 'unknown') {
      this.abandon(t, 'unknown-token', `'${t.text}' is not CDDL syntax (expected ${expected})`, hint);
    }
    if (t.invalid) {
      // The lexer has reported this token already.
      this.failed = true;
      throw ABANDON;
    }
    this.abandon(t, 'unexpected-token', `expected ${expected}, found ${describe(t)}`, hint);
  }

  // ---- output ----

  /** The rule as written: from its name through its last token and a comment on that same line. */
  private ruleText(first: Token): string {
    const last = this.previous();
    const lastLine = last.line + (last.text.match(/\n/g)?.length ?? 0);
    const trailing = this.peek().comments.find((c) => c.line === lastLine);
    return this.source.slice(first.offset, trailing ? trailing.end : last.end).trim();
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
