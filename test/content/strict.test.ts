/**
 * What the content decoder refuses, and where it says the problem is. mimikit accepts only core
 * deterministic CBOR (RFC 8949 §4.2.1): message IDs hash the exact bytes, so a second encoding of
 * the same content must not be accepted (docs/content.md).
 */
import { describe, expect, it } from 'vitest';
import { codecs, type MimiContent, type NestedPart } from '@mimikit/mimi-content';
import { ContentError, CborWriter, type ContentErrorKind } from '@mimikit/cbor';
import { fromHex, toHex } from '@mimikit/bytes';
import { loadExamples } from '../support/content-examples.ts';

const examples = new Map(loadExamples().map((e) => [e.name, e]));
const original = examples.get('original')!.cbor;
const mc = codecs.mimiContent;

function rejects(bytes: Uint8Array, kind: ContentErrorKind, offset: number, path: string, options?: Parameters<typeof mc.decode>[1]): ContentError {
  let err: unknown;
  try {
    mc.decode(bytes, options);
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(ContentError);
  const ce = err as ContentError;
  expect({ kind: ce.kind, offset: ce.offset, path: ce.typePath }).toEqual({ kind, offset, path });
  return ce;
}

/** Encodes a value of the generic data model with the deterministic writer (no nesting limit: tests build over-deep input). */
function cbor(v: unknown): Uint8Array {
  const w = new CborWriter();
  w.maxDepth = Infinity;
  w.any(v);
  return w.finish();
}

const salt = new Uint8Array(16).fill(1);
const text = (s: string) => new TextEncoder().encode(s);
/** A mimiContent as a generic CBOR array, so tests can break it member by member. */
const generic = (over: Partial<Record<number, unknown>> = {}, part: unknown[] = [1, 'en', 1, 'text/plain', text('hi')]) => {
  const a: unknown[] = [salt, null, new Uint8Array(), null, null, new Map(), part];
  for (const [i, v] of Object.entries(over)) a[Number(i)] = v;
  return cbor(a);
};

describe('content decoding is strict', () => {
  it('a well-formed generic array decodes (the baseline for the cases below)', () => {
    const v = mc.decode(generic());
    expect(v.nestedPart).toEqual({ disposition: 1, language: 'en', cardinality: 1, contentType: 'text/plain', content: text('hi') });
  });

  it('wrong array length', () => {
    rejects(cbor([salt, null, new Uint8Array(), null, null, new Map()]), 'wrong-length', 0, 'mimiContent');
    rejects(generic({}, [1, 'en', 1, 'text/plain']), 'wrong-length', 23, 'mimiContent.nestedPart');
  });

  it('wrong member types', () => {
    rejects(generic({ 0: 'not bytes' }), 'wrong-type', 1, 'mimiContent.salt');
    rejects(generic({ 2: 5 }), 'wrong-type', 19, 'mimiContent.topicId');
    rejects(generic({}, [1, 7, 1, 'text/plain', text('hi')]), 'wrong-type', 25, 'mimiContent.nestedPart.language');
  });

  it('sizes from .size: salt must be 16 bytes, MessageId 32', () => {
    rejects(generic({ 0: new Uint8Array(15) }), 'invalid-value', 1, 'mimiContent.salt');
    rejects(generic({ 1: new Uint8Array(31) }), 'invalid-value', 18, 'mimiContent.replaces');
  });

  it('unknown cardinality', () => {
    rejects(generic({}, [1, 'en', 4]), 'no-matching-choice', 28, 'mimiContent.nestedPart.cardinality');
  });

  it('disposition outside 0..255', () => {
    rejects(generic({}, [256, 'en', 0]), 'invalid-value', 24, 'mimiContent.nestedPart.disposition');
  });

  it('over-deep nesting of multiparts hits the depth limit, not the stack', () => {
    let part: unknown[] = [1, '', 0];
    for (let i = 0; i < 200; i++) part = [1, '', 3, 0, [part, [1, '', 0]]];
    const bytes = generic({}, part);
    const err = rejects(bytes, 'depth-limit', errOffset(bytes), errPath(bytes));
    expect(err.path.length).toBeGreaterThan(3);
    // A legitimate depth decodes with a higher limit.
    let shallow: unknown[] = [1, '', 0];
    for (let i = 0; i < 5; i++) shallow = [1, '', 3, 0, [shallow, [1, '', 0]]];
    expect(() => mc.decode(generic({}, shallow))).not.toThrow();
    expect(() => mc.decode(generic({}, shallow), { limits: { maxDepth: 4 } })).toThrow(ContentError);
  });

  it('oversized values: extension values over 4095 bytes, inputs over the size limit', () => {
    rejects(generic({ 5: new Map([[1, 'x'.repeat(5000)]]) }), 'invalid-value', 24, 'mimiContent.extensions[1]');
    rejects(original, 'size-limit', 0, 'mimiContent', { limits: { maxInputBytes: 10 } });
  });

  it('extension keys: text keys of 1..255 bytes', () => {
    rejects(generic({ 5: new Map([['', 1]]) }), 'invalid-value', 23, 'mimiContent.extensions{key}');
  });

  it('trailing bytes', () => {
    rejects(new Uint8Array([...original, 0]), 'trailing-bytes', original.length, 'mimiContent');
  });

  it('truncated input', () => {
    rejects(original.subarray(0, 40), 'truncated', expect.any(Number) as unknown as number, expect.any(String) as unknown as string);
  });
});

describe('non-deterministic encodings are rejected, not canonicalised', () => {
  it('a non-shortest integer (disposition 1 as 0x1801)', () => {
    const hex = toHex(generic());
    expect(hex).toContain('850162656e');
    rejects(fromHex(hex.replace('850162656e', '85180162656e')), 'non-shortest', 24, 'mimiContent.nestedPart.disposition');
  });

  it('a non-shortest length (salt length 16 as 0x5810)', () => {
    const hex = toHex(generic());
    rejects(fromHex(`875810${hex.slice(4)}`), 'non-shortest', 1, 'mimiContent.salt');
  });

  it('an indefinite-length array', () => {
    const hex = toHex(generic());
    rejects(fromHex(`9f${hex.slice(2)}ff`), 'indefinite-length', 0, 'mimiContent');
  });

  it('unsorted and duplicate map keys in extensions', () => {
    // {2: "b", 1: "a"}: keys out of bytewise order.
    const unsorted = fromHex(
      toHex(
        generic({
          5: new Map([
            [1, 'a'],
            [2, 'b'],
          ]),
        }),
      ).replace('a2016161026162', 'a2026162016161'),
    );
    rejects(unsorted, 'unsorted-keys', 26, 'mimiContent.extensions');
    const duplicate = fromHex(
      toHex(
        generic({
          5: new Map([
            [1, 'a'],
            [2, 'b'],
          ]),
        }),
      ).replace('a2016161026162', 'a2016161016162'),
    );
    rejects(duplicate, 'duplicate-key', 26, 'mimiContent.extensions');
  });

  it('the encoder sorts map keys and always writes shortest forms', () => {
    const v = mc.decode(
      generic({
        5: new Map<number | string, unknown>([
          [2, 'b'],
          ['a', 1],
          [1, 'a'],
        ]),
      }),
    );
    const again = mc.encode(v as MimiContent);
    expect(toHex(again)).toContain('a3016161026162616101');
  });
});

/** Where the decoder stops on the deeply nested input: found by decoding with the default limit. */
function errOffset(bytes: Uint8Array): number {
  try {
    mc.decode(bytes);
  } catch (e) {
    return (e as ContentError).offset;
  }
  return -1;
}
function errPath(bytes: Uint8Array): string {
  try {
    mc.decode(bytes);
  } catch (e) {
    return (e as ContentError).typePath;
  }
  return '';
}

describe('issue 11: the same nesting limit both ways, exact text, one NaN', () => {
  /** A mimiContent whose extension 1 holds `k` nested arrays: depth 2 + k (content array, map). */
  const deepExtension = (k: number): MimiContent => {
    let v: unknown = 0;
    for (let i = 0; i < k; i++) v = [v];
    return { ...mc.decode(generic()), extensions: new Map([[1, v]]) };
  };

  it('depth 32 encodes and decodes; depth 33 is refused by the encoder and by the decoder', () => {
    const ok = mc.encode(deepExtension(30));
    expect(mc.decode(ok)).toEqual(deepExtension(30));
    let err: unknown;
    try {
      mc.encode(deepExtension(31));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ContentError);
    expect({ kind: (err as ContentError).kind, path: (err as ContentError).typePath }).toEqual({ kind: 'depth-limit', path: 'mimiContent.extensions[1]' });
    const tooDeep = generic({ 5: new Map([[1, deepExtension(31).extensions.get(1)]]) });
    // the value starts at byte 24; its 31st array (depth 33) at 24 + 30
    rejects(tooDeep, 'depth-limit', 24 + 30, 'mimiContent.extensions[1]');
  });

  it('a nested part deeper than the limit cannot be encoded (it could not be decoded)', () => {
    let part: NestedPart = { disposition: 0, language: '', cardinality: 0 };
    for (let i = 0; i < 20; i++)
      part = { disposition: 0, language: '', cardinality: 3, partSemantics: 0, parts: [part, { disposition: 0, language: '', cardinality: 0 }] };
    expect(() => mc.encode({ ...mc.decode(generic()), nestedPart: part })).toThrow(
      /^depth-limit in mimiContent\.nestedPart(\.parts\[0\]){15}\.parts: nesting deeper than 32$/,
    );
  });

  it('extension keys "x" and "\uFEFFx" are two entries, and a BOM-only key is not ""', () => {
    const bytes = generic({
      5: new Map<string, unknown>([
        ['x', 1],
        ['\uFEFFx', 2],
        ['\uFEFF', 3],
      ]),
    });
    const v = mc.decode(bytes);
    expect([...v.extensions.keys()]).toEqual(['x', '\uFEFF', '\uFEFFx']);
    expect(toHex(mc.encode(v))).toBe(toHex(bytes));
  });

  it('a NaN in an extension value: f97e00 round-trips, f97e01 / f9fe00 / f97c01 are refused', () => {
    const ok = generic({ 5: new Map([[1, NaN]]) });
    expect(toHex(ok)).toContain('a101f97e00');
    expect(toHex(mc.encode(mc.decode(ok)))).toBe(toHex(ok));
    for (const nan of ['f97e01', 'f9fe00', 'f97c01']) {
      rejects(fromHex(toHex(ok).replace('a101f97e00', `a101${nan}`)), 'non-canonical-nan', 24, 'mimiContent.extensions[1]');
    }
  });
});

describe('encoding refuses what it cannot represent exactly', () => {
  it('a lone surrogate in a text string (would silently become U+FFFD)', () => {
    const v = mc.decode(generic());
    const bad = { ...v, nestedPart: { ...v.nestedPart, language: 'a\uD800' } } as MimiContent;
    expect(() => mc.encode(bad)).toThrow(/lone surrogate/);
  });

  it('a bad extension key is reported with its {key} path', () => {
    const v = mc.decode(generic());
    const err = (() => {
      try {
        mc.encode({ ...v, extensions: new Map([['', 1]]) });
      } catch (e) {
        return e as ContentError;
      }
      return null;
    })();
    expect(err?.typePath).toBe('mimiContent.extensions{key}');
  });
});

describe('issue 12: determinism inside generic values and at every argument width, with its path', () => {
  // generic() with extensions {1: value}: the extension value starts at byte 24 (see above).
  const VALUE_AT = 24;
  /** A mimiContent whose extension 1 holds the raw CBOR `valueHex`. */
  const withExtension = (valueHex: string): Uint8Array => {
    const h = toHex(generic({ 5: new Map([[1, 0]]) }));
    expect(h.slice(VALUE_AT * 2 - 4, VALUE_AT * 2 + 2)).toBe('a10100');
    return fromHex(h.slice(0, VALUE_AT * 2) + valueHex + h.slice(VALUE_AT * 2 + 2));
  };

  it('the patched content decodes when the value is deterministic (baseline)', () => {
    expect(mc.decode(withExtension('81a201000200')).extensions.get(1)).toEqual([
      new Map([
        [1, 0],
        [2, 0],
      ]),
    ]);
  });

  it('unsorted and duplicate keys in maps nested inside an extension value (depth 2 and 3 of any())', () => {
    // [{2: 0, 1: 0}]: second key at value + 4
    rejects(withExtension('81a202000100'), 'unsorted-keys', VALUE_AT + 4, 'mimiContent.extensions[1]');
    rejects(withExtension('81a201000100'), 'duplicate-key', VALUE_AT + 4, 'mimiContent.extensions[1]');
    // {"k": [{"b": 0, "a": 0}]}: second inner key at value + 8
    rejects(withExtension('a1616b81a2616200616100'), 'unsorted-keys', VALUE_AT + 8, 'mimiContent.extensions[1]');
    rejects(withExtension('a1616b81a2616100616100'), 'duplicate-key', VALUE_AT + 8, 'mimiContent.extensions[1]');
  });

  const widths = [
    { bytes: 2, ai: 0x19, n: 255 },
    { bytes: 4, ai: 0x1a, n: 65535 },
    { bytes: 8, ai: 0x1b, n: 2 ** 32 - 1 },
  ];
  const arg = (major: number, w: (typeof widths)[number], n = w.n) => ((major << 5) | w.ai).toString(16) + n.toString(16).padStart(w.bytes * 2, '0');

  for (const w of widths) {
    it(`${w.bytes}-byte arguments in an extension value: uint, nint, bstr/tstr lengths, array/map counts, tag numbers`, () => {
      for (const major of [0, 1, 2, 3, 4, 5, 6]) {
        // at the top of the value, and inside [{1: …}] (depth 2)
        rejects(withExtension(arg(major, w) + (major === 6 ? '00' : '')), 'non-shortest', VALUE_AT, 'mimiContent.extensions[1]');
        rejects(withExtension(`81a101${arg(major, w)}${major === 6 ? '00' : ''}`), 'non-shortest', VALUE_AT + 3, 'mimiContent.extensions[1]');
      }
    });

    it(`${w.bytes}-byte arguments in typed members: salt length, language length, disposition, array and map counts`, () => {
      const h = toHex(generic());
      // salt: 50 + 16 bytes at byte 1
      rejects(fromHex(`87${arg(2, w, 16)}${h.slice(4)}`), 'non-shortest', 1, 'mimiContent.salt');
      // the mimiContent array itself
      rejects(fromHex(arg(4, w, 7) + h.slice(2)), 'non-shortest', 0, 'mimiContent');
      // extensions map (a0 at byte 22)
      expect(h.slice(44, 46)).toBe('a0');
      rejects(fromHex(h.slice(0, 44) + arg(5, w, 0) + h.slice(46)), 'non-shortest', 22, 'mimiContent.extensions');
      // nestedPart: 85 at 23, disposition 01 at 24, language 62656e at 25
      expect(h.slice(46, 56)).toBe('850162656e');
      rejects(fromHex(h.slice(0, 46) + arg(4, w, 5) + h.slice(48)), 'non-shortest', 23, 'mimiContent.nestedPart');
      rejects(fromHex(h.slice(0, 48) + arg(0, w, 1) + h.slice(50)), 'non-shortest', 24, 'mimiContent.nestedPart.disposition');
      rejects(fromHex(h.slice(0, 50) + arg(3, w, 2) + h.slice(52)), 'non-shortest', 25, 'mimiContent.nestedPart.language');
    });
  }
});
