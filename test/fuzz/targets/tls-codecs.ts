/**
 * One target per top-level codec of the generated TLS packages (@mimikit/mls, @mimikit/mimi-protocol,
 * @mimikit/mimi-room-policy: every entry of their `codecs` registry), named `<package>/<Type>`.
 *
 * Seeds: the RFC 9420 interop vectors (test/fixtures/mls: messages.json and welcome.json, each
 * field given to the codec of the type it encodes) and, for every type, the encodings of a few
 * values generated from the IR (test/support/tls-arbitrary.ts, fixed sample seeds), which carry the
 * context values a select outside the type needs.
 *
 * Contract on one input: decode returns a value or throws a DecodeError that is not `internal`,
 * whose offset lies in the input and whose path starts at the type name; an accepted input
 * re-encodes to the same bytes.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { codecs as mimiProtocol } from '@mimikit/mimi-protocol';
import { codecs as mimiRoomPolicy } from '@mimikit/mimi-room-policy';
import { codecs as mls } from '@mimikit/mls';
import { fromHex, toHex } from '@mimikit/bytes';
import { DecodeError, type Codec } from '@mimikit/tls';
import { loadMessages, MESSAGE_KINDS, type MessageKind } from '../../support/mls-vectors.ts';
import { arbitraryOf, unsupportedReason } from '../../support/tls-arbitrary.ts';
import { packages } from '../../support/tls-packages.ts';
import { mutateBytes, MAX_MUTATED_BYTES, type ByteFormat } from '../mutate-bytes.ts';
import { hash32, type Rng } from '../rng.ts';
import type { AmplifiedInput, GrowRecipe, Outcome, Seed, Target } from '../target.ts';
import { checkCodecContract } from '../codec-contract.ts';
import { encodeVarint, recordVarints, repeatInVector, TINY_ELEMENTS, type VarintField } from '../tls-layout.ts';

type Registry = Record<string, Codec<unknown>>;

export const TLS_PACKAGES: ReadonlyArray<readonly [string, Registry]> = [
  ['mls', mls as unknown as Registry],
  ['mimi-protocol', mimiProtocol as unknown as Registry],
  ['mimi-room-policy', mimiRoomPolicy as unknown as Registry],
];

/** Vector entries used as seeds (of 300; later entries repeat the same shapes with other suites). */
const VECTOR_ENTRIES = 24;
/** Seeds larger than this are left out: mutating a 100 KiB ratchet tree finds nothing a 2 KiB one does not. */
const MAX_SEED_BYTES = 32 * 1024;
const SAMPLES_PER_TYPE = 4;

const vectorSeedsByType: Map<string, Seed<Uint8Array>[]> = new Map();

function vectorSeeds(typeName: string): Seed<Uint8Array>[] {
  if (vectorSeedsByType.size === 0) {
    const add = (type: string, hex: string, origin: string) => {
      const data = fromHex(hex);
      if (data.length > MAX_SEED_BYTES) return;
      const list = vectorSeedsByType.get(type) ?? [];
      list.push({ data, origin });
      vectorSeedsByType.set(type, list);
    };
    for (const [i, v] of loadMessages().slice(0, VECTOR_ENTRIES).entries()) {
      for (const kind of Object.keys(MESSAGE_KINDS) as MessageKind[]) add(MESSAGE_KINDS[kind], v[kind], `messages.json[${i}].${kind}`);
    }
    const welcome = JSON.parse(readFileSync(new URL('../../fixtures/mls/welcome.json', import.meta.url), 'utf8')) as Array<{
      key_package: string;
      welcome: string;
    }>;
    for (const [i, w] of welcome.entries()) {
      add('MLSMessage', w.key_package, `welcome.json[${i}].key_package`);
      add('MLSMessage', w.welcome, `welcome.json[${i}].welcome`);
    }
  }
  return vectorSeedsByType.get(typeName) ?? [];
}

function sampleSeeds(packageName: string, typeName: string, codec: Codec<unknown>): Seed<Uint8Array>[] {
  const pkg = packages.find((p) => p.name === packageName);
  if (!pkg || unsupportedReason(pkg, typeName)) return [];
  const samples = fc.sample(arbitraryOf(pkg, typeName), { numRuns: SAMPLES_PER_TYPE, seed: hash32(packageName, typeName) | 0 });
  return samples.map(({ value, context }, j) => {
    const seed: Seed<Uint8Array> = { data: codec.encode(value, context), origin: `sample ${j} of ${typeName}` };
    return Object.keys(context).length ? { ...seed, context } : seed;
  });
}

const VARINT_BOUNDARIES = [0, 1, 0x3f, 0x40, 0x3fff, 0x4000, 0x3fff_ffff];

/** The TLS format's structure-aware edits, from the `<V>` lengths a clean decode of the seed read. */
function tlsFormat(codec: Codec<unknown>): ByteFormat {
  const layouts = new WeakMap<Seed<Uint8Array>, VarintField[]>();
  const layoutOf = (seed: Seed<Uint8Array>) => {
    let l = layouts.get(seed);
    if (!l) layouts.set(seed, (l = recordVarints(codec, seed.data, seed.context)));
    return l;
  };
  return {
    interesting: [0x00, 0x01, 0x02, 0x3f, 0x40, 0x7f, 0x80, 0xbf, 0xc0, 0xff],
    structured(rng, seed) {
      const fields = layoutOf(seed);
      if (!fields.length) return undefined;
      const index = rng.below(fields.length);
      const f = fields[index]!;
      if (rng.chance(0.5)) {
        // A length set to a boundary value, in its minimal form, a longer one, or the reserved prefix.
        const v = rng.chance(0.3) ? Math.max(0, f.value + rng.between(-2, 2)) : rng.pick(VARINT_BOUNDARIES);
        const forms = [
          encodeVarint(v),
          v < 0x4000 ? Uint8Array.of(0x80, 0, v >> 8, v & 0xff) : undefined,
          v < 0x40 ? Uint8Array.of(0x40, v) : undefined,
          Uint8Array.of(0xc0 | (v & 0x3f)),
        ];
        const enc = rng.pick(forms) ?? encodeVarint(v)!;
        const out = new Uint8Array(seed.data.length - f.size + enc.length);
        out.set(seed.data.subarray(0, f.at));
        out.set(enc, f.at);
        out.set(seed.data.subarray(f.at + f.size), f.at + enc.length);
        return out;
      }
      // The smallest element many times (or the vector's own content repeated, when it is short).
      const own = seed.data.subarray(f.at + f.size, f.at + f.size + f.value);
      const unit = own.length > 0 && own.length <= 64 && rng.chance(0.3) ? own : rng.pick(TINY_ELEMENTS);
      const count = rng.chance(0.7) ? rng.between(2, 64) : rng.between(64, Math.floor(MAX_MUTATED_BYTES / 2 / unit.length));
      return repeatInVector(seed.data, fields, index, unit, count);
    },
  };
}

export function tlsCodecTarget(packageName: string, typeName: string, codec: Codec<unknown>): Target<Uint8Array> {
  let seeds: Seed<Uint8Array>[] | undefined;
  const format = tlsFormat(codec);
  const target: Target<Uint8Array> = {
    name: `${packageName}/${typeName}`,
    kind: 'bytes',
    seeds() {
      seeds ??= [...(packageName === 'mls' ? vectorSeeds(typeName) : []), ...sampleSeeds(packageName, typeName, codec)];
      return seeds;
    },
    mutate: (rng, s) => mutateBytes(rng, s, format),
    check: (data, context) => checkTlsDecode(codec, data, context),
    retain(data, context) {
      try {
        return codec.decode(data, context ? { context } : {});
      } catch {
        return undefined;
      }
    },
    amplified: (bytes, rng) => amplifiedTls(codec, target.seeds(), bytes, rng),
    grow: (base, recipe, context) => growTls(codec, base, recipe, context),
  };
  return target;
}

export function checkTlsDecode(codec: Codec<unknown>, data: Uint8Array, context?: Record<string, string>): Outcome {
  return checkCodecContract(
    codec.name,
    data,
    (d) => codec.decode(d, context ? { context } : {}),
    (v) => codec.encode(v, context),
    (e): e is DecodeError => e instanceof DecodeError,
  );
}

/** How many elements a shape gets while it is being tried (cheap), before it is built at full size. */
const PROBE_COUNT = 4;
const MAX_PROBED_SEEDS = 6;
const MAX_PROBED_FIELDS = 48;

/**
 * Inputs of about `bytes` bytes that the codec accepts and that hold one long run of the smallest
 * element some `<V>` vector of a seed takes: every tiny element is tried in every vector of the
 * first seeds, and the run is built for the smallest elements that decode.
 */
function amplifiedTls(codec: Codec<unknown>, seeds: readonly Seed<Uint8Array>[], bytes: number, rng: Rng): AmplifiedInput<Uint8Array>[] {
  const found: Array<{ seed: Seed<Uint8Array>; fields: VarintField[]; index: number; unit: Uint8Array }> = [];
  for (const seed of seeds.slice(0, MAX_PROBED_SEEDS)) {
    const fields = recordVarints(codec, seed.data, seed.context);
    for (const index of fields.keys()) {
      if (index >= MAX_PROBED_FIELDS) break;
      // A vector that takes 0xff bytes is opaque (or uint8): a run in it is a byte string, not elements.
      const opaque = repeatInVector(seed.data, fields, index, Uint8Array.of(0xff), PROBE_COUNT);
      if (opaque && decodes(codec, opaque, seed.context)) continue;
      for (const unit of TINY_ELEMENTS) {
        const probe = repeatInVector(seed.data, fields, index, unit, PROBE_COUNT);
        if (probe && decodes(codec, probe, seed.context)) {
          found.push({ seed, fields, index, unit });
          break; // TINY_ELEMENTS is ordered by size: the first that decodes is the smallest here.
        }
      }
    }
  }
  found.sort((a, b) => a.unit.length - b.unit.length);
  // The smallest units, and one other at random so that long runs see other vectors too.
  const chosen = found.slice(0, 2);
  if (found.length > 2) chosen.push(found[2 + rng.below(found.length - 2)]!);
  const out: AmplifiedInput<Uint8Array>[] = [];
  for (const c of chosen) {
    const base = repeatInVector(c.seed.data, c.fields, c.index, c.unit, PROBE_COUNT)!;
    const recipe: GrowRecipe = { at: c.fields[c.index]!.at, unit: toHex(c.unit), count: Math.floor(bytes / c.unit.length) };
    const data = growTls(codec, base, recipe, c.seed.context);
    if (!data || !decodes(codec, data, c.seed.context)) continue;
    const shape = `${c.seed.origin}: the <V> vector at byte ${recipe.at} holding ${recipe.unit} × ${recipe.count}`;
    out.push({ data, base, recipe, shape, ...(c.seed.context ? { context: c.seed.context } : {}) });
  }
  return out;
}

function growTls(codec: Codec<unknown>, base: Uint8Array, recipe: GrowRecipe, context?: Record<string, string>): Uint8Array | undefined {
  const fields = recordVarints(codec, base, context);
  const index = fields.findIndex((f) => f.at === recipe.at);
  return index < 0 ? undefined : repeatInVector(base, fields, index, fromHex(recipe.unit), recipe.count);
}

function decodes(codec: Codec<unknown>, data: Uint8Array, context?: Record<string, string>): boolean {
  try {
    codec.decode(data, context ? { context } : {});
    return true;
  } catch {
    return false;
  }
}

export function tlsCodecTargets(): Target<Uint8Array>[] {
  return TLS_PACKAGES.flatMap(([pkg, registry]) => Object.entries(registry).map(([type, codec]) => tlsCodecTarget(pkg, type, codec)));
}
