/**
 * Names from a spec that become names in generated code: as a declaration (`export type X`,
 * `export const X`) or as a property key (`o.version`, `{ "mls10": 1 }`, the `codecs` registry).
 * One rule set for every generator (TLS, CDDL, OpenAPI): a name that breaks the rules is refused
 * with a diagnostic at the spec position that wrote it, never renamed behind the author's back.
 *
 * - A declaration name must be an ASCII identifier (`[A-Za-z_$][A-Za-z0-9_$]*`), not a reserved
 *   word (ES2022 plus strict mode's), not a TypeScript built-in type name, not one of `undefined`,
 *   `NaN`, `Infinity`, `globalThis`, `arguments`, `eval`, and not a name the emitting module uses
 *   itself (its imports, the globals and locals of its generated code: each emitter lists them).
 * - A property key may be any text (emitters quote what is not an identifier), except
 *   `__proto__` (assigning it replaces an object's prototype instead of adding a field) and the
 *   other members of Object.prototype (`constructor`, `toString`, `hasOwnProperty`, …): every
 *   plain object has those already, so a lookup by such a name finds something the spec never
 *   defined.
 *
 * The same names are refused in IR that reaches an emitter without the passes (`assertName`), so
 * no path writes them.
 */
import { stringLiteral } from './generated-text.ts';

/** ECMAScript reserved words, strict-mode reserved words and the literals. */
const RESERVED_WORDS = new Set(
  (
    'await break case catch class const continue debugger default delete do else enum export extends false finally for ' +
    'function if import in instanceof let new null package private protected public interface implements return static ' +
    'super switch this throw true try typeof var void while with yield'
  ).split(' '),
);

/** Names that are not reserved but cannot be rebound safely in a module or a type alias. */
const PREDEFINED = new Set('undefined NaN Infinity globalThis arguments eval any unknown never number bigint boolean string symbol object'.split(' '));

/**
 * The own properties of Object.prototype (fixed here rather than read from the running engine,
 * so the rule, and the generated output, do not depend on the Node.js version).
 */
export const OBJECT_PROTOTYPE_NAMES: readonly string[] = [
  '__proto__',
  '__defineGetter__',
  '__defineSetter__',
  '__lookupGetter__',
  '__lookupSetter__',
  'constructor',
  'hasOwnProperty',
  'isPrototypeOf',
  'propertyIsEnumerable',
  'toLocaleString',
  'toString',
  'valueOf',
];
const PROTOTYPE = new Set(OBJECT_PROTOTYPE_NAMES);

/**
 * ASCII identifiers only: every spec language mimikit reads names things in ASCII, and Unicode
 * identifier tables differ between TypeScript and engine versions.
 */
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

export type NameUse = 'declaration' | 'property';

export interface NameProblem {
  /** `invalid-identifier` (syntax) or `reserved-name`. */
  code: 'invalid-identifier' | 'reserved-name';
  message: string;
}

export function isIdentifierName(name: string): boolean {
  return IDENTIFIER.test(name);
}

/**
 * Why `name` cannot be used as `use` in generated code, or null when it can. `taken` holds the
 * names the emitting module declares or refers to itself (declarations only).
 */
export function nameProblem(name: string, use: NameUse, taken: ReadonlySet<string> = new Set()): NameProblem | null {
  if (PROTOTYPE.has(name)) {
    return {
      code: 'reserved-name',
      message: `'${name}' is a property every JavaScript object inherits (Object.prototype), so generated code cannot use it as a name`,
    };
  }
  if (use === 'property') return null;
  if (!isIdentifierName(name))
    return { code: 'invalid-identifier', message: `${stringLiteral(name)} is not an identifier (letters, digits, _ and $, not starting with a digit)` };
  if (RESERVED_WORDS.has(name) || PREDEFINED.has(name))
    return { code: 'reserved-name', message: `'${name}' is a reserved word or built-in name in TypeScript` };
  if (taken.has(name)) return { code: 'reserved-name', message: `'${name}' is a name the generated module already uses` };
  return null;
}

/** For emitters: refuses what the passes would have reported (IR that skipped them). */
export function assertName(name: string, use: NameUse, taken?: ReadonlySet<string>): string {
  const problem = nameProblem(name, use, taken);
  if (problem) throw new Error(`cannot generate code for this name: ${problem.message}`);
  return name;
}

/** An object-literal or type-literal key: the name itself when it is an identifier, else quoted. */
export function propertyKey(name: string): string {
  assertName(name, 'property');
  return isIdentifierName(name) ? name : stringLiteral(name);
}

/** `obj.name`, or `obj["name"]` when the name is not an identifier. */
export function propertyAccess(obj: string, name: string): string {
  assertName(name, 'property');
  return isIdentifierName(name) ? `${obj}.${name}` : `${obj}[${stringLiteral(name)}]`;
}

/** `obj?.name`, or `obj?.["name"]`. */
export function optionalAccess(obj: string, name: string): string {
  assertName(name, 'property');
  return isIdentifierName(name) ? `${obj}?.${name}` : `${obj}?.[${stringLiteral(name)}]`;
}

/** A property key written as a string literal (`"mls10": 1`), for tables keyed by spec names. */
export function quotedPropertyKey(name: string): string {
  return stringLiteral(assertName(name, 'property'));
}
