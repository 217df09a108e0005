/**
 * ABNF (RFC 5234, with RFC 7405's `%s"…"` / `%i"…"`) for the CDDL controls `.abnf` and `.abnfb`
 * (RFC 9165 §3): parses a controller string (one ABNF *element*, then a newline and the rules it
 * uses) and tells whether a sequence of code points (or bytes) matches that element as a whole.
 *
 * No npm package fits: `apg-js` generates parsers from a grammar file (it does not match a string
 * against an ABNF text at run time without its generator step) and `abnf` only parses grammars. So
 * this is a small matcher of its own, built to have bounded time on hostile input:
 *
 * - The grammar is compiled to a Thompson NFA (rules are inlined, repetitions expanded) and the
 *   input is run through it breadth-first, so matching is linear in the input for a given grammar,
 *   never exponential like a backtracking regexp. The NFA is capped at {@link MAX_STATES} states
 *   and a run at {@link MAX_STEPS} state visits; past either, matching stops with an AbnfError.
 * - A recursive rule (`group = "(" *group ")"`) makes the language non-regular, which an NFA cannot
 *   hold; it is refused with an AbnfError naming the rule. RFC 9165's examples (RFC 3339 dates,
 *   OIDs) and the usual protocol tokens are not recursive.
 * - Prose values `<…>` cannot be matched and are refused the same way.
 *
 * As RFC 9165 requires, nothing is imported implicitly: core rules such as DIGIT must be defined in
 * the controller. Line ends may be a bare LF (RFC 9165 relaxes ABNF's CRLF so).
 */

/** A grammar the matcher cannot use: malformed, recursive, prose, too large, or a run too long. */
export class AbnfError extends Error {}

/** How many NFA states one grammar may compile to (each repetition copy and inlined rule adds some). */
export const MAX_STATES = 100_000;
/** How many state visits one match may make (input length × live states). */
export const MAX_STEPS = 20_000_000;

type Node =
  | { k: 'alt'; xs: Node[] }
  | { k: 'seq'; xs: Node[] }
  | { k: 'rep'; min: number; max: number | null; x: Node }
  | { k: 'set'; ranges: Array<[number, number]> }
  | { k: 'ref'; name: string; line: number };

type Token =
  | { t: 'name'; name: string; line: number }
  | { t: 'def'; incremental: boolean; line: number }
  | { t: 'punct'; p: '/' | '(' | ')' | '[' | ']'; line: number }
  | { t: 'repeat'; min: number; max: number | null; line: number }
  | { t: 'node'; node: Node; line: number };

function lexAbnf(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  let line = 1;
  const fail = (message: string): never => {
    throw new AbnfError(`ABNF line ${line}: ${message}`);
  };
  while (i < text.length) {
    const c = text[i] as string;
    if (c === '\n') {
      line++;
      i++;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    if (c === ';') {
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    }
    const at = (re: RegExp): RegExpExecArray | null => {
      re.lastIndex = i;
      return re.exec(text);
    };
    let m: RegExpExecArray | null;
    if ((m = at(/[A-Za-z][A-Za-z0-9-]*/y))) {
      out.push({ t: 'name', name: m[0].toLowerCase(), line });
    } else if ((m = at(/=\/?/y))) {
      out.push({ t: 'def', incremental: m[0] === '=/', line });
    } else if ((m = at(/[/()[\]]/y))) {
      out.push({ t: 'punct', p: m[0] as '/', line });
    } else if ((m = at(/([0-9]*)\*([0-9]*)|[0-9]+/y))) {
      const min = m[1] !== undefined ? (m[1] === '' ? 0 : Number(m[1])) : Number(m[0]);
      const max = m[2] !== undefined ? (m[2] === '' ? null : Number(m[2])) : Number(m[0]);
      if (max !== null && max < min) fail(`repetition '${m[0]}' has a maximum below its minimum`);
      out.push({ t: 'repeat', min, max, line });
    } else if ((m = at(/(%[si])?"([^"\n]*)"/iy))) {
      const sensitive = m[1]?.toLowerCase() === '%s';
      const xs: Node[] = [...(m[2] as string)].map((ch) => {
        const code = ch.codePointAt(0) as number;
        const lower = ch.toLowerCase().codePointAt(0) as number;
        const upper = ch.toUpperCase().codePointAt(0) as number;
        return {
          k: 'set',
          ranges:
            sensitive || lower === upper
              ? [[code, code]]
              : [
                  [lower, lower],
                  [upper, upper],
                ],
        };
      });
      out.push({ t: 'node', node: { k: 'seq', xs }, line });
    } else if ((m = at(/%([bdx])([0-9A-Fa-f]+)((?:\.[0-9A-Fa-f]+)+|-[0-9A-Fa-f]+)?/iy))) {
      const radix = { b: 2, d: 10, x: 16 }[(m[1] as string).toLowerCase() as 'b' | 'd' | 'x'];
      const digits = radix === 2 ? /^[01]+$/ : radix === 10 ? /^[0-9]+$/ : /^[0-9A-Fa-f]+$/;
      const num = (s: string): number => {
        if (!digits.test(s)) fail(`'${m?.[0]}' is not a valid %${m?.[1]} value`);
        const n = parseInt(s, radix);
        if (n > 0x10ffff) fail(`'${m?.[0]}' is beyond U+10FFFF`);
        return n;
      };
      const first = num(m[2] as string);
      const tail = m[3] ?? '';
      if (tail.startsWith('-')) {
        const last = num(tail.slice(1));
        if (last < first) fail(`range '${m[0]}' ends below its start`);
        out.push({ t: 'node', node: { k: 'set', ranges: [[first, last]] }, line });
      } else {
        const codes = [first, ...tail.split('.').slice(1).map(num)];
        out.push({ t: 'node', node: { k: 'seq', xs: codes.map((c) => ({ k: 'set', ranges: [[c, c]] })) }, line });
      }
    } else if (c === '<') {
      fail(`prose value '${at(/<[^>\n]*>?/y)?.[0]}' cannot be matched`);
    } else {
      fail(`'${c}' is not ABNF syntax`);
    }
    i += (m as RegExpExecArray)[0].length;
  }
  return out;
}

/** The parsed controller: the element to match and the rules (lower-case names). */
function parseAbnf(text: string): { start: Node; rules: Map<string, Node> } {
  const tokens = lexAbnf(text);
  let pos = 0;
  const peek = (k = 0): Token | undefined => tokens[pos + k];
  const fail = (message: string): never => {
    const t = peek();
    throw new AbnfError(`ABNF line ${t?.line ?? 'end'}: ${message}`);
  };
  const ruleStart = (): boolean => peek()?.t === 'name' && peek(1)?.t === 'def';
  const startsElement = (): boolean => {
    const t = peek();
    if (!t || ruleStart()) return false;
    return t.t === 'name' || t.t === 'node' || t.t === 'repeat' || (t.t === 'punct' && (t.p === '(' || t.p === '['));
  };
  const punct = (p: string): boolean => {
    const t = peek();
    return t?.t === 'punct' && t.p === p;
  };
  const alternation = (): Node => {
    const xs = [concatenation()];
    while (punct('/')) {
      pos++;
      xs.push(concatenation());
    }
    return xs.length === 1 ? (xs[0] as Node) : { k: 'alt', xs };
  };
  const concatenation = (): Node => {
    if (!startsElement()) fail('expected an element');
    const xs: Node[] = [];
    while (startsElement()) xs.push(repetition());
    return xs.length === 1 ? (xs[0] as Node) : { k: 'seq', xs };
  };
  const repetition = (): Node => {
    const t = peek() as Token;
    if (t.t !== 'repeat') return element();
    pos++;
    if (!startsElement()) fail('expected an element after the repetition');
    return { k: 'rep', min: t.min, max: t.max, x: element() };
  };
  const element = (): Node => {
    const t = peek() as Token;
    pos++;
    if (t.t === 'name') return { k: 'ref', name: t.name, line: t.line };
    if (t.t === 'node') return t.node;
    if (t.t === 'punct' && (t.p === '(' || t.p === '[')) {
      const inner = alternation();
      const close = t.p === '(' ? ')' : ']';
      if (!punct(close)) fail(`expected '${close}'`);
      pos++;
      return t.p === '(' ? inner : { k: 'rep', min: 0, max: 1, x: inner };
    }
    return fail('expected an element');
  };
  if (ruleStart()) fail('the controller must start with the element to match (RFC 9165 §3), e.g. the name of the start rule on a line of its own');
  const start = alternation();
  const rules = new Map<string, Node>();
  while (pos < tokens.length) {
    if (!ruleStart()) fail('expected a rule (name = elements)');
    const name = (peek() as { name: string }).name;
    const incremental = (peek(1) as { incremental: boolean }).incremental;
    pos += 2;
    const body = alternation();
    const prior = rules.get(name);
    if (incremental && prior) rules.set(name, { k: 'alt', xs: [prior, body] });
    else if (prior) fail(`rule '${name}' is defined twice (use '=/' to add alternatives)`);
    else rules.set(name, body);
  }
  return { start, rules };
}

type State = { kind: 'final' } | { kind: 'char'; ranges: Array<[number, number]>; out: number } | { kind: 'split'; outs: number[] };

/** A compiled ABNF controller. */
export class AbnfMatcher {
  private constructor(
    private readonly states: State[],
    private readonly start: number,
  ) {}

  /** Compiles a `.abnf` / `.abnfb` controller string; throws AbnfError. */
  static compile(controller: string): AbnfMatcher {
    const { start, rules } = parseAbnf(controller);
    const states: State[] = [{ kind: 'final' }];
    const add = (s: State): number => {
      if (states.length >= MAX_STATES) throw new AbnfError(`the ABNF compiles to more than ${MAX_STATES} states`);
      states.push(s);
      return states.length - 1;
    };
    const inlining: string[] = [];
    const build = (n: Node, next: number): number => {
      switch (n.k) {
        case 'set':
          return add({ kind: 'char', ranges: n.ranges, out: next });
        case 'seq':
          return n.xs.reduceRight((acc, x) => build(x, acc), next);
        case 'alt':
          return add({ kind: 'split', outs: n.xs.map((x) => build(x, next)) });
        case 'ref': {
          const body = rules.get(n.name);
          if (!body) throw new AbnfError(`ABNF line ${n.line}: rule '${n.name}' is not defined (RFC 9165: the controller must define every rule it uses)`);
          if (inlining.includes(n.name)) throw new AbnfError(`rule '${n.name}' is recursive, which the ABNF matcher does not support`);
          inlining.push(n.name);
          const s = build(body, next);
          inlining.pop();
          return s;
        }
        case 'rep': {
          let tail = next;
          if (n.max === null) {
            const loop = add({ kind: 'split', outs: [] });
            (states[loop] as { outs: number[] }).outs.push(build(n.x, loop), next);
            tail = loop;
          } else {
            for (let i = n.min; i < n.max; i++) tail = add({ kind: 'split', outs: [build(n.x, tail), next] });
          }
          for (let i = 0; i < n.min; i++) tail = build(n.x, tail);
          return tail;
        }
      }
    };
    return new AbnfMatcher(states, build(start, 0));
  }

  /** Whether the whole sequence (code points for `.abnf`, bytes for `.abnfb`) matches. */
  matches(input: Iterable<number>): boolean {
    const mark = new Uint32Array(this.states.length);
    let generation = 0;
    let steps = 0;
    const closure = (from: number[]): number[] => {
      generation++;
      const out: number[] = [];
      const stack = [...from];
      while (stack.length > 0) {
        const s = stack.pop() as number;
        if (mark[s] === generation) continue;
        mark[s] = generation;
        if (++steps > MAX_STEPS) throw new AbnfError(`matching stopped after ${MAX_STEPS} steps (the value is too long for this grammar)`);
        const state = this.states[s] as State;
        if (state.kind === 'split') stack.push(...state.outs);
        else out.push(s);
      }
      return out;
    };
    let live = closure([this.start]);
    for (const c of input) {
      const next: number[] = [];
      for (const s of live) {
        const state = this.states[s] as State;
        if (state.kind === 'char' && state.ranges.some(([lo, hi]) => c >= lo && c <= hi)) next.push(state.out);
      }
      if (next.length === 0) return false;
      live = closure(next);
    }
    return live.some((s) => this.states[s]?.kind === 'final');
  }
}
