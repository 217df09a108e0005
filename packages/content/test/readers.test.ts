/** readContent: the application view of each example (kind, text, relations, parts). */
import { describe, expect, it } from 'vitest';
import { BaseDispos } from '@mimikit/mimi-content';
import { indexParts, inlinePart, message, reaction, readContent, textMessage } from '../src/api.ts';
import { toHex as hex } from '@mimikit/bytes';
import { exampleCbor, exampleContent, MESSAGE_EXAMPLES, type MessageExampleName } from './examples.ts';

const ORIGINAL = '01b0084467273cc43d6f0ebeac13eb84229c4fffe8f6c3594c905f47779e5a79';
const REPLY = '01a419aef4e16d43cfc06c28235ecfbe9faebc740d0148e7ca20b22150930836';
const REACTION = '01b1a14a88f4480e1336be86987854f838a3ec82944d4533d8d4088578550ed7';

const kinds: Record<MessageExampleName, string> = {
  original: 'markdown',
  reply: 'markdown',
  reaction: 'reaction',
  mention: 'markdown',
  'mention-html': 'html',
  edit: 'edit',
  delete: 'delete',
  unlike: 'unlike',
  expiring: 'markdown',
  attachment: 'attachment',
  conferencing: 'conference',
  'multipart-1': 'multipart',
  'multipart-2': 'reaction',
  'multipart-3': 'multipart',
};

describe('readContent', () => {
  it.each(MESSAGE_EXAMPLES)('%s: kind', (name) => {
    expect(readContent(exampleCbor(name)).kind).toBe(kinds[name]);
  });

  it('relations: replyTo and replaces as message IDs', () => {
    const rel = (n: MessageExampleName): [string | null, string | null] => {
      const v = readContent(exampleContent(n));
      return [v.replyTo && hex(v.replyTo), v.replaces && hex(v.replaces)];
    };
    expect(rel('original')).toEqual([null, null]);
    expect(rel('reply')).toEqual([ORIGINAL, null]);
    expect(rel('edit')).toEqual([ORIGINAL, REPLY]);
    expect(rel('delete')).toEqual([ORIGINAL, REPLY]);
    expect(rel('unlike')).toEqual([ORIGINAL, REACTION]);
  });

  it('text, mentions, sender and room', () => {
    const v = readContent(exampleCbor('mention-html'));
    expect(v.text).toBe('Kudos to @Alice Smith for making the release happen!');
    expect(v.mentions).toEqual([{ uri: 'mimi://example.com/u/alice-smith', label: '@Alice Smith' }]);
    expect(v.senderUri).toBe('mimi://example.com/u/cathy-washington');
    expect(v.roomUri).toBe('mimi://example.com/r/engineering_team');
    expect(readContent(exampleCbor('mention')).mentions).toEqual(v.mentions);
    const b = readContent(exampleCbor('mention')).blocks[0];
    expect(b).toMatchObject({
      type: 'text',
      format: 'markdown',
      source: 'Kudos to [@Alice Smith](mimi://example.com/u/alice-smith) for making the release happen!',
    });
  });

  it('expiry', () => {
    const v = readContent(exampleCbor('expiring'));
    expect(v.expiry).toEqual({ relative: false, time: 1644390004 });
    expect(v.expiresAt?.toISOString()).toBe('2022-02-09T07:00:04.000Z');
    expect(readContent(exampleCbor('original')).expiresAt).toBeNull();
  });

  it('attachment and conference', () => {
    const a = readContent(exampleCbor('attachment'));
    expect(a.language).toBe('en');
    expect(a.attachments).toHaveLength(1);
    expect(a.attachments[0]).toMatchObject({
      partIndex: 0,
      disposition: 'attachment',
      url: 'https://example.com/storage/8ksB4bSrrRE.mp4',
      contentType: 'video/mp4',
      filename: 'bigfile.mp4',
      description: '2 hours of key signing video',
      size: 708234961n,
      expires: 0,
      encrypted: true,
    });
    const c = readContent(exampleCbor('conferencing'));
    expect(c.conference).toEqual({ partIndex: 0, url: 'https://example.com/join/12345', description: 'Join the Foo 118 conference', contentType: '' });
    expect(c.topic).toBe('Foo 118');
    expect(c.attachments).toEqual([]);
  });

  it('reactions', () => {
    expect(readContent(exampleCbor('reaction')).reactions).toEqual(['\u2764']);
    expect(readContent(exampleCbor('multipart-2')).reactions).toEqual(['\u2764', '\u{1F973}', '\u{1F91E}']);
  });

  it('multipart-3: the implied part indices match the draft table; cid-referenced GIF is not a separate block', () => {
    const parts = indexParts(exampleContent('multipart-3').nestedPart);
    expect(
      parts.map((p) => [
        p.index,
        p.depth,
        p.parent,
        p.part.cardinality === 1 ? `${p.part.contentType}|${p.part.language}` : `multi${p.part.cardinality === 3 ? p.part.partSemantics : ''}`,
      ]),
    ).toEqual([
      [0, 0, -1, 'multi0'],
      [1, 1, 0, 'multi2'],
      [2, 2, 1, 'multi0'],
      [3, 3, 2, 'text/html;charset=utf-8|en'],
      [4, 3, 2, 'text/html;charset=utf-8|fr'],
      [5, 2, 1, 'image/gif|'],
      [6, 1, 0, 'multi2'],
      [7, 2, 6, 'multi0'],
      [8, 3, 7, 'text/html;charset=utf-8|en'],
      [9, 3, 7, 'text/html;charset=utf-8|fr'],
      [10, 2, 6, 'image/png|'],
    ]);
    const v = readContent(exampleCbor('multipart-3'));
    expect(v.blocks.map((b) => [b.type, b.partIndex])).toEqual([['text', 3]]);
    expect(v.language).toBe('en');
    expect(readContent(exampleCbor('multipart-3'), { languages: ['fr'] }).blocks.map((b) => b.partIndex)).toEqual([4]);
  });

  it('multipart-1 chooses the Markdown over the proprietary format', () => {
    expect(readContent(exampleCbor('multipart-1')).blocks).toEqual([
      { type: 'text', partIndex: 1, format: 'markdown', source: '# Welcome!', text: 'Welcome!', language: '' },
    ]);
  });

  it('delete and unlike have no blocks; dispositions tell them apart', () => {
    expect(readContent(exampleCbor('delete')).blocks).toEqual([]);
    expect(exampleContent('unlike').nestedPart.disposition).toBe(BaseDispos.reaction);
    expect(exampleContent('delete').nestedPart.disposition).toBe(BaseDispos.render);
  });
});

describe('text is decoded exactly: a leading U+FEFF is kept, malformed UTF-8 is never U+FFFD (issue 11)', () => {
  const salt = new Uint8Array(16);
  const utf8Bytes = (...b: number[]) => Uint8Array.from(b);

  it('a text part that starts with a BOM keeps it in source and text', () => {
    const v = readContent(message(inlinePart('text/plain;charset=utf-8', utf8Bytes(0xef, 0xbb, 0xbf, 0x68, 0x69)), { salt }));
    expect(v.blocks).toEqual([{ type: 'text', partIndex: 0, format: 'plain', source: '\uFEFFhi', text: '\uFEFFhi', language: '' }]);
    expect(v.text).toBe('\uFEFFhi');
  });

  it('a BOM-prefixed reaction is not the same reaction as the plain one', () => {
    expect(readContent(reaction('\uFEFF\u{1F44D}', { salt })).reactions).toEqual(['\uFEFF\u{1F44D}']);
    expect(readContent(reaction('\u{1F44D}', { salt })).reactions).toEqual(['\u{1F44D}']);
  });

  it('a text part that is not UTF-8 is an unsupported block (invalid-utf8)', () => {
    const v = readContent(message(inlinePart('text/markdown;charset=utf-8', utf8Bytes(0x68, 0xff, 0x69)), { salt }));
    expect(v.blocks).toEqual([{ type: 'unsupported', partIndex: 0, contentType: 'text/markdown;charset=utf-8', reason: 'invalid-utf8' }]);
    expect(v.text).toBe('');
    const r = readContent(message(inlinePart('text/plain;charset=utf-8', utf8Bytes(0xc3), { disposition: 'reaction' }), { salt }));
    expect(r.reactions).toEqual([]);
    expect(r.blocks[0]).toMatchObject({ type: 'unsupported', reason: 'invalid-utf8' });
  });

  it('a media type readContent does not render is unsupported with reason media-type', () => {
    expect(readContent(message(inlinePart('application/x-y', utf8Bytes(1)), { salt })).blocks).toEqual([
      { type: 'unsupported', partIndex: 0, contentType: 'application/x-y', reason: 'media-type' },
    ]);
  });

  it('a BOM-prefixed topic is not shown as the topic without the BOM', () => {
    expect(readContent(textMessage('x', { salt, topicId: 'Foo' })).topic).toBe('Foo');
    expect(readContent(textMessage('x', { salt, topicId: '\uFEFFFoo' })).topic).toBeNull();
  });
});
