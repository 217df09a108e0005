/**
 * The draft's examples in EDN (spec/content/examples/*.edn) and in binary (*.cbor) are the same
 * content: the EDN, encoded core-deterministically, gives exactly the shipped bytes, and both
 * decode to the same value with the generated codec.
 */
import { describe, expect, it } from 'vitest';
import { codecs } from '@mimikit/mimi-content';
import { toHex } from '@mimikit/bytes';
import type { ContentCodec } from '@mimikit/cbor';
import { ednToCbor } from '@mimikit/content/edn';
import { loadExamples } from '../support/content-examples.ts';

const examples = loadExamples();

describe('EDN and binary examples agree', () => {
  it('has examples', () => {
    expect(examples.length).toBeGreaterThan(0);
  });

  for (const ex of examples) {
    it(`${ex.name}: ${ex.rule}.decode(ednToCbor(edn)) equals ${ex.rule}.decode(cbor), same bytes`, () => {
      const codec = codecs[ex.rule] as ContentCodec<unknown>;
      const fromEdn = ednToCbor(ex.edn);
      expect(toHex(fromEdn)).toBe(toHex(ex.cbor));
      expect(codec.decode(fromEdn)).toStrictEqual(codec.decode(ex.cbor));
      expect(toHex(codec.encode(codec.decode(fromEdn)))).toBe(toHex(ex.cbor));
    });
  }
});
