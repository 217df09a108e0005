/**
 * Covering samples: for one declaration, a few steered samples (./arbitrary.ts `steer`) that
 * together take every arm of its selects, every value of an enum, and every `<V>` length width,
 * so a property run covers them by construction instead of by luck. The property tests run them
 * first (fast-check `examples`), then their random samples.
 *
 * How they are found, each candidate kept only if it adds something (measured with ./coverage.ts,
 * never assumed):
 *  1. rounds r = 0, 1, ...: every enum the type can hold prefers its r-th value (modulo its size),
 *     with optionals present and one element per vector, so nested choices are made too;
 *  2. for each own target still missing: the value that leads to it preferred alone, then together
 *     with each value of each other enum (a select on a nested path needs the outer choice too);
 *  3. lengths: every `<V>` byte string 0, 63, 64, 16383 and 16384 bytes long in turn (in a type
 *     without byte strings, every vector of fixed-size elements at least that long), so the 1-, 2-
 *     and 4-byte varint forms and both sides of each boundary are read. Small structures are tried
 *     first (no steering but the length), then the rounds of step 1 until the length is read.
 * Every draw has its own seed derived from the caller's, so the set changes with the run seed.
 */
import fc from 'fast-check';
import type { Codec } from '@mimikit/tls';
import type { EnumDecl, Select } from '../../generators/tls/ir.ts';
import type { TlsPackage } from '../../generators/tls/model.ts';
import { arbitraryOf, constraintsAllow, contextValuesOf, UNLISTED, type ArbitraryOptions, type Sample, type Scalar, type Steer } from './tls-arbitrary.ts';
import { choicesOf, ownTargets, reachOf, recordVarints, selectIds, VARINT_BOUNDARIES, varintWidth } from './tls-coverage.ts';

export interface Covering {
  samples: Sample[];
  /** What the declaration's run must cover (./coverage.ts ownTargets). */
  targets: string[];
  /** Targets none of the samples reached (empty unless the search failed). */
  missing: string[];
  /** Whether the type holds `<V>` vectors / `<V>` byte strings (what the length checks expect). */
  vectors: boolean;
  byteVectors: boolean;
}

/** Every value an enum can be steered to: its names, and UNLISTED when it is open. */
function steerValues(e: EnumDecl): Scalar[] {
  return [...e.values.map((v) => v.name), ...(e.open ? [UNLISTED] : [])];
}

/** The discriminator values that lead to a target (`select <id> <arm>` or `enum <E> <v>`), with its enum. */
function valuesFor(target: string, enumOf: (name: string) => EnumDecl | undefined, selects: Map<string, Select>): Array<[string, Scalar]> {
  const [kind, id, label] = target.split(' ') as [string, string, string];
  if (kind === 'enum') return [[id, label === '#unlisted' ? UNLISTED : label]];
  const s = selects.get(id);
  const enumName = s?.discriminator.resolved?.enumName;
  const e = enumName ? enumOf(enumName) : undefined;
  if (!s || !e) return [];
  if (label !== 'default') return label.split('|').map((c) => [e.name, c]);
  const explicit = new Set(s.arms.flatMap((a) => a.cases));
  return [
    ...e.values.filter((v) => !explicit.has(v.name)).map((v): [string, Scalar] => [e.name, v.name]),
    ...(e.open ? [[e.name, UNLISTED] as [string, Scalar]] : []),
  ];
}

/** `<Struct>#<i>` → select (./coverage.ts selectIds). */
function selectsOf(pkg: TlsPackage, typeName: string): Map<string, Select> {
  const decl = pkg.symbols.get(typeName)?.decl;
  return new Map(decl?.kind === 'struct' ? [...selectIds(decl)].map(([s, id]) => [id, s]) : []);
}

export function coveringSamples(pkg: TlsPackage, typeName: string, codec: Codec<unknown>, seed: number, base: ArbitraryOptions = {}): Covering {
  const reach = reachOf(pkg, typeName);
  const enumOf = (name: string): EnumDecl | undefined => {
    const d = pkg.symbols.get(name)?.decl;
    return d?.kind === 'enum' ? d : undefined;
  };
  // Targets that the constraints rule out (values another implementation cannot take) are not asked for.
  const targets = ownTargets(pkg, typeName, (n) => contextValuesOf(pkg, n, base)).filter((t) =>
    valuesFor(t, enumOf, selectsOf(pkg, typeName)).some(([e, v]) => constraintsAllow(base.constrain, enumOf(e)!, v)),
  );
  const covered = new Set<string>();
  const samples: Sample[] = [];
  let draws = 0;

  const draw = (steer: Steer): Sample => {
    const [s] = fc.sample(arbitraryOf(pkg, typeName, { ...base, steer }), { numRuns: 1, seed: (seed + Math.imul(++draws, 0x9e3779b1)) | 0 });
    return s!;
  };
  /** Keeps the sample if it takes a choice not taken yet; says whether it did. */
  const keepIfNew = (s: Sample): boolean => {
    const fresh = [...choicesOf(pkg, typeName, s)].filter((k) => !covered.has(k));
    if (fresh.length === 0) return false;
    for (const k of fresh) covered.add(k);
    samples.push(s);
    return true;
  };

  // 1. rounds of preferred values
  const rounds = Math.max(1, ...reach.enums.map((e) => steerValues(e).length));
  const roundPrefer = (r: number): Record<string, Scalar> =>
    Object.fromEntries(
      reach.enums.map((e) => {
        const vs = steerValues(e);
        return [e.name, vs[r % vs.length]!];
      }),
    );
  for (let r = 0; r < rounds; r++) keepIfNew(draw({ prefer: roundPrefer(r), reach: true }));

  // 2. targets still missing
  const selects = selectsOf(pkg, typeName);
  for (const t of targets) {
    if (covered.has(t)) continue;
    const options = valuesFor(t, enumOf, selects);
    const tries: Array<Record<string, Scalar>> = options.map(([e, v]) => ({ [e]: v }));
    for (const [e, v] of options) {
      for (const other of reach.enums) if (other.name !== e) for (const u of steerValues(other)) tries.push({ [other.name]: u, [e]: v });
    }
    for (const prefer of tries) {
      keepIfNew(draw({ prefer, reach: true }));
      if (covered.has(t)) break;
    }
  }

  // 3. lengths across the varint boundaries: the first draw whose decode reads that length (a
  // byte string can be exactly n long) or at least a length of that width; small structures first
  if (reach.vectors) {
    for (const n of VARINT_BOUNDARIES) {
      // Vectors of fixed-size elements are made long only when no byte string can carry the length.
      const elementVectors = !reach.byteVectors;
      const attempts: Steer[] = [
        { vectorBytes: n, elementVectors },
        ...Array.from({ length: rounds }, (_, r): Steer => ({ vectorBytes: n, elementVectors, reach: true, prefer: roundPrefer(r) })),
      ];
      for (const steer of attempts) {
        const s = draw(steer);
        const { lengths } = recordVarints(() => codec.decode(codec.encode(s.value, s.context), { context: s.context }));
        if (reach.byteVectors ? lengths.includes(n) : lengths.some((l) => varintWidth(l) === varintWidth(n))) {
          if (!keepIfNew(s)) samples.push(s);
          break;
        }
      }
    }
  }

  return { samples, targets, missing: targets.filter((t) => !covered.has(t)), vectors: reach.vectors, byteVectors: reach.byteVectors };
}
