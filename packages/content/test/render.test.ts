/** The terminal renderer on every message example (explicit expected strings) and on edge cases. */
import { describe, expect, it } from 'vitest';
import {
  chooseOne,
  conferenceLink,
  expiresAfterReading,
  formatDuration,
  formatSize,
  htmlPart,
  inlinePart,
  markdownPart,
  message,
  processAll,
  renderContent,
  shortMessageId,
  singleUnit,
  textMessage,
  textPart,
  computeMessageId,
} from '../src/api.ts';
import { exampleCbor, MESSAGE_EXAMPLES, type MessageExampleName } from './examples.ts';

const expected: Record<MessageExampleName, string> = {
  original: 'Hi everyone, we just shipped release 2.0. Good  work!',
  reply: "> replying to #b0084467\nRight on! Congratulations 'all!",
  reaction: '[reaction \u2764 to #b0084467]',
  mention: '> replying to #b0084467\nKudos to @Alice Smith for making the release happen!',
  'mention-html': '> replying to #b0084467\nKudos to @Alice Smith for making the release happen!',
  edit: "> replying to #b0084467\n[edited #a419aef4] Right on! Congratulations y'all!",
  delete: '[deleted #a419aef4]',
  unlike: '[unlike #b1a14a88]',
  expiring: "VPN GOING DOWN I'm rebooting the VPN in ten minutes unless anyone objects. [expires 2022-02-09T07:00:04Z]",
  attachment: '[attachment: bigfile.mp4 (675 MiB)] 2 hours of key signing video',
  conferencing: '[topic: Foo 118]\n[call: https://example.com/join/12345] Join the Foo 118 conference',
  'multipart-1': 'Welcome!',
  'multipart-2': '[reaction \u2764 \u{1F973} \u{1F91E}]',
  // GIF alternative, English HTML; the GIF (part 5) is shown through the HTML's cid: reference only.
  'multipart-3': 'Welcome!\n[image: Welcome image]',
};

describe('renderContent on the draft examples', () => {
  it.each(MESSAGE_EXAMPLES)('%s', (name) => {
    expect(renderContent(exampleCbor(name))).toBe(expected[name]);
  });

  it('multipart-3 with a French reader', () => {
    expect(renderContent(exampleCbor('multipart-3'), { languages: ['fr-CA', 'en'] })).toBe('Bienvenue!\n[image: Image bienvenue]');
  });

  it('describe() replaces short IDs with what the client knows', () => {
    const originalId = computeMessageId({ content: exampleCbor('original') });
    const describe = (id: Uint8Array): string | undefined => (shortMessageId(id) === shortMessageId(originalId) ? 'Alice: "Hi everyone…"' : undefined);
    expect(renderContent(exampleCbor('reply'), { describe })).toBe('> replying to Alice: "Hi everyone…"\nRight on! Congratulations \'all!');
    expect(renderContent(exampleCbor('edit'), { describe })).toBe('> replying to Alice: "Hi everyone…"\n[edited #a419aef4] Right on! Congratulations y\'all!');
  });
});

describe('renderContent choices', () => {
  it('chooseOne prefers text/plain, then Markdown, then HTML, whatever the sender order', () => {
    const html = htmlPart('<p><b>Hi</b> <a href="https://example.org/x">there</a></p>');
    const md = markdownPart('**Hi** [there](https://example.org/x)');
    const plain = textPart('Hi there (plain)');
    expect(renderContent(message(chooseOne([html, md, plain])))).toBe('Hi there (plain)');
    expect(renderContent(message(chooseOne([html, md])))).toBe('Hi there (https://example.org/x)');
    expect(renderContent(message(chooseOne([inlinePart('application/x-vendor', new Uint8Array(3)), html])))).toBe('Hi there (https://example.org/x)');
  });

  it('language outranks format in chooseOne', () => {
    const m = message(chooseOne([textPart('Hello', { language: 'en' }), htmlPart('<p>Bonjour</p>', { language: 'fr' })]));
    expect(renderContent(m)).toBe('Hello');
    expect(renderContent(m, { languages: ['fr'] })).toBe('Bonjour');
  });

  it('processAll shows every part; media and unknown types become placeholders', () => {
    const m = message(
      processAll([
        textPart('look:'),
        inlinePart('image/png', new Uint8Array(2048), { disposition: 'inline' }),
        inlinePart('application/x-y', new Uint8Array(1)),
      ]),
    );
    expect(renderContent(m)).toBe('look:\n[image: image/png (2 KiB)]\n[unsupported: application/x-y]');
    expect(renderContent(message(singleUnit([markdownPart('![chart](cid:2@local.invalid) see chart'), inlinePart('image/png', new Uint8Array(10))])))).toBe(
      '[image: chart] see chart',
    );
  });

  it('a text part that is not UTF-8 is a placeholder, not text with U+FFFD', () => {
    const m = message(processAll([textPart('before'), inlinePart('text/plain;charset=utf-8', Uint8Array.from([0x68, 0xff, 0x69]))]));
    expect(renderContent(m)).toBe('before\n[unreadable text: text/plain;charset=utf-8, not valid UTF-8]');
  });

  it('relative expiry, topics that are not text, a conference without description', () => {
    expect(renderContent(textMessage('secret', { expires: expiresAfterReading(600) }))).toBe('secret [expires 10 min after reading]');
    expect(renderContent(textMessage('x', { topicId: new Uint8Array([0, 255]) }))).toBe('[topic: 00ff]\nx');
    expect(renderContent(conferenceLink('https://meet.example/abc'))).toBe('[call: https://meet.example/abc]');
  });

  it('markdown lightly: headings, emphasis, code, escapes, entities, intraword underscores', () => {
    const md = '## Title\n*a* **b** ~~c~~ `d` \\*e\\* snake_case_name &lt;tag> [https://x.org](https://x.org)';
    expect(renderContent(message(markdownPart(md, { escapeHtml: false })))).toBe('Title\na b c d *e* snake_case_name <tag> https://x.org');
  });

  it('formats sizes and durations', () => {
    expect([0, 512, 1536, 12 * 1024, 708234961, 5n * 2n ** 40n].map((n) => formatSize(n))).toEqual(['0 B', '512 B', '1.5 KiB', '12 KiB', '675 MiB', '5 TiB']);
    expect([0, 45, 600, 7260, 129600].map(formatDuration)).toEqual(['0 s', '45 s', '10 min', '2 h 1 min', '1 d 12 h']);
  });
});
