/**
 * The standard prelude of RFC 8610 Appendix D as CDDL, parsed once: the validator
 * (../lint/cddl-validate.ts) follows it as written, and the content generator lowers the prelude
 * types that are not a single scalar shape from it (lower/prelude-shapes.ts), so that both read
 * `uri` as `#6.32(tstr)`, `bigint` as `biguint / bignint`, and so on.
 */
import type { TypeRule } from './ir.ts';
import { parseCddl } from './parse/parser.ts';

/** RFC 8610 Appendix D, verbatim but for the order. */
export const PRELUDE_CDDL = `
any = #
uint = #0
nint = #1
int = uint / nint
bstr = #2
bytes = bstr
tstr = #3
text = tstr
tdate = #6.0(tstr)
time = #6.1(number)
number = int / float
biguint = #6.2(bstr)
bignint = #6.3(bstr)
bigint = biguint / bignint
integer = int / bigint
unsigned = uint / biguint
decfrac = #6.4([e10: int, m: integer])
bigfloat = #6.5([e2: int, m: integer])
eb64url = #6.21(any)
eb64legacy = #6.22(any)
eb16 = #6.23(any)
encoded-cbor = #6.24(bstr)
uri = #6.32(tstr)
b64url = #6.33(tstr)
b64legacy = #6.34(tstr)
regexp = #6.35(tstr)
mime-message = #6.36(tstr)
cbor-any = #6.55799(any)
float16 = #7.25
float32 = #7.26
float64 = #7.27
float16-32 = float16 / float32
float32-64 = float32 / float64
float = float16-32 / float64
false = #7.20
true = #7.21
bool = false / true
nil = null
null = #7.22
undefined = #7.23
`;

let rules: TypeRule[] | undefined;

/** The prelude's rules (all type rules). */
export function preludeRules(): TypeRule[] {
  rules ??= parseCddl(PRELUDE_CDDL, 'rfc8610-prelude.cddl').spec.rules.filter((r): r is TypeRule => r.kind === 'type');
  return rules;
}

let byName: Map<string, TypeRule> | undefined;

/** The prelude's rule `name` (`uri = #6.32(tstr)`), for `~uri` and the like; undefined for other names. */
export function preludeRule(name: string): TypeRule | undefined {
  byName ??= new Map(preludeRules().map((r) => [r.name, r]));
  return byName.get(name);
}
