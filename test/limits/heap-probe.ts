/**
 * Child process of tls-heap.test.ts and content-heap.test.ts (run with `node --expose-gc --import
 * tsx test/limits/heap-probe.ts tls|content`): the heap a decoded value really takes, measured
 * with gc() and heapUsed, for the worst input of each element shape that the default limits still
 * accept, and the error for the next heavier one. Prints one JSON line per shape.
 *
 * The worst accepted input of a shape: `total` bytes of which as many as possible are tiny
 * elements and the rest is padding (one large byte string), found by bisecting the element count.
 * Heap growth is measured around one decode, with the decoded value kept alive.
 */
import { codecs as mlsCodecs } from '@mimikit/mls';
import { codecs as contentCodecs } from '@mimikit/mimi-content';
import { CborFloat, CborSimple, CborTag, CborWriter, ContentError, defineContentCodec } from '@mimikit/cbor';
import { DecodeError, type Codec } from '@mimikit/tls';
import { compileTlsFile } from '../support/compile-tls.ts';

declare const gc: () => void;

export interface ShapeResult {
  shape: string;
  /** Size of the worst accepted input. */
  inputBytes: number;
  /** Tiny elements in it (the rest is padding). */
  elements: number;
  /** True when even an input of nothing but tiny elements is accepted. */
  allTinyAccepted: boolean;
  /** Measured heap growth per input byte of decoding that input. */
  heapPerByte: number;
  /** The error for an input of nothing but tiny elements (absent when allTinyAccepted). */
  refusal?: { kind: string; offset: number; path: string; inputBytes: number };
}

interface Shape {
  name: string;
  /** An input with k tiny elements and `pad` bytes of padding. */
  build(k: number, pad: number): Uint8Array;
  /** The byte size of one tiny element. */
  unit: number;
  decode(bytes: Uint8Array): unknown;
}

const TOTAL = 1 << 18;

function varint(n: number): number[] {
  if (n < 0x40) return [n];
  if (n < 0x4000) return [0x40 | (n >> 8), n & 0xff];
  return [0x80 | (n >>> 24), (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];
}

function cat(...parts: Array<Uint8Array | number[]>): Uint8Array {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

const vec = (body: Uint8Array): Uint8Array => cat(varint(body.length), body);

function repeat(unit: number[], k: number): Uint8Array {
  const out = new Uint8Array(unit.length * k);
  for (let i = 0; i < k; i++) out.set(unit, i * unit.length);
  return out;
}

/** An input of about `total` bytes with k tiny elements (k = 0 .. max). */
function sized(shape: Shape, k: number, total: number): Uint8Array {
  const bare = shape.build(k, 0).length;
  return shape.build(k, Math.max(0, total - bare - 4));
}

const held: unknown[] = [];

function heapPerByte(shape: Shape, input: Uint8Array): number {
  gc();
  gc();
  const before = process.memoryUsage().heapUsed;
  held.push(shape.decode(input));
  gc();
  gc();
  const grown = process.memoryUsage().heapUsed - before;
  held.length = 0;
  return grown / input.length;
}

function errorOf(shape: Shape, input: Uint8Array): ShapeResult['refusal'] {
  try {
    shape.decode(input);
  } catch (e) {
    if (e instanceof DecodeError) return { kind: e.kind, offset: e.offset, path: e.typePath, inputBytes: input.length };
    if (e instanceof ContentError) return { kind: e.kind, offset: e.offset, path: e.typePath, inputBytes: input.length };
    throw e;
  }
  return undefined;
}

function probe(shape: Shape, total = TOTAL): ShapeResult {
  const max = Math.floor((total - 16) / shape.unit);
  const accepted = (k: number) => errorOf(shape, sized(shape, k, total)) === undefined;
  if (!accepted(0)) throw new Error(`${shape.name}: the padding-only input is refused`);
  let lo = 0;
  let hi = max;
  if (accepted(max)) lo = max;
  else {
    while (hi - lo > 1) {
      const mid = (lo + hi) >>> 1;
      if (accepted(mid)) lo = mid;
      else hi = mid;
    }
  }
  const input = sized(shape, lo, total);
  const result: ShapeResult = {
    shape: shape.name,
    inputBytes: input.length,
    elements: lo,
    allTinyAccepted: lo === max,
    heapPerByte: heapPerByte(shape, input),
  };
  if (lo < max) result.refusal = errorOf(shape, sized(shape, max, total));
  return result;
}

// ---- TLS ------------------------------------------------------------------------------------

/** A struct of the test spec: `items<V>` of k copies of `unit`, then `pad<V>`. */
function specShape(codec: Codec<unknown>, unit: number[]): Shape {
  return { name: codec.name, unit: unit.length, build: (k, pad) => cat(vec(repeat(unit, k)), vec(new Uint8Array(pad))), decode: (b) => codec.decode(b) };
}

function mlsShape(name: string, codec: Codec<unknown>, unit: number[], build: (items: Uint8Array, pad: number) => Uint8Array): Shape {
  return { name, unit: unit.length, build: (k, pad) => build(repeat(unit, k), pad), decode: (b) => codec.decode(b) };
}

async function tlsShapes(): Promise<Shape[]> {
  const codecs = await compileTlsFile(new URL('heap-shapes.tls', import.meta.url).pathname);
  const c = (name: string): Codec<unknown> => {
    const codec = codecs[name];
    if (!codec) throw new Error(`heap-shapes.tls has no type ${name}`);
    return codec;
  };
  const m = mlsCodecs as unknown as Record<string, Codec<unknown>>;
  return [
    specShape(c('Blobs'), [0]),
    specShape(c('Datas'), [0]),
    specShape(c('Tinies'), [0]),
    specShape(c('Optionals'), [0]),
    specShape(c('OneBytes'), [0]),
    specShape(c('EightByteStructs'), [0, 0, 0, 0, 0, 0, 0, 0]),
    specShape(c('EmptyLists'), [0]),
    specShape(c('RangedBlobs'), [0]),
    specShape(c('U64s'), [0, 0, 0, 0, 0, 0, 0, 1]),
    specShape(c('U16s'), [0, 1]),
    specShape(c('FixedArrays'), [0, 1]),
    // The budget filled with empty blobs, the rest with what is not charged (one-byte enums).
    specShape(c('Mixed'), [0]),
    // The audit's inputs: a Credential of empty certificates, a Commit of 2-byte ProposalRefs.
    mlsShape('Credential (x509, empty certificates)', m.Credential!, [0], (items, pad) => cat([0, 2], vec(cat(items, vec(new Uint8Array(pad)))))),
    mlsShape('Commit (2-byte proposal references)', m.Commit!, [2, 0], (items, pad) => cat(vec(cat(items, [2], vec(new Uint8Array(pad)))), [0])),
    mlsShape('GroupContextExtensions (empty extensions)', m.GroupContextExtensions!, [0, 1, 0], (items, pad) =>
      vec(cat(items, [0, 1], vec(new Uint8Array(pad)))),
    ),
    mlsShape('ratchet_tree (blank nodes)', m.ratchet_tree!, [0], (items) => vec(items)),
  ];
}

// ---- CBOR -----------------------------------------------------------------------------------

const anyCodec = defineContentCodec<unknown>(
  'any',
  (r) => r.any(),
  (w, v) => w.any(v),
);

function encodeAny(v: unknown): Uint8Array {
  const w = new CborWriter();
  w.maxDepth = Infinity;
  w.any(v);
  return w.finish();
}

/** `[item × k, h'…pad…']` decoded as CDDL `any`. */
function anyShape(name: string, item: unknown): Shape {
  return {
    name,
    unit: encodeAny(item).length,
    build: (k, pad) => encodeAny([...new Array<unknown>(k).fill(item), new Uint8Array(pad)]),
    decode: (b) => anyCodec.decode(b),
  };
}

function contentShapes(): Shape[] {
  const mc = contentCodecs.mimiContent;
  const content = (extensions: Map<number, unknown>, parts: unknown[] | null, pad: number) =>
    mc.encode({
      salt: new Uint8Array(16),
      replaces: null,
      topicId: new Uint8Array(pad),
      expires: null,
      inReplyTo: null,
      extensions,
      nestedPart: parts
        ? { disposition: 0, language: '', cardinality: 3, partSemantics: 0, parts: parts as never }
        : { disposition: 0, language: '', cardinality: 0 },
    });
  const smallMap = (k: number) => new Map(Array.from({ length: k }, (_, i) => [i, 0] as [number, number]));
  return [
    anyShape('any: empty bstr', new Uint8Array()),
    anyShape('any: empty tstr', ''),
    anyShape('any: 2-byte tstr', 'ab'),
    anyShape('any: BOM tstr', '\uFEFF'),
    anyShape('any: empty array', []),
    anyShape('any: empty map', new Map()),
    anyShape('any: tag', new CborTag(1, 0)),
    anyShape('any: 64-bit bigint', 2n ** 64n - 1n),
    anyShape('any: integral float', new CborFloat(1)),
    anyShape('any: float', 1.5),
    anyShape('any: simple value', new CborSimple(0)),
    anyShape('any: 32-bit uint', 2 ** 32 - 1),
    // The budget filled with empty byte strings, the rest with what is not charged (large uints).
    {
      name: 'any: empty bstr, then 32-bit uints',
      unit: 1,
      build: (k, pad) => encodeAny([...new Array<unknown>(k).fill(new Uint8Array()), new Array<number>(Math.floor(pad / 5)).fill(2 ** 32 - 1)]),
      decode: (b) => anyCodec.decode(b),
    },
    { name: 'any: map of small entries', unit: 3, build: (k, pad) => encodeAny([smallMap(k), new Uint8Array(pad)]), decode: (b) => anyCodec.decode(b) },
    {
      name: 'mimiContent: extensions of empty bstr',
      unit: 3,
      build: (k, pad) => content(new Map(Array.from({ length: k }, (_, i) => [i, new Uint8Array()])), null, pad),
      decode: (b) => mc.decode(b),
    },
    {
      name: 'mimiContent: nullpart parts',
      unit: 4,
      build: (k, pad) =>
        content(
          new Map(),
          Array.from({ length: Math.max(2, k) }, () => ({ disposition: 0, language: '', cardinality: 0 })),
          pad,
        ),
      decode: (b) => mc.decode(b),
    },
  ];
}

const suite = process.argv[2];
if (suite === 'tls') for (const s of await tlsShapes()) console.log(JSON.stringify(probe(s)));
else if (suite === 'content') for (const s of contentShapes()) console.log(JSON.stringify(probe(s)));
else throw new Error('usage: heap-probe.ts tls|content');
