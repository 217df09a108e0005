/**
 * The builders reproduce every mimiContent example of draft-ietf-mimi-content-07 byte for byte.
 * Each example's salt and URIs are read from the example; everything else (text, relations,
 * expiry, attachment fields) is passed to the builders as an application would. Referenced
 * message IDs are computed from the rebuilt referenced messages, so the chain
 * original → reply/reaction → edit/delete/unlike is checked end to end.
 */
import { fromHex, toHex as hex } from '@mimikit/bytes';
import { describe, expect, it } from 'vitest';
import { MimiContentCodec, type MimiContent } from '@mimikit/mimi-content';
import {
  AeadAlg,
  attachment,
  chooseOne,
  computeMessageId,
  conferenceLink,
  deleteMessage,
  edit,
  expiresAfterReading,
  expiresAt,
  htmlMention,
  htmlMessage,
  htmlPart,
  inlinePart,
  markdownMention,
  markdownMessage,
  markdownPart,
  message,
  NamedHashAlg,
  processAll,
  reaction,
  singleUnit,
  reply,
  textMessage,
  unlike,
  type MessageOptions,
} from '../src/api.ts';
import { exampleCbor, exampleContent, MESSAGE_EXAMPLES, type MessageExampleName } from './examples.ts';

/** Salt, sender_uri and room_uri as the example has them. */
function from(name: MessageExampleName): MessageOptions {
  const c = exampleContent(name);
  return { salt: c.salt, senderUri: c.extensions.get(1) as string, roomUri: c.extensions.get(2) as string };
}

const id = (c: MimiContent): Uint8Array => computeMessageId({ content: c });

const original = markdownMessage('Hi everyone, we just shipped release 2.0. __Good  work__!', from('original'));
const replyMsg = reply(id(original), markdownPart("Right on! _Congratulations_ 'all!"), from('reply'));
const reactionMsg = reaction('\u2764', { ...from('reaction'), inReplyTo: id(original) });
const alice = 'mimi://example.com/u/alice-smith';

const built: Record<MessageExampleName, () => MimiContent> = {
  original: () => original,
  reply: () => replyMsg,
  reaction: () => reactionMsg,
  mention: () =>
    markdownMessage(`Kudos to ${markdownMention(alice, '@Alice Smith')} for making the release happen!`, { ...from('mention'), inReplyTo: id(original) }),
  'mention-html': () =>
    htmlMessage(`<p>Kudos to ${htmlMention(alice, '@Alice Smith')} for making the release happen!</p>`, { ...from('mention-html'), inReplyTo: id(original) }),
  edit: () => edit(id(replyMsg), markdownPart("Right on! _Congratulations_ y'all!"), { ...from('edit'), inReplyTo: id(original) }),
  delete: () => deleteMessage(id(replyMsg), { ...from('delete'), inReplyTo: id(original) }),
  unlike: () => unlike(id(reactionMsg), { ...from('unlike'), inReplyTo: id(original) }),
  expiring: () =>
    markdownMessage("__*VPN GOING DOWN*__ I'm rebooting the VPN in ten minutes unless anyone objects.", {
      ...from('expiring'),
      expires: expiresAt(new Date('2022-02-09T07:00:04Z')),
    }),
  attachment: () =>
    attachment(
      {
        disposition: 'attachment',
        language: 'en',
        contentType: 'video/mp4',
        url: 'https://example.com/storage/8ksB4bSrrRE.mp4',
        size: 708234961,
        encAlg: AeadAlg.aes128gcm,
        key: fromHex('21399320958a6f4c745dde670d95e0d8'),
        nonce: fromHex('c86cf2c33f21527d1dd76f5b'),
        hashAlg: NamedHashAlg.sha256,
        contentHash: fromHex('9ab17a8cf0890baaae7ee016c7312fcc080ba46498389458ee44f0276e783163'),
        description: '2 hours of key signing video',
        filename: 'bigfile.mp4',
      },
      from('attachment'),
    ),
  conferencing: () =>
    conferenceLink('https://example.com/join/12345', { description: 'Join the Foo 118 conference' }, { ...from('conferencing'), topicId: 'Foo 118' }),
  'multipart-1': () =>
    message(
      chooseOne([markdownPart('# Welcome!'), inlinePart('application/vnd.examplevendor-fancy-im-message', fromHex('dc861ebaa718fd7c3ca159f71a2001'))]),
      from('multipart-1'),
    ),
  'multipart-2': () => reaction(['\u2764', '\u{1F973}', '\u{1F91E}'], from('multipart-2')),
  'multipart-3': () => {
    const welcome = (cid: number): ReturnType<typeof chooseOne> =>
      chooseOne([
        htmlPart(`<html><body><h1>Welcome!</h1>\n<img src="cid:${cid}@local.invalid" alt="Welcome image"/>\n</body></html>`, { language: 'en' }),
        htmlPart(`<html><body><h1>Bienvenue!</h1>\n<img src="cid:${cid}@local.invalid" alt="Image bienvenue"/>\n</body></html>`, { language: 'fr' }),
      ]);
    return message(
      chooseOne([
        processAll([welcome(5), inlinePart('image/gif', fromHex('dc861ebaa718fd7c3ca159f71a2001a7'), { disposition: 'inline' })]),
        processAll([welcome(10), inlinePart('image/png', fromHex('fa444237451a05a72bb0f67037cc1669'), { disposition: 'inline' })]),
      ]),
      from('multipart-3'),
    );
  },
};

describe('builders reproduce the draft examples byte for byte', () => {
  it.each(MESSAGE_EXAMPLES)('%s', (name) => {
    expect(hex(MimiContentCodec.encode(built[name]()))).toBe(hex(exampleCbor(name)));
  });
});

describe('builder defaults and options', () => {
  it('draws a fresh random 16-byte salt by default, or from an injected source', () => {
    const a = textMessage('hi');
    const b = textMessage('hi');
    expect(a.salt.length).toBe(16);
    expect(hex(a.salt)).not.toBe(hex(b.salt));
    const fixed = new Uint8Array(16).fill(7);
    expect(textMessage('hi', { salt: () => fixed }).salt).toBe(fixed);
    expect(() => textMessage('hi', { salt: new Uint8Array(15) })).toThrow(RangeError);
  });

  it('text message: text/plain;charset=utf-8, render, no language; language lists are comma-joined', () => {
    const m = textMessage('héllo', { language: ['en-GB', 'fr'], topicId: new Uint8Array([1, 2]) });
    expect(m.nestedPart).toMatchObject({ disposition: 1, language: 'en-GB,fr', cardinality: 1, contentType: 'text/plain;charset=utf-8' });
    expect(m.topicId).toEqual(new Uint8Array([1, 2]));
    expect(m.replaces).toBeNull();
    expect(m.inReplyTo).toBeNull();
    expect(m.expires).toBeNull();
    expect(m.extensions.size).toBe(0);
    // It encodes (the codec validates every field).
    expect(MimiContentCodec.decode(MimiContentCodec.encode(m))).toEqual(m);
  });

  it('markdown: HTML tags are escaped (GFM-MIMI No-HTML), URI autolinks are not', () => {
    const m = markdownMessage('a <b>bold</b> <!-- x --> <mimi://example.com/u/alice-smith> 1 < 2');
    expect(new TextDecoder().decode((m.nestedPart as { content: Uint8Array }).content)).toBe(
      'a &lt;b>bold&lt;/b> &lt;!-- x --> <mimi://example.com/u/alice-smith> 1 < 2',
    );
    const raw = markdownMessage('<b>x</b>', { escapeHtml: false });
    expect(new TextDecoder().decode((raw.nestedPart as { content: Uint8Array }).content)).toBe('<b>x</b>');
  });

  it('mentions: bare form without a label, escaping in labels', () => {
    expect(markdownMention(alice)).toBe('<mimi://example.com/u/alice-smith>');
    expect(markdownMention(alice, 'A [x]')).toBe('[A \\[x\\]](mimi://example.com/u/alice-smith)');
    expect(htmlMention(alice, 'Tom & "Jerry" <3')).toBe('<a href="mimi://example.com/u/alice-smith">Tom &amp; &quot;Jerry&quot; &lt;3</a>');
  });

  it('expiry: relative and absolute, 32-bit range enforced', () => {
    expect(expiresAfterReading(600)).toEqual({ relative: true, time: 600 });
    expect(expiresAt(1644390004)).toEqual({ relative: false, time: 1644390004 });
    expect(expiresAt(new Date(1644390004_999))).toEqual({ relative: false, time: 1644390004 });
    expect(() => expiresAfterReading(-1)).toThrow(RangeError);
    expect(() => expiresAt(2 ** 32)).toThrow(RangeError);
  });

  it('extensions: sender/room keys 1 and 2 override, private keys pass through, encoding sorts keys', () => {
    const m = textMessage('x', {
      extensions: [
        [-1, 'private'],
        ['vendor.flag', true],
        [1, 'old'],
      ],
      senderUri: 'mimi://a/u/x',
      roomUri: 'mimi://a/r/y',
    });
    expect([...m.extensions.entries()]).toEqual([
      [-1, 'private'],
      ['vendor.flag', true],
      [1, 'mimi://a/u/x'],
      [2, 'mimi://a/r/y'],
    ]);
    const back = MimiContentCodec.decode(MimiContentCodec.encode(m));
    expect([...back.extensions.keys()]).toEqual([1, 2, -1, 'vendor.flag']);
  });

  it('multipart: fewer than two parts is rejected; singleUnit exists', () => {
    expect(() => chooseOne([markdownPart('x')])).toThrow(RangeError);
    expect(singleUnit([markdownPart('x'), inlinePart('image/png', new Uint8Array(1))]).partSemantics).toBe(1);
  });

  it('reply keeps any body; relative expiry on a reply', () => {
    const r = reply(new Uint8Array(32).fill(1), markdownPart('ok'), { expires: expiresAfterReading(30) });
    expect(r.inReplyTo?.[0]).toBe(1);
    expect(r.expires).toEqual({ relative: true, time: 30 });
  });
});
