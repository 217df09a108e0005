/**
 * One target per top-level codec of @mimikit/mimi-content (every entry of its `codecs` registry),
 * named `mimi-content/<rule>`.
 *
 * Seeds: the draft's examples (spec/content/examples/*.cbor, and the example folders of the draft
 * versions kept in spec/drafts and test/fixtures/drafts), every data item nested in them that the
 * rule's codec accepts on its own (so `NestedPart` or `Expiration` start from real content too),
 * and the encodings of a few values generated from the lowered CDDL (test/support/content-arbitrary.ts).
 *
 * Contract on one input: decode returns a value or throws a ContentError that is not `internal`,
 * whose offset lies in the input and whose path starts at the rule name; an accepted input
 * re-encodes to the same bytes.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { ContentError, type ContentCodec } from '@mimikit/cbor';
import { codecs } from '@mimikit/mimi-content';
import { fromHex, toHex } from '@mimikit/bytes';
import { arbitraryOf } from '../../support/content-arbitrary.ts';
import { allItems, encodeHead, refill, replaceItem, TINY_ITEMS, walkCbor, type CborItem } from '../cbor-layout.ts';
import { concat, mutateBytes, repeat, MAX_MUTATED_BYTES, type ByteFormat } from '../mutate-bytes.ts';
import { hash32, type Rng } from '../rng.ts';
import type { AmplifiedInput, GrowRecipe, Outcome, Seed, Target } from '../target.ts';
import { checkCodecContract } from '../codec-contract.ts';

const EXAMPLE_DIRS = ['../../../spec/content/examples/', '../../../spec/drafts/draft-ietf-mimi-content-07-files/examples/']
  .map((d) => new URL(d, import.meta.url))
  .concat(
    readdirSync(new URL('../../fixtures/drafts/', import.meta.url))
      .filter((d) => d.endsWith('-files'))
      .map((d) => new URL(`../../fixtures/drafts/${d}/examples/`, import.meta.url)),
  );

const SAMPLES_PER_RULE = 4;
const MAX_ITEM_SEEDS = 24;

let exampleCache: Seed<Uint8Array>[] | undefined;

/** Every example .cbor file of the repository, once per distinct content. */
function examples(): Seed<Uint8Array>[] {
  if (exampleCache) return exampleCache;
  const seen = new Set<string>();
  exampleCache = [];
  for (const dir of EXAMPLE_DIRS) {
    if (!existsSync(dir)) continue;
    for (const f of readdirSync(dir)
      .filter((n) => n.endsWith('.cbor'))
      .sort()) {
      const data = new Uint8Array(readFileSync(new URL(f, dir)));
      const key = toHex(data);
      if (seen.has(key)) continue;
      seen.add(key);
      exampleCache.push({ data, origin: `${dir.pathname.replace(/.*\/(spec|test)\//, '$1/')}${f}` });
    }
  }
  return exampleCache;
}

function accepts(codec: ContentCodec<unknown>, data: Uint8Array): boolean {
  try {
    codec.decode(data);
    return true;
  } catch {
    return false;
  }
}

function contentSeeds(rule: string, codec: ContentCodec<unknown>): Seed<Uint8Array>[] {
  const out: Seed<Uint8Array>[] = [];
  const seen = new Set<string>();
  const add = (s: Seed<Uint8Array>) => {
    const key = toHex(s.data);
    if (!seen.has(key)) {
      seen.add(key);
      out.push(s);
    }
  };
  let items = 0;
  for (const ex of examples()) {
    const root = walkCbor(ex.data);
    if (!root) continue;
    for (const item of allItems(root)) {
      if (items >= MAX_ITEM_SEEDS) break;
      const data = ex.data.slice(item.at, item.end);
      if (accepts(codec, data)) {
        add({ data, origin: item.at === 0 ? ex.origin : `${ex.origin} item at byte ${item.at}` });
        items++;
      }
    }
  }
  const samples = fc.sample(arbitraryOf(rule), { numRuns: SAMPLES_PER_RULE, seed: hash32('mimi-content', rule) | 0 });
  for (const [j, v] of samples.entries()) add({ data: codec.encode(v), origin: `sample ${j} of ${rule}` });
  // A rule that nothing in the examples matches still gets real content as mutation material.
  if (items === 0) for (const ex of examples()) add(ex);
  return out;
}

const FLOATS = [
  'f97e00',
  'f97e01',
  'f9fe00',
  'f97c01',
  'f97c00',
  'f9fc00',
  'f98000',
  'f93c00',
  'fa7fc00000',
  'fa3f800000',
  'fb7ff8000000000000',
  'fb3ff0000000000000',
].map(fromHex);
const TEXTS = ['63efbbbf', '64efbbbf78', '62c0af', '63eda080', '6100', '60', '7f60ff', '5f40ff'].map(fromHex);
const ARG_BOUNDARIES = [0, 1, 23, 24, 255, 256, 0xffff, 0x10000, 0xffff_ffff, 2 ** 53, 2n ** 64n - 1n];

/** The CBOR format's structure-aware edits, from the items of the seed. */
function cborFormat(): ByteFormat {
  const layouts = new WeakMap<Seed<Uint8Array>, CborItem[]>();
  const itemsOf = (seed: Seed<Uint8Array>) => {
    let l = layouts.get(seed);
    if (!l) {
      const root = walkCbor(seed.data);
      layouts.set(seed, (l = root ? allItems(root) : []));
    }
    return l;
  };
  return {
    interesting: [
      0x00, 0x17, 0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1f, 0x20, 0x40, 0x5f, 0x60, 0x7f, 0x80, 0x9f, 0xa0, 0xbf, 0xc0, 0xd8, 0xf4, 0xf6, 0xf7, 0xf9, 0xfa, 0xfb,
      0xff,
    ],
    structured(rng, seed) {
      const items = itemsOf(seed);
      if (!items.length) return undefined;
      const item = rng.pick(items);
      const b = seed.data;
      switch (rng.below(6)) {
        case 0: {
          // A head rewritten: boundary argument, a longer form than needed, indefinite, reserved.
          const major = rng.chance(0.8) ? item.major : rng.below(8);
          const forms = [
            encodeHead(major, rng.pick(ARG_BOUNDARIES)),
            concat(Uint8Array.of((major << 5) | 24), Uint8Array.of(item.arg & 0xff)),
            concat(Uint8Array.of((major << 5) | 25), Uint8Array.of((item.arg >> 8) & 0xff, item.arg & 0xff)),
            Uint8Array.of((major << 5) | 31),
            Uint8Array.of((major << 5) | rng.between(28, 30)),
          ];
          return concat(b.subarray(0, item.at), rng.pick(forms), b.subarray(item.at + item.headSize));
        }
        case 1: {
          // An array or map refilled with many tiny elements.
          const containers = items.filter((i) => i.major === 4 || i.major === 5);
          if (!containers.length) return undefined;
          const c = rng.pick(containers);
          const first = c.children[c.major === 5 ? 1 : 0];
          const own = first && first.end - first.at <= 8 ? b.slice(first.at, first.end) : undefined;
          const unit = own && rng.chance(0.4) ? own : rng.pick(TINY_ITEMS);
          const count = rng.chance(0.7) ? rng.between(0, 64) : rng.between(64, Math.floor(MAX_MUTATED_BYTES / 4 / unit.length));
          return refill(b, c, unit, count);
        }
        case 2: {
          // Deep nesting: the item wrapped in one-element arrays or in tags, around the depth limit or far past it.
          const depth = rng.chance(0.5) ? rng.between(28, 70) : rng.between(70, 50000);
          const wrapper = rng.pick([Uint8Array.of(0x81), Uint8Array.of(0xc6), Uint8Array.of(0xa1, 0x00)]);
          return replaceItem(b, item, concat(repeat(wrapper, depth), b.subarray(item.at, item.end)));
        }
        case 3:
          return replaceItem(b, item, rng.pick(FLOATS));
        case 4:
          return replaceItem(b, item, rng.pick(TEXTS));
        default: {
          // Two items swapped (map keys out of order, array members exchanged).
          const other = rng.pick(items);
          if (other.at >= item.end || other.end <= item.at) {
            const [x, y] = other.at < item.at ? [other, item] : [item, other];
            return concat(b.subarray(0, x.at), b.subarray(y.at, y.end), b.subarray(x.end, y.at), b.subarray(x.at, x.end), b.subarray(y.end));
          }
          return undefined;
        }
      }
    },
  };
}

export function checkContentDecode(codec: ContentCodec<unknown>, data: Uint8Array): Outcome {
  return checkCodecContract(
    codec.name,
    data,
    (d) => codec.decode(d),
    (v) => codec.encode(v),
    (e): e is ContentError => e instanceof ContentError,
    itemKindAt,
  );
}

const MAJOR_TYPES = ['unsigned integer', 'negative integer', 'byte string', 'text string', 'array', 'map', 'tag', 'float or simple value'];

/** The kind of the innermost data item that holds byte `offset`: what a round-trip finding is about. */
function itemKindAt(data: Uint8Array, offset: number): string | undefined {
  const root = walkCbor(data);
  if (!root) return undefined;
  let best: CborItem | undefined;
  for (const item of allItems(root)) if (item.at <= offset && offset < item.end && (!best || item.end - item.at <= best.end - best.at)) best = item;
  return best && `a ${MAJOR_TYPES[best.major]} re-encodes differently`;
}

const PROBE_COUNT = 4;

/** Accepted inputs of about `bytes` bytes holding one long array or map of the smallest element it takes. */
function amplifiedContent(codec: ContentCodec<unknown>, seeds: readonly Seed<Uint8Array>[], bytes: number, rng: Rng): AmplifiedInput<Uint8Array>[] {
  const found: Array<{ seed: Seed<Uint8Array>; item: CborItem; unit: Uint8Array }> = [];
  for (const seed of seeds) {
    const root = walkCbor(seed.data);
    if (!root) continue;
    for (const item of allItems(root)) {
      if (item.major !== 4 && item.major !== 5) continue;
      for (const unit of TINY_ITEMS) {
        const probe = refill(seed.data, item, unit, PROBE_COUNT);
        if (probe && accepts(codec, probe)) {
          found.push({ seed, item, unit });
          break;
        }
      }
    }
  }
  // Arrays first (a map element also costs its key), then at random.
  found.sort((a, b) => a.item.major - b.item.major || a.unit.length - b.unit.length);
  const chosen = found.slice(0, 2);
  if (found.length > 2) chosen.push(found[2 + rng.below(found.length - 2)]!);
  const out: AmplifiedInput<Uint8Array>[] = [];
  for (const c of chosen) {
    const base = refill(c.seed.data, c.item, c.unit, PROBE_COUNT)!;
    const perElement = c.unit.length + (c.item.major === 5 ? 3 : 0);
    const recipe: GrowRecipe = { at: c.item.at, unit: toHex(c.unit), count: Math.floor(bytes / perElement) };
    const data = growContent(base, recipe);
    if (!data || !accepts(codec, data)) continue;
    out.push({
      data,
      base,
      recipe,
      shape: `${c.seed.origin}: the ${c.item.major === 4 ? 'array' : 'map'} at byte ${recipe.at} holding ${recipe.unit} × ${recipe.count}`,
    });
  }
  return out;
}

function growContent(base: Uint8Array, recipe: GrowRecipe): Uint8Array | undefined {
  const root = walkCbor(base);
  const item = root && allItems(root).find((i) => i.at === recipe.at && (i.major === 4 || i.major === 5));
  return item ? refill(base, item, fromHex(recipe.unit), recipe.count) : undefined;
}

export function contentCodecTarget(rule: string, codec: ContentCodec<unknown>): Target<Uint8Array> {
  let seeds: Seed<Uint8Array>[] | undefined;
  const format = cborFormat();
  const target: Target<Uint8Array> = {
    name: `mimi-content/${rule}`,
    kind: 'bytes',
    seeds: () => (seeds ??= contentSeeds(rule, codec)),
    mutate: (rng, s) => mutateBytes(rng, s, format),
    check: (data) => checkContentDecode(codec, data),
    retain(data) {
      try {
        return codec.decode(data);
      } catch {
        return undefined;
      }
    },
    amplified: (bytes, rng) => amplifiedContent(codec, target.seeds(), bytes, rng),
    grow: (base, recipe) => growContent(base, recipe),
  };
  return target;
}

export function contentCodecTargets(): Target<Uint8Array>[] {
  return Object.entries(codecs as unknown as Record<string, ContentCodec<unknown>>).map(([rule, codec]) => contentCodecTarget(rule, codec));
}
