/**
 * defineCodec with small hand-written codecs shaped like the generated ones: each struct reader
 * records the current field name in `f` and calls rethrowWithin(e, f, r.p) from one catch block.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { defineCodec, decodeContext, encodeContext, type CodecContext } from '../src/codec.ts';
import { DecodeError, EncodeError, rethrowEncodeWithin, rethrowWithin } from '../src/errors.ts';
import type { Reader } from '../src/reader.ts';
import { type Writer, opaqueVSize, fixedVectorSize } from '../src/writer.ts';
import { varintSize } from '../src/varint.ts';
import { fromHex, toHex } from '@mimikit/bytes';
import { decodeErr, encodeErr, expectDecodeError, u8a } from './helpers.ts';

// struct { uint16 a; opaque b<V>; } Pair;
interface Pair {
  a: number;
  b: Uint8Array;
}

function readPair(r: Reader): Pair {
  const o = {} as Pair;
  let f = '';
  r.enter();
  try {
    f = 'a';
    o.a = r.u16();
    f = 'b';
    o.b = r.opaqueV();
  } catch (e) {
    rethrowWithin(e, f, r.p);
  }
  r.leave();
  return o;
}
function sizePair(v: Pair, _z: number[]): number {
  const o = v;
  let f = '';
  let n = 0;
  try {
    f = 'a';
    n += 2;
    f = 'b';
    n += opaqueVSize(o.b);
  } catch (e) {
    rethrowEncodeWithin(e, f);
  }
  return n;
}
function writePair(w: Writer, v: Pair): void {
  const o = v;
  let f = '';
  try {
    f = 'a';
    w.u16(o.a);
    f = 'b';
    w.opaqueV(o.b);
  } catch (e) {
    rethrowEncodeWithin(e, f);
  }
}
const PairCodec = defineCodec<Pair>('Pair', readPair, sizePair, writePair);

// struct { Pair pairs<V>; } Outer;  (a variable-size element vector: size pass records lengths)
interface Outer {
  pairs: Pair[];
}
function readPairs(r: Reader): Pair[] {
  const end = r.vectorEnd();
  const a: Pair[] = [];
  let i = 0;
  try {
    for (; r.p < end; i++) a.push(readPair(r));
  } catch (e) {
    rethrowWithin(e, `[${i}]`, r.p);
  }
  r.endVector(end);
  return a;
}
function sizePairs(v: Pair[], z: number[]): number {
  if (!Array.isArray(v)) throw new EncodeError('invalid-value', 'expected an array');
  const k = z.length;
  z.push(0);
  let n = 0;
  let i = 0;
  try {
    for (; i < v.length; i++) n += sizePair(v[i]!, z);
  } catch (e) {
    rethrowEncodeWithin(e, `[${i}]`);
  }
  z[k] = n;
  return varintSize(n) + n;
}
function writePairs(w: Writer, v: Pair[]): void {
  w.varint(w.nextSize());
  let i = 0;
  try {
    for (; i < v.length; i++) writePair(w, v[i]!);
  } catch (e) {
    rethrowEncodeWithin(e, `[${i}]`);
  }
}
const OuterCodec = defineCodec<Outer>(
  'Outer',
  (r) => {
    const o = {} as Outer;
    let f = '';
    r.enter();
    try {
      f = 'pairs';
      o.pairs = readPairs(r);
    } catch (e) {
      rethrowWithin(e, f, r.p);
    }
    r.leave();
    return o;
  },
  (v, z) => {
    let f = '';
    let n = 0;
    try {
      f = 'pairs';
      n += sizePairs(v.pairs, z);
    } catch (e) {
      rethrowEncodeWithin(e, f);
    }
    return n;
  },
  (w, v) => {
    let f = '';
    try {
      f = 'pairs';
      writePairs(w, v.pairs);
    } catch (e) {
      rethrowEncodeWithin(e, f);
    }
  },
);

// struct { uint8 tag; optional<Node> child; } Node;  (recursive, for the depth limit)
interface Node {
  tag: number;
  child: Node | null;
}
function readNode(r: Reader): Node {
  const o = {} as Node;
  let f = '';
  r.enter();
  try {
    f = 'tag';
    o.tag = r.u8();
    f = 'child';
    o.child = r.present() ? readNode(r) : null;
  } catch (e) {
    rethrowWithin(e, f, r.p);
  }
  r.leave();
  return o;
}
function sizeNode(v: Node): number {
  return 2 + (v.child ? sizeNode(v.child) : 0);
}
function writeNode(w: Writer, v: Node): void {
  w.u8(v.tag);
  if (v.child) {
    w.u8(1);
    writeNode(w, v.child);
  } else {
    w.u8(0);
  }
}
const NodeCodec = defineCodec<Node>('Node', readNode, (v) => sizeNode(v), writeNode);
function chain(depth: number): Node {
  let n: Node = { tag: depth, child: null };
  for (let i = depth - 1; i >= 1; i--) n = { tag: i, child: n };
  return n;
}

// struct { select (ctx.kind) { case 1: uint8 x; case 2: uint16 y; } } Sel;
interface Sel {
  x?: number;
  y?: number;
}
const SelCodec = defineCodec<Sel>(
  'Sel',
  (r, ctx) => {
    const o: Sel = {};
    let f = '';
    try {
      switch (decodeContext(ctx, 'kind', r.p)) {
        case 1:
          f = 'x';
          o.x = r.u8();
          break;
        case 2:
          f = 'y';
          o.y = r.u16();
          break;
        default:
          r.fail('unknown-select-case', 'no arm');
      }
    } catch (e) {
      rethrowWithin(e, f, r.p);
    }
    return o;
  },
  (_v, _z, ctx) => {
    switch (encodeContext(ctx, 'kind')) {
      case 1:
        return 1;
      case 2:
        return 2;
      default:
        throw new EncodeError('unknown-select-case', 'no arm');
    }
  },
  (w, v, ctx) => {
    if (encodeContext(ctx, 'kind') === 1) w.u8(v.x!);
    else w.u16(v.y!);
  },
  ['kind'],
);

describe('defineCodec: the codec object', () => {
  it('carries name, contextNames and the building blocks', () => {
    expect(PairCodec.name).toBe('Pair');
    expect(PairCodec.contextNames).toEqual([]);
    expect(SelCodec.contextNames).toEqual(['kind']);
    expect(PairCodec.read).toBe(readPair);
    expect(PairCodec.size).toBe(sizePair);
    expect(PairCodec.write).toBe(writePair);
  });
});

describe('defineCodec: encode', () => {
  it('encodes the exact bytes', () => {
    expect(toHex(PairCodec.encode({ a: 0x0102, b: u8a(0xaa, 0xbb) }))).toBe('010202aabb');
    expect(toHex(PairCodec.encode({ a: 0, b: u8a() }))).toBe('000000');
  });

  it('encode output is exactly encodedSize bytes (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffff }), fc.uint8Array({ maxLength: 300 }), (a, b) => {
        const v = { a, b };
        const bytes = PairCodec.encode(v);
        expect(bytes.length).toBe(PairCodec.encodedSize(v));
        expect(bytes.length).toBe(2 + varintSize(b.length) + b.length);
      }),
    );
  });

  it('a nested variable vector uses the sizes recorded by the size pass', () => {
    const v: Outer = {
      pairs: [
        { a: 1, b: u8a(9) },
        { a: 2, b: new Uint8Array(70) },
      ],
    };
    const bytes = OuterCodec.encode(v);
    expect(bytes.length).toBe(OuterCodec.encodedSize(v));
    // content: 4 bytes + (2 + 2 + 70) = 78 → 2-byte varint 0x404e
    expect(toHex(bytes.subarray(0, 2))).toBe('404e');
    expect(OuterCodec.decode(bytes).pairs.map((p) => [p.a, p.b.length])).toEqual([
      [1, 1],
      [2, 70],
    ]);
  });

  it('an out-of-range field is EncodeError invalid-value with path codec.field', () => {
    const e = encodeErr(() => PairCodec.encode({ a: 70000, b: u8a() }));
    expect(e.kind).toBe('invalid-value');
    expect(e.path).toEqual(['Pair', 'a']);
    expect(e.message).toBe('invalid-value in Pair.a: 70000 is not a uint16');
  });

  it('a value of the wrong shape is EncodeError with a path, from both encode and encodedSize', () => {
    const bad = { a: 1, b: 'nope' } as unknown as Pair;
    for (const fn of [() => PairCodec.encode(bad), () => PairCodec.encodedSize(bad)]) {
      const e = encodeErr(fn);
      expect(e.kind).toBe('invalid-value');
      expect(e.typePath).toBe('Pair.b');
    }
  });

  it('a TypeError in a size function (missing object) becomes EncodeError invalid-value', () => {
    const e = encodeErr(() => PairCodec.encode(null as unknown as Pair));
    expect(e.kind).toBe('invalid-value');
    expect(e.path).toEqual(['Pair', 'b']);
    const e2 = encodeErr(() => OuterCodec.encode({ pairs: [{ a: 1, b: u8a() }, undefined as unknown as Pair] }));
    expect(e2.typePath).toBe('Outer.pairs[1].b');
  });

  it('a foreign error thrown outside any field catch gets the codec name only', () => {
    const c = defineCodec<number>(
      'Boom',
      () => 0,
      () => {
        throw new RangeError('deep');
      },
      () => {},
    );
    const e = encodeErr(() => c.encode(1));
    expect(e.kind).toBe('invalid-value');
    expect(e.detail).toBe('deep');
    expect(e.path).toEqual(['Boom']);
  });

  it('a DecodeError escaping an encoder is converted to EncodeError invalid-value keeping its path', () => {
    const c = defineCodec<number>(
      'D',
      () => 0,
      () => 1,
      () => {
        throw new DecodeError('missing-context', 0, 'oops', ['inner']);
      },
    );
    const e = encodeErr(() => c.encode(1));
    expect(e.kind).toBe('invalid-value');
    expect(e.detail).toBe('oops');
    expect(e.path).toEqual(['D', 'inner']);
  });

  it('a write pass that overruns the buffer the size pass sized surfaces as EncodeError', () => {
    const c = defineCodec<Uint8Array>(
      'Liar',
      () => u8a(),
      () => 1,
      (w, v) => w.opaqueV(v),
    );
    expect(encodeErr(() => c.encode(u8a(1, 2, 3))).kind).toBe('invalid-value');
  });
});

describe('defineCodec: decode', () => {
  it('round-trips (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffff }), fc.uint8Array({ maxLength: 300 }), (a, b) => {
        const out = PairCodec.decode(PairCodec.encode({ a, b }));
        expect(out.a).toBe(a);
        expect(Array.from(out.b)).toEqual(Array.from(b));
      }),
    );
  });

  it('round-trips nested vectors (property)', () => {
    const pair = fc.record({ a: fc.integer({ min: 0, max: 0xffff }), b: fc.uint8Array({ maxLength: 80 }) });
    fc.assert(
      fc.property(fc.array(pair, { maxLength: 10 }), (pairs) => {
        const bytes = OuterCodec.encode({ pairs });
        expect(bytes.length).toBe(OuterCodec.encodedSize({ pairs }));
        const back = OuterCodec.decode(bytes).pairs;
        expect(back.map((p) => [p.a, Array.from(p.b)])).toEqual(pairs.map((p) => [p.a, Array.from(p.b)]));
      }),
    );
  });

  it('the decoded byte string aliases the input', () => {
    const input = fromHex('00010211aa');
    const v = PairCodec.decode(input);
    expect(v.b.buffer).toBe(input.buffer);
  });

  it('trailing bytes are rejected with path = codec name, at the end of the value', () => {
    const e = expectDecodeError(() => PairCodec.decode(fromHex('00010211aa00')), 'trailing-bytes', 5);
    expect(e.path).toEqual(['Pair']);
    expect(e.message).toBe('trailing-bytes at byte 5 in Pair: 1 bytes after the value');
  });

  it('a truncated input gives a DecodeError whose path is codec name then field', () => {
    const e1 = expectDecodeError(() => PairCodec.decode(fromHex('00')), 'truncated', 0);
    expect(e1.path).toEqual(['Pair', 'a']);
    const e2 = expectDecodeError(() => PairCodec.decode(fromHex('00010311aa')), 'truncated', 2);
    expect(e2.path).toEqual(['Pair', 'b']);
    expect(e2.typePath).toBe('Pair.b');
    expect(e2.toJSON()).toEqual({ kind: 'truncated', offset: 2, path: 'Pair.b', message: 'vector of 3 bytes, 2 left' });
  });

  it('errors inside a vector element carry the index', () => {
    // pairs<V> of 5 bytes: one good pair (0001 00), then a pair whose b is truncated (0002 05)
    const e = expectDecodeError(() => OuterCodec.decode(fromHex('05000100000205')), 'truncated', 6);
    expect(e.typePath).toBe('Outer.pairs[1].b');
  });

  it('an element running past its vector is vector-overrun', () => {
    // pairs<V> of 2 bytes, but the pair inside takes 3 (0001 00)
    const e = expectDecodeError(() => OuterCodec.decode(fromHex('0200010000')), 'vector-overrun', 4);
    expect(e.typePath).toBe('Outer.pairs');
  });

  it('a reader that throws a TypeError yields DecodeError internal (no foreign exception escapes)', () => {
    const c = defineCodec<number>(
      'Buggy',
      (r) => {
        r.u8();
        (undefined as unknown as { x: number }).x;
        return 0;
      },
      () => 0,
      () => {},
    );
    const e = expectDecodeError(() => c.decode(u8a(1, 2)), 'internal', 1);
    expect(e.path).toEqual(['Buggy']);
    expect(e.detail).toMatch(/undefined/);

    // inside a field catch, the field is on the path too
    const d = defineCodec<number>(
      'Buggy2',
      (r) => {
        let f = '';
        try {
          f = 'field';
          r.u8();
          throw new TypeError('bad');
        } catch (err) {
          rethrowWithin(err, f, r.p);
        }
      },
      () => 0,
      () => {},
    );
    const e2 = expectDecodeError(() => d.decode(u8a(1)), 'internal', 1);
    expect(e2.typePath).toBe('Buggy2.field');
  });

  it('a thrown non-Error and a stack overflow are DecodeError internal too', () => {
    const c = defineCodec<number>(
      'Str',
      () => {
        throw 'plain string';
      },
      () => 0,
      () => {},
    );
    expect(expectDecodeError(() => c.decode(u8a()), 'internal').detail).toBe('plain string');

    const recurse = (r: Reader): number => recurse(r) + 1;
    const deep = defineCodec<number>(
      'Deep',
      recurse,
      () => 0,
      () => {},
    );
    expectDecodeError(() => deep.decode(u8a()), 'internal');
  });

  it('any input decodes or throws only DecodeError (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), (bytes) => {
        for (const c of [PairCodec, OuterCodec, NodeCodec] as const) {
          try {
            (c.decode as (b: Uint8Array) => unknown)(bytes);
          } catch (e) {
            expect(e).toBeInstanceOf(DecodeError);
            expect((e as DecodeError).path[0]).toBe(c.name);
          }
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('defineCodec: limits option', () => {
  it('maxInputBytes: one byte over is size-limit with the codec name on the path', () => {
    const bytes = PairCodec.encode({ a: 1, b: u8a(1, 2, 3) });
    expect(bytes.length).toBe(6);
    const e = expectDecodeError(() => PairCodec.decode(bytes, { limits: { maxInputBytes: 5 } }), 'size-limit', 0);
    expect(e.path).toEqual(['Pair']);
    expect(PairCodec.decode(bytes, { limits: { maxInputBytes: 6 } }).a).toBe(1);
  });

  it('maxDepth bounds recursion; a partial limits object keeps the other default', () => {
    const bytes = NodeCodec.encode(chain(5));
    expect(NodeCodec.decode(bytes, { limits: { maxDepth: 5 } }).child?.child?.child?.child?.tag).toBe(5);
    const e = expectDecodeError(() => NodeCodec.decode(bytes, { limits: { maxDepth: 4 } }), 'depth-limit');
    // the 5th Node's enter() fails before its own try, so the 4th Node's catch adds the last 'child'
    expect(e.typePath).toBe('Node.child.child.child.child');
    // maxInputBytes stays the default 64 MiB: a 100 kB value still decodes with only maxDepth given
    const big = PairCodec.encode({ a: 1, b: new Uint8Array(100_000) });
    expect(PairCodec.decode(big, { limits: { maxDepth: 1 } }).b.length).toBe(100_000);
    expectDecodeError(() => PairCodec.decode(big, { limits: { maxDepth: 0 } }), 'depth-limit', 0);
  });

  it('the allocation budget: allocation-limit with offset and path; an explicit undefined keeps the default', () => {
    // Outer { Pair pairs<V> }: 300 Pairs of 3 bytes (a, empty b) cost an object and a view each,
    // ~53 KB: inside the default 64 KiB base, far over 20 per byte of the 902-byte input alone.
    const bytes = OuterCodec.encode({ pairs: Array.from({ length: 300 }, () => ({ a: 1, b: new Uint8Array() })) });
    expect(OuterCodec.decode(bytes).pairs.length).toBe(300);
    const e = expectDecodeError(() => OuterCodec.decode(bytes, { limits: { allocationBase: 0 } }), 'allocation-limit');
    expect(e.typePath).toMatch(/^Outer\.pairs\[\d+\](\.b)?$/);
    expect(e.offset).toBeGreaterThan(0);
    expect(e.offset).toBeLessThan(bytes.length);
    expect(e.toJSON().kind).toBe('allocation-limit');
    const same = expectDecodeError(() => OuterCodec.decode(bytes, { limits: { allocationBase: 0, allocationPerInputByte: undefined } }), 'allocation-limit');
    expect(same.offset).toBe(e.offset);
    expect(OuterCodec.decode(bytes, { limits: { allocationBase: 0, allocationPerInputByte: Infinity } }).pairs.length).toBe(300);
  });

  it('the default maxDepth of 64 applies without options', () => {
    expect(NodeCodec.decode(NodeCodec.encode(chain(64))).tag).toBe(1);
    expectDecodeError(() => NodeCodec.decode(NodeCodec.encode(chain(65))), 'depth-limit');
  });

  it('a deeply nested hostile input is depth-limit, not a stack overflow', () => {
    const bytes = new Uint8Array(200_000).fill(1); // tag 1, present 1, tag 1, present 1, …
    expectDecodeError(() => NodeCodec.decode(bytes), 'depth-limit');
  });
});

describe('decodeContext / encodeContext', () => {
  it('decode uses the context value to pick the arm', () => {
    expect(SelCodec.decode(u8a(7), { context: { kind: 1 } })).toEqual({ x: 7 });
    expect(SelCodec.decode(u8a(0, 7), { context: { kind: 2 } })).toEqual({ y: 7 });
    expectDecodeError(() => SelCodec.decode(u8a(7), { context: { kind: 3 } }), 'unknown-select-case');
  });

  it('decode without the context is missing-context with the codec name', () => {
    for (const context of [undefined, {}, { other: 1 }] as Array<CodecContext | undefined>) {
      const e = expectDecodeError(() => SelCodec.decode(u8a(7), context ? { context } : undefined), 'missing-context', 0);
      expect(e.detail).toBe("needs context value 'kind'");
      expect(e.path).toEqual(['Sel']);
    }
  });

  it('decodeContext returns the value, including falsy ones, and reports the given offset', () => {
    expect(decodeContext({ k: 0 }, 'k', 0)).toBe(0);
    expect(decodeContext({ k: '' }, 'k', 0)).toBe('');
    const e = decodeErr(() => decodeContext(undefined, 'k', 42));
    expect(e.kind).toBe('missing-context');
    expect(e.offset).toBe(42);
  });

  it('encode uses the context; without it it is EncodeError missing-context', () => {
    expect(toHex(SelCodec.encode({ y: 0x102 }, { kind: 2 }))).toBe('0102');
    expect(SelCodec.encodedSize({ x: 1 }, { kind: 1 })).toBe(1);
    for (const fn of [() => SelCodec.encode({ x: 1 }), () => SelCodec.encodedSize({ x: 1 }, {})]) {
      const e = encodeErr(fn);
      expect(e.kind).toBe('missing-context');
      expect(e.path).toEqual(['Sel']);
      expect(e.detail).toBe("needs context value 'kind'");
    }
    expect(encodeContext({ kind: 0 }, 'kind')).toBe(0);
    expect(encodeErr(() => SelCodec.encode({ x: 1 }, { kind: 9 })).kind).toBe('unknown-select-case');
  });
});

describe('fixed-size element vectors', () => {
  // uint32 values<V>
  const U32s = defineCodec<number[]>(
    'U32s',
    (r) => {
      const end = r.vectorEnd();
      const a: number[] = [];
      let i = 0;
      try {
        for (; r.p < end; i++) a.push(r.u32());
      } catch (e) {
        rethrowWithin(e, `[${i}]`, r.p);
      }
      r.endVector(end);
      return a;
    },
    (v) => fixedVectorSize(v, 4),
    (w, v) => {
      w.varint(v.length * 4);
      let i = 0;
      try {
        for (; i < v.length; i++) w.u32(v[i]!);
      } catch (e) {
        rethrowEncodeWithin(e, `[${i}]`);
      }
    },
  );

  it('round-trip and index in the encode error path', () => {
    expect(U32s.decode(U32s.encode([1, 0xffffffff]))).toEqual([1, 0xffffffff]);
    expect(encodeErr(() => U32s.encode([1, -1])).typePath).toBe('U32s[1]');
  });

  it('a length that is not a multiple of the element size is reported', () => {
    // 3 bytes of content: the u32 read needs 4 and only 3 remain → truncated inside element 0
    const e = expectDecodeError(() => U32s.decode(u8a(3, 0, 0, 1)), 'truncated', 1);
    expect(e.typePath).toBe('U32s[0]');
    // 5 bytes of content with 1 trailing byte after: element 1 overruns the vector
    expectDecodeError(() => U32s.decode(u8a(5, 0, 0, 0, 1, 0, 0, 0, 2)), 'vector-overrun', 9);
  });
});
