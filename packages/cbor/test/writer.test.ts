/**
 * CborWriter keeps the reader's nesting limit: whatever the encoder writes, the decoder with the
 * same limits reads back (issue 11 finding 10f: the encoder used to write 40 levels that the
 * decoder refuses past 32).
 */
import { describe, expect, it } from 'vitest';
import { fromHex as hex } from '@mimikit/bytes';
import { CborWriter } from '../src/writer.ts';
import { CborTag } from '../src/values.ts';
import { expectContentError } from './helpers.ts';
import { DEFAULT_CONTENT_LIMITS } from '../src/limits.ts';
import { defineContentCodec } from '../src/codec.ts';

const anyCodec = defineContentCodec<unknown>(
  'any',
  (r) => r.any(),
  (w, v) => w.any(v),
);

/** k arrays nested in each other around a 0: depth k. */
const nested = (k: number): unknown => (k === 0 ? 0 : [nested(k - 1)]);

const depthError = (fn: () => unknown) => expectContentError(fn, 'depth-limit');

describe('the writer enforces the same maxDepth as the reader', () => {
  it('depth 32 (the default) encodes and decodes; 33 is refused by both', () => {
    expect(DEFAULT_CONTENT_LIMITS.maxDepth).toBe(32);
    const ok = anyCodec.encode(nested(32));
    expect(anyCodec.decode(ok)).toEqual(nested(32));
    depthError(() => anyCodec.encode(nested(33)));
    depthError(() => anyCodec.decode(hex(`${'81'.repeat(33)}00`)));
    // the audit's example: 40 levels
    depthError(() => anyCodec.encode(nested(40)));
  });

  it('an empty container one level too deep is refused by both', () => {
    const withEmpty = (k: number, empty: unknown): unknown => (k === 0 ? empty : [withEmpty(k - 1, empty)]);
    for (const [empty, h] of [
      [[], '80'],
      [new Map(), 'a0'],
    ] as const) {
      expect(anyCodec.decode(anyCodec.encode(withEmpty(31, empty)))).toEqual(withEmpty(31, empty));
      depthError(() => anyCodec.encode(withEmpty(32, empty)));
      depthError(() => anyCodec.decode(hex(`${'81'.repeat(32)}${h}`)));
    }
  });

  it('tags and maps count as levels, as in the reader', () => {
    const deep = (k: number): unknown => (k === 0 ? 0 : k % 2 ? new CborTag(1, deep(k - 1)) : new Map([[0, deep(k - 1)]]));
    expect(anyCodec.decode(anyCodec.encode(deep(32)))).toEqual(deep(32));
    depthError(() => anyCodec.encode(deep(33)));
  });

  it('a caller maxDepth applies to encode and decode alike', () => {
    const limits = { maxDepth: 4 };
    const ok = anyCodec.encode(nested(4), { limits });
    expect(anyCodec.decode(ok, { limits })).toEqual(nested(4));
    depthError(() => anyCodec.encode(nested(5), { limits }));
    depthError(() => anyCodec.decode(anyCodec.encode(nested(5)), { limits }));
    // an explicit undefined keeps the default
    expect(anyCodec.decode(anyCodec.encode(nested(32), { limits: { maxDepth: undefined } }))).toEqual(nested(32));
  });

  it('map keys written out of order (the sorting path) are counted at their real depth', () => {
    // {[…31 arrays…]: 0, 0: 0}: the map is level 1, the key's arrays 2..32. The array key sorts
    // after 0, so the writer starts over on the sorting path, which encodes keys on their own.
    const ok = new Map<unknown, unknown>([
      [nested(31), 0],
      [0, 0],
    ]);
    expect(anyCodec.decode(anyCodec.encode(ok))).toEqual(
      new Map<unknown, unknown>([
        [0, 0],
        [nested(31), 0],
      ]),
    );
    depthError(() =>
      anyCodec.encode(
        new Map<unknown, unknown>([
          [nested(32), 0],
          [0, 0],
        ]),
      ),
    );
    depthError(() => anyCodec.decode(hex(`a200${'81'.repeat(32)}0000`)));
  });

  it('a cyclic value is depth-limit, not a stack overflow', () => {
    const cyclic: unknown[] = [];
    cyclic.push(cyclic);
    depthError(() => anyCodec.encode(cyclic));
  });

  it('after a refused value the shared writer encodes the next one normally', () => {
    depthError(() => anyCodec.encode(nested(50)));
    expect(Array.from(anyCodec.encode([1, [2]]))).toEqual([0x82, 0x01, 0x81, 0x02]);
  });

  it('a writer used directly counts items through every kind of write', () => {
    const w = new CborWriter();
    w.array(7);
    w.uint(1);
    w.int(-1);
    w.text('ab');
    w.text('\u00e9t\u00e9');
    w.bytes(new Uint8Array(2));
    w.bool(true);
    w.array(2);
    w.null();
    w.float(1.5);
    expect(w.depth).toBe(0);
    w.tag(2n ** 60n);
    expect(w.depth).toBe(1);
    w.uint(2n ** 60n);
    expect(w.depth).toBe(0);
  });
});
