/**
 * RFC 9420 interop vectors: every field of all 300 messages.json entries decodes with the generated
 * codec and re-encodes to exactly the same bytes; deserialization.json's varint headers decode to
 * their lengths.
 */
import { describe, expect, it } from 'vitest';
import { codecs } from '@mimikit/mls';
import { toHex } from '@mimikit/bytes';
import { Reader, type Codec } from '@mimikit/tls';
import { bytes, loadDeserialization, loadMessages, MESSAGE_KINDS, MLS_MESSAGE_FIELDS, type MessageKind } from '../support/mls-vectors.ts';

const vectors = loadMessages();
const kinds = Object.keys(MESSAGE_KINDS) as MessageKind[];

describe('messages.json (300 entries)', () => {
  it('holds 300 entries with every kind', () => {
    expect(vectors).toHaveLength(300);
    for (const v of vectors) expect(Object.keys(v).sort()).toEqual([...kinds].sort());
  });

  for (const kind of kinds) {
    it(`${kind} round-trips byte-exactly as ${MESSAGE_KINDS[kind]}`, () => {
      const codec = codecs[MESSAGE_KINDS[kind]] as Codec<unknown>;
      let checked = 0;
      for (const [i, v] of vectors.entries()) {
        const input = bytes(v[kind]);
        let value: unknown;
        try {
          value = codec.decode(input);
        } catch (err) {
          throw new Error(`entry ${i} ${kind}: ${(err as Error).message}`);
        }
        const again = codec.encode(value);
        expect(codec.encodedSize(value)).toBe(input.length);
        if (toHex(again) !== v[kind]) throw new Error(`entry ${i} ${kind}: re-encoding differs`);
        checked++;
      }
      expect(checked).toBe(300);
    });
  }

  it('MLSMessage fields decode to the wire format their name says', () => {
    const v = vectors[0]!;
    for (const [kind, wf] of Object.entries(MLS_MESSAGE_FIELDS)) {
      const m = codecs.MLSMessage.decode(bytes(v[kind as MessageKind]));
      expect(m.wire_format).toBe(wf);
      expect(m.version).toBe('mls10');
    }
    const app = codecs.MLSMessage.decode(bytes(v.public_message_application));
    if (app.wire_format !== 'mls_public_message') throw new Error('unreachable');
    expect(app.public_message.content.content_type).toBe('application');
  });
});

describe('deserialization.json', () => {
  const cases = loadDeserialization();
  it('has 14 cases and each varint header decodes to its length', () => {
    expect(cases).toHaveLength(14);
    for (const c of cases) {
      const r = new Reader(bytes(c.vlbytes_header));
      expect(r.varint()).toBe(c.length);
      r.finish();
    }
  });

  it('an opaque<V> with each header round-trips through a generated codec (large ones: truncated)', () => {
    for (const c of cases) {
      if (c.length > 1 << 20) {
        // Do not allocate up to 1 GiB: the header alone must be read and found longer than the input.
        expect(() => codecs.HPKEPublicKey.decode(bytes(c.vlbytes_header))).toThrow(/truncated at byte 0 in HPKEPublicKey: vector of \d+ bytes/);
        continue;
      }
      const body = new Uint8Array(c.length).fill(0xab);
      const input = new Uint8Array([...bytes(c.vlbytes_header), ...body]);
      const decoded = codecs.HPKEPublicKey.decode(input);
      expect(decoded).toEqual(body);
      expect(toHex(codecs.HPKEPublicKey.encode(decoded))).toBe(toHex(input));
    }
  });
});
