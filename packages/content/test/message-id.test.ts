/**
 * Message IDs (draft-ietf-mimi-content-07 §3.3) recomputed for every example that states one, and
 * every ID the examples refer to (inReplyTo, replaces, the status report) resolved to an example.
 */
import { describe, expect, it } from 'vitest';
import { MessageDerivedValuesCodec, MessageStatusReportCodec } from '@mimikit/mimi-content';
import { computeMessageId, NamedHashAlg, verifyMessageId } from '../src/api.ts';
import { toHex as hex } from '@mimikit/bytes';
import { exampleCbor, exampleContent, headerMessageId, MESSAGE_EXAMPLES } from './examples.ts';

const computed = new Map<string, string>(MESSAGE_EXAMPLES.map((n) => [hex(computeMessageId({ content: exampleCbor(n) })), n]));

describe('message IDs of the draft examples', () => {
  it.each(MESSAGE_EXAMPLES)('%s: header message ID = hash(sender_uri || room_uri || content || salt)', (name) => {
    const stated = headerMessageId(name);
    expect(stated).toBeDefined();
    const content = exampleContent(name);
    // Inputs spelled out: URIs from the example's extensions 1 and 2, content as its bytes.
    const id = computeMessageId({
      content: exampleCbor(name),
      senderUri: content.extensions.get(1) as string,
      roomUri: content.extensions.get(2) as string,
    });
    expect(hex(id)).toBe(hex(stated!));
    // The decoded value gives the same ID (deterministic encoding), and verify agrees.
    expect(hex(computeMessageId({ content }))).toBe(hex(stated!));
    expect(verifyMessageId(stated!, { content })).toBe(true);
  });

  it('original: the implied values (senderUserUrl, roomUrl) give implied-original messageId', () => {
    const implied = MessageDerivedValuesCodec.decode(exampleCbor('implied-original'));
    const id = computeMessageId({ content: exampleCbor('original'), senderUri: implied.senderUserUrl, roomUri: implied.roomUrl });
    expect(hex(id)).toBe(hex(implied.messageId));
    // The sender's client URL is not the sender URI of the formula.
    expect(verifyMessageId(implied.messageId, { content: exampleCbor('original'), senderUri: implied.senderClientUrl })).toBe(false);
  });

  it('every inReplyTo / replaces in the examples names another example', () => {
    const refs: [string, string, string][] = [];
    for (const n of MESSAGE_EXAMPLES) {
      const c = exampleContent(n);
      if (c.inReplyTo) refs.push([n, 'inReplyTo', computed.get(hex(c.inReplyTo)) ?? '?']);
      if (c.replaces) refs.push([n, 'replaces', computed.get(hex(c.replaces)) ?? '?']);
    }
    expect(refs).toEqual([
      ['reply', 'inReplyTo', 'original'],
      ['reaction', 'inReplyTo', 'original'],
      ['mention', 'inReplyTo', 'original'],
      ['mention-html', 'inReplyTo', 'original'],
      ['edit', 'inReplyTo', 'original'],
      ['edit', 'replaces', 'reply'],
      ['delete', 'inReplyTo', 'original'],
      ['delete', 'replaces', 'reply'],
      ['unlike', 'inReplyTo', 'original'],
      ['unlike', 'replaces', 'reaction'],
    ]);
  });

  it('the status report refers to original, reply, mention and expiring', () => {
    const report = MessageStatusReportCodec.decode(exampleCbor('report'));
    expect(report.map((e) => computed.get(hex(e.messageId)))).toEqual(['original', 'reply', 'mention', 'expiring']);
  });

  it('the first octet names the hash; other registry hashes work and are verified by that octet', () => {
    const content = exampleCbor('original');
    const id = computeMessageId({ content, hashAlg: NamedHashAlg.sha512 });
    expect(id.length).toBe(32);
    expect(id[0]).toBe(8);
    expect(verifyMessageId(id, { content })).toBe(true);
    expect(() => computeMessageId({ content, hashAlg: 2 })).toThrow(RangeError); // sha-256-128 is too short
    const unknown = new Uint8Array(32);
    expect(verifyMessageId(unknown, { content })).toBe(false);
  });

  it('changing the salt, sender or room changes the ID', () => {
    const base = computeMessageId({ content: exampleCbor('original') });
    const c = exampleContent('original');
    const other = { ...c, salt: new Uint8Array(16) };
    expect(hex(computeMessageId({ content: other }))).not.toBe(hex(base));
    expect(hex(computeMessageId({ content: c, senderUri: 'mimi://example.com/u/bob-jones' }))).not.toBe(hex(base));
    expect(hex(computeMessageId({ content: c, roomUri: 'mimi://example.com/r/other' }))).not.toBe(hex(base));
  });

  it('needs sender and room URIs from the options or the extensions', () => {
    const c = { ...exampleContent('original'), extensions: new Map() };
    expect(() => computeMessageId({ content: c })).toThrow(/senderUri/);
    expect(() => computeMessageId({ content: c, senderUri: 'mimi://a' })).toThrow(/roomUri/);
  });
});
