/**
 * Pass: CDDL rules → codec shapes (shape.ts). Rules are first merged (`/=` and `//=` additions,
 * identical repeats), references to value rules (`single = 1`) and to integer enumerations are
 * inlined so that choices such as `baseDispos / $extDispos / unknownDispos` become one integer with
 * allowed ranges, and keyless references to group rules are expanded in place.
 *
 * Bad input is a located diagnostic, never a throw: rules defined through themselves with no
 * container (rule-cycles.ts) are reported and not lowered; integers are handled as exact bigints,
 * and ranges, `.size` and literals a CBOR codec cannot represent are errors (int-bounds.ts); and
 * the recursion over nested types and inlined rules stops at MAX_LOWERING_DEPTH.
 */
import { diagnosticAt } from "../../common/diagnostics.js";
import { CBOR_INT_MAX, CBOR_INT_MIN, exactInt, intSizeProblem, lengthSizeProblem, rangeProblem } from "./int-bounds.js";
import { findRuleCycles } from "./rule-cycles.js";
class LowerError extends Error {
    at;
    constructor(at, message) {
        super(message);
        this.at = at;
    }
}
const UINT_MAX_BY_SIZE = (n) => (n >= 7 ? 2n ** BigInt(8 * n) - 1n : 2 ** (8 * n) - 1);
/**
 * How deep lowering may recurse: nested types, plus the rules it inlines (value rules, integer
 * rules, spliced groups). The parser bounds nesting within a rule (32); the spec content nests
 * about 10 deep in all. Beyond this, a long chain of rule references is not inlined (it stays a
 * reference to the rule's own codec) and a group that contains itself through an array or map is
 * an error, instead of a stack overflow.
 */
const MAX_LOWERING_DEPTH = 200;
/** An exact integer as a shape holds it: a number when that is exact, else a bigint. */
const compact = (n) => (n >= BigInt(Number.MIN_SAFE_INTEGER) && n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n);
const isCompactNumber = (n) => typeof compact(n) === 'number';
export function lowerSpec(spec) {
    const diagnostics = [];
    const types = new Map();
    const groups = new Map();
    for (const rule of spec.rules)
        merge(rule, types, groups, diagnostics);
    const recursive = new Set();
    for (const c of findRuleCycles(spec.rules)) {
        recursive.add(c.name);
        diagnostics.push(c.diagnostic);
    }
    const lowering = new Set();
    const inlineCache = new Map();
    const fail = (at, message) => {
        throw new LowerError(at, message);
    };
    /**
     * The literal a value rule stands for (`single = 1`, `one = single`), or null. Follows the chain
     * of rules without recursion, remembering every answer.
     */
    const literals = new Map();
    const literalOf = (name, at) => {
        const chain = new Set();
        let found = null;
        for (let cur = name;;) {
            if (literals.has(cur)) {
                found = literals.get(cur);
                break;
            }
            if (recursive.has(cur) || chain.has(cur))
                return fail(at, `'${cur}' is defined through itself`);
            chain.add(cur);
            const o = types.get(cur)?.type.options;
            const b = o?.length === 1 && !o[0].range && !o[0].control ? o[0].base : undefined;
            if (b?.kind === 'value')
                found = b.value;
            if (b?.kind !== 'ref')
                break;
            cur = b.name;
        }
        for (const c of chain)
            literals.set(c, found);
        return found;
    };
    /** An integer a CBOR codec can carry (major type 0 or 1), exactly. */
    const cborInt = (v, at) => {
        const n = exactInt(v);
        if (n < CBOR_INT_MIN || n > CBOR_INT_MAX)
            return fail(at, `integer ${n} is outside the CBOR integer range -18446744073709551616..18446744073709551615`);
        return n;
    };
    const intValue = (t2, at) => {
        const v = t2.kind === 'value' ? t2.value : t2.kind === 'ref' ? literalOf(t2.name, at) : null;
        if (!v || v.kind !== 'int')
            return fail(at, 'range bounds must be integers');
        return exactInt(v);
    };
    const literalShape = (value, at) => {
        if (value.kind === 'int')
            cborInt(value, at);
        return { k: 'literal', value };
    };
    let depth = 0;
    /** Runs one level of lowering recursion (see MAX_LOWERING_DEPTH). */
    const deeper = (at, lower) => {
        if (depth >= MAX_LOWERING_DEPTH) {
            return fail(at, `types and the rules they use nest more than ${MAX_LOWERING_DEPTH} levels deep (a group that contains itself through an array or map, or a very long chain of rules): the content generator does not support this`);
        }
        depth++;
        try {
            return lower();
        }
        finally {
            depth--;
        }
    };
    /** Shape of a named rule when it should be inlined (integers, literals), else null. */
    const inlineShape = (name) => {
        if (inlineCache.has(name))
            return inlineCache.get(name);
        const r = types.get(name);
        if (!r || lowering.has(name))
            return null;
        lowering.add(name);
        let s = null;
        try {
            const full = lowerType(r.type);
            s = full.k === 'int' || full.k === 'literal' ? full : null;
        }
        catch {
            s = null;
        }
        finally {
            lowering.delete(name);
        }
        inlineCache.set(name, s);
        return s;
    };
    const lowerType = (t) => deeper(t.options[0].provenance, () => {
        const shapes = t.options.map(lowerType1).filter((s) => s !== null);
        if (shapes.length === 0)
            return fail(t.options[0].provenance, 'no alternative left (only undefined sockets)');
        return mergeChoice(shapes);
    });
    const prelude = (name, at) => {
        switch (name) {
            case 'uint':
            case 'unsigned':
                return { k: 'int', signed: false, ranges: null, big: true };
            case 'nint':
                return { k: 'int', signed: true, ranges: [{ min: -(2n ** 64n), max: -1 }], big: true };
            case 'int':
            case 'integer':
                return { k: 'int', signed: true, ranges: null, big: true };
            case 'bstr':
            case 'bytes':
                return { k: 'bstr', min: 0, max: null };
            case 'tstr':
            case 'text':
            case 'tdate':
            case 'uri':
                return { k: 'tstr', min: 0, max: null };
            case 'bool':
                return { k: 'bool' };
            case 'null':
            case 'nil':
                return { k: 'null' };
            case 'any':
                return { k: 'any', maxSize: null };
            case 'float':
            case 'float16':
            case 'float32':
            case 'float64':
            case 'float16-32':
            case 'float32-64':
            case 'number':
                return { k: 'float' };
            case 'true':
            case 'false':
            case 'undefined':
                return fail(at, `prelude type '${name}' is not supported by the content generator yet`);
            default:
                return undefined;
        }
    };
    const lowerType1 = (t1) => {
        let s = lowerType2(t1.base, t1.provenance);
        if (s === null)
            return null;
        if (t1.range) {
            const min = intValue(t1.base, t1.provenance);
            const to = intValue(t1.range.to, t1.provenance);
            const problem = rangeProblem(min, to, t1.range.inclusive);
            if (problem)
                return fail(t1.provenance, `range ${min}${t1.range.inclusive ? '..' : '...'}${to}: ${problem.message}`);
            const max = t1.range.inclusive ? to : to - 1n;
            s = { k: 'int', signed: min < 0n, ranges: [{ min: compact(min), max: compact(max) }], big: !isCompactNumber(min) || !isCompactNumber(max) };
        }
        if (t1.control)
            s = applyControl(s, t1.control.name, t1.control.arg, t1.provenance);
        return s;
    };
    const applyControl = (s, name, arg, at) => {
        if (name === 'default')
            return s;
        if (name !== 'size')
            return fail(at, `control .${name} is not supported by the content generator yet`);
        let min;
        let max;
        const inner = arg.kind === 'paren' && arg.type.options.length === 1 ? arg.type.options[0] : null;
        if (inner?.range) {
            min = intValue(inner.base, at);
            max = intValue(inner.range.to, at) - (inner.range.inclusive ? 0n : 1n);
        }
        else {
            min = max = intValue(inner ? inner.base : arg, at);
        }
        const lengths = () => {
            const problem = lengthSizeProblem(min, max);
            return problem ? fail(at, problem) : { min: Number(min), max: Number(max) };
        };
        switch (s.k) {
            case 'bstr':
            case 'tstr':
                return { ...s, ...lengths() };
            case 'int': {
                if (min !== max || s.signed)
                    return fail(at, '.size on integers takes one byte count');
                const problem = intSizeProblem(max);
                if (problem)
                    return fail(at, problem);
                const top = UINT_MAX_BY_SIZE(Number(max));
                return { k: 'int', signed: false, ranges: [{ min: 0, max: top }], big: max >= 7n };
            }
            case 'any':
                return { k: 'any', maxSize: lengths().max };
            default:
                return fail(at, `.size does not apply to ${s.k}`);
        }
    };
    const lowerType2 = (t2, at) => {
        switch (t2.kind) {
            case 'value':
                return literalShape(t2.value, at);
            case 'paren':
                return lowerType(t2.type);
            case 'any':
                return { k: 'any', maxSize: null };
            case 'array':
                return lowerArray(t2.group, at);
            case 'map':
                return lowerMap(t2.group, at);
            case 'tag':
                if (t2.tag === null)
                    return fail(at, 'a tag needs a number');
                return { k: 'tag', tag: t2.tag, inner: lowerType(t2.type) };
            case 'enum':
                return enumShape(t2.group, at).shape;
            case 'enumRef': {
                const g = groups.get(t2.name);
                if (!g)
                    return fail(at, `&${t2.name}: no group rule of that name`);
                return enumShape(g.group, at).shape;
            }
            case 'ref': {
                if (t2.args?.length)
                    return fail(at, 'generic rules are not supported by the content generator yet');
                const p = prelude(t2.name, at);
                if (p !== undefined)
                    return p;
                if (t2.name.startsWith('$') && !types.has(t2.name))
                    return null; // an empty socket adds nothing
                if (!types.has(t2.name))
                    return fail(at, `'${t2.name}' is not defined`);
                const lit = literalOf(t2.name, at);
                if (lit)
                    return literalShape(lit, at);
                return inlineShape(t2.name) ?? { k: 'ref', name: t2.name };
            }
            default:
                return fail(at, `${t2.kind} is not supported by the content generator yet`);
        }
    };
    const enumShape = (g, at) => {
        const ranges = [];
        const members = [];
        for (const e of expand(g, at).flat()) {
            if (e.kind !== 'member')
                return fail(at, 'an enumeration holds members only');
            const s = lowerType(e.type);
            if (s.k === 'literal' && s.value.kind === 'int') {
                const n = compact(exactInt(s.value));
                ranges.push({ min: n, max: n });
                if (e.key?.kind === 'bareword') {
                    if (typeof n !== 'number')
                        return fail(e.provenance, `enumeration member '${e.key.name}' is ${n}, beyond 2^53-1: its generated constant would be rounded`);
                    members.push({ name: e.key.name, value: n });
                }
            }
            else if (s.k === 'int' && s.ranges)
                for (const r of s.ranges)
                    ranges.push(r);
            else
                return fail(at, 'enumeration members must be integers or integer ranges');
        }
        return { shape: { k: 'int', signed: ranges.some((r) => Number(r.min) < 0), ranges, big: false }, members };
    };
    /** Group choices with keyless references to group rules expanded in place. */
    const expand = (g, at) => g.choices.map((seq) => seq.flatMap((e) => {
        const name = groupRefName(e);
        if (name === null)
            return [e];
        const rule = groups.get(name);
        if (rule.group.choices.length !== 1)
            return [{ kind: 'inline', group: rule.group, provenance: e.provenance }];
        if (recursive.has(name))
            return fail(e.provenance, `'${name}' is defined through itself`);
        return deeper(e.provenance, () => expand(rule.group, at)[0]);
    }));
    const groupRefName = (e) => {
        if (e.occurrence)
            return null;
        if (e.kind === 'groupRef')
            return groups.has(e.name) ? e.name : null;
        if (e.kind === 'member' && !e.key && e.type.options.length === 1) {
            const b = e.type.options[0];
            if (!b.range && !b.control && b.base.kind === 'ref' && groups.has(b.base.name))
                return b.base.name;
        }
        return null;
    };
    const lowerArray = (g, at) => {
        const choices = expand(g, at);
        if (choices.length !== 1)
            return fail(at, 'an array whose top level is a group choice is not supported yet');
        const seq = choices[0];
        if (seq.length === 1 && seq[0].occurrence && seq[0].kind === 'member' && !seq[0].key) {
            const o = seq[0].occurrence;
            return { k: 'list', element: lowerType(seq[0].type), min: o.min, max: o.max };
        }
        const record = { fields: [], variants: null };
        seq.forEach((e, i) => {
            if (e.occurrence && !(e.occurrence.min === 1 && e.occurrence.max === 1)) {
                fail(e.provenance, 'optional or repeated members inside a positional array are not supported yet');
            }
            if (e.kind === 'inline') {
                if (i !== seq.length - 1)
                    fail(e.provenance, 'a group choice must be the last part of an array');
                record.variants = lowerVariants(e.group, e.provenance);
                return;
            }
            if (e.kind !== 'member')
                return fail(e.provenance, 'unexpected group reference');
            if (e.key && e.key.kind !== 'bareword')
                fail(e.provenance, 'array members take name labels only');
            record.fields.push({ name: e.key?.kind === 'bareword' ? e.key.name : `_${i}`, shape: lowerType(e.type) });
        });
        return { k: 'record', record };
    };
    const lowerVariants = (g, at) => {
        const choices = expand(g, at);
        let tagField = null;
        const variants = choices.map((seq) => {
            const [first, ...rest] = seq;
            if (!first || first.kind !== 'member' || first.key?.kind !== 'bareword') {
                return fail(at, 'each alternative must start with a named member holding a literal');
            }
            const tag = lowerType(first.type);
            if (tag.k !== 'literal')
                return fail(first.provenance, `'${first.key.name}' must be a literal to tell the alternatives apart`);
            if (tagField !== null && tagField !== first.key.name)
                fail(first.provenance, `alternatives start with different members ('${tagField}', '${first.key.name}')`);
            tagField = first.key.name;
            const fields = rest.map((e, i) => {
                if (e.kind !== 'member' || e.occurrence)
                    return fail(e.provenance, 'alternatives hold plain members only');
                return { name: e.key?.kind === 'bareword' ? e.key.name : `_${i + 1}`, shape: lowerType(e.type) };
            });
            const label = first.type.options[0]?.base.kind === 'ref' ? first.type.options[0].base.name : String(tag.value.kind === 'int' ? tag.value.value : '');
            return { tag: tag.value, fields, label };
        });
        const seen = new Set(variants.map((v) => JSON.stringify(v.tag)));
        if (seen.size !== variants.length)
            fail(at, 'two alternatives start with the same literal');
        return { tagField: tagField, variants };
    };
    const lowerMap = (g, at) => {
        const seq = g.choices.length === 1 ? g.choices[0] : null;
        const e = seq?.length === 1 ? seq[0] : null;
        if (e?.kind === 'member' && e.key?.kind === 'type' && e.occurrence?.min === 0 && e.occurrence.max === null) {
            return { k: 'table', key: lowerType(e.key.type), value: lowerType(e.type) };
        }
        return fail(at, 'only maps of the form {* key => value} are supported by the content generator yet');
    };
    const mergeChoice = (shapes) => {
        if (shapes.length === 1)
            return shapes[0];
        // Integers and integer literals merge into one integer with allowed ranges.
        const ints = shapes.filter((s) => s.k === 'int' || (s.k === 'literal' && s.value.kind === 'int'));
        const rest = shapes.filter((s) => !ints.includes(s));
        const out = [];
        if (ints.length > 1) {
            const ranges = [];
            let unbounded = false;
            let big = false;
            let signed = false;
            for (const s of ints) {
                if (s.k === 'literal' && s.value.kind === 'int') {
                    const n = compact(exactInt(s.value));
                    ranges.push({ min: n, max: n });
                    big ||= typeof n === 'bigint';
                }
                else if (s.k === 'int') {
                    big ||= s.big;
                    signed ||= s.signed;
                    if (s.ranges)
                        for (const r of s.ranges)
                            ranges.push(r);
                    else
                        unbounded = true;
                }
            }
            signed ||= ranges.some((r) => Number(r.min) < 0);
            out.push({ k: 'int', signed, ranges: unbounded ? null : ranges, big });
        }
        else
            for (const s of ints)
                out.push(s);
        for (const s of rest)
            out.push(s);
        if (out.length === 1)
            return out[0];
        return { k: 'choice', options: out };
    };
    const rules = [];
    for (const r of types.values()) {
        if (r.name.startsWith('$') || recursive.has(r.name))
            continue;
        try {
            const shape = lowerType(r.type);
            const lowered = { name: r.name, rule: r, shape };
            const only = r.type.options.length === 1 ? r.type.options[0] : null;
            if (only?.base.kind === 'enum' && !only.range && !only.control)
                lowered.enumMembers = enumShape(only.base.group, only.provenance).members;
            const lit = literalOf(r.name, r.provenance);
            if (lit)
                lowered.literal = lit;
            rules.push(lowered);
        }
        catch (err) {
            if (!(err instanceof LowerError))
                throw err;
            diagnostics.push(diagnosticAt(err.at, 'error', 'unsupported-cddl', `${r.name}: ${err.message}`));
        }
    }
    return { name: spec.name, rules, diagnostics };
}
function merge(rule, types, groups, diagnostics) {
    if (rule.kind === 'group') {
        const prior = groups.get(rule.name);
        if (!prior)
            groups.set(rule.name, rule);
        else if (rule.assign === '//=')
            groups.set(rule.name, { ...prior, group: { choices: [...prior.group.choices, ...rule.group.choices] } });
        else if (!sameGroup(prior, rule))
            diagnostics.push(diagnosticAt(rule.provenance, 'error', 'duplicate-rule', `group '${rule.name}' is defined twice`));
        return;
    }
    const prior = types.get(rule.name);
    if (!prior)
        types.set(rule.name, rule);
    else if (rule.assign === '/=')
        types.set(rule.name, { ...prior, type: { options: [...prior.type.options, ...rule.type.options] } });
    else if (JSON.stringify(strip(prior.type)) !== JSON.stringify(strip(rule.type))) {
        diagnostics.push(diagnosticAt(rule.provenance, 'error', 'duplicate-rule', `'${rule.name}' is defined twice, differently`));
    }
}
function sameGroup(a, b) {
    return JSON.stringify(strip(a.group)) === JSON.stringify(strip(b.group));
}
/** The IR without provenance, to compare definitions. */
function strip(x) {
    return JSON.parse(JSON.stringify(x, (k, v) => (k === 'provenance' ? undefined : v)));
}
//# sourceMappingURL=lower.js.map