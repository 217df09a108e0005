/**
 * The generated content codecs on every example of draft-ietf-mimi-content-07: each .cbor decodes
 * to a value that the generated TypeBox schema accepts, and re-encodes byte-identically.
 */
import { describe, expect, it } from 'vitest';
import Value from 'typebox/value';
import { codecs, MessageDerivedValuesSchema, MessageStatusReportSchema, MimiContentSchema } from '@mimikit/mimi-content';
import type { ContentCodec } from '@mimikit/cbor';
import { toHex } from '@mimikit/bytes';
import { loadExamples } from '../support/content-examples.ts';

const examples = loadExamples();
const schemas = { mimiContent: MimiContentSchema, MessageDerivedValues: MessageDerivedValuesSchema, MessageStatusReport: MessageStatusReportSchema };

describe('draft-ietf-mimi-content-07 examples', () => {
  it('has all 16 examples', () => {
    expect(examples.map((e) => e.name)).toEqual([
      'attachment',
      'conferencing',
      'delete',
      'edit',
      'expiring',
      'implied-original',
      'mention-html',
      'mention',
      'multipart-1',
      'multipart-2',
      'multipart-3',
      'original',
      'reaction',
      'reply',
      'report',
      'unlike',
    ]);
  });

  for (const ex of examples) {
    it(`${ex.name}: decodes as ${ex.rule}, validates, re-encodes byte-identically`, () => {
      const codec = codecs[ex.rule] as ContentCodec<unknown>;
      const value = codec.decode(ex.cbor);
      expect(Value.Check(schemas[ex.rule], value)).toBe(true);
      expect(toHex(codec.encode(value))).toBe(toHex(ex.cbor));
    });
  }
});
