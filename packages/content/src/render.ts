/**
 * What a terminal client prints for a message. Relations and non-text parts become bracketed
 * tags (`[reaction ❤ to #b0084467]`, `[edited #a419aef4]`, `[attachment: f.pdf (12 KiB)]`) so
 * edits and deletes are always visible, as the draft's security considerations ask (§9.3).
 * Referenced messages are shown as `#` + 8 hex digits of their ID after the hash-algorithm octet,
 * unless `describe` knows something better (e.g. the quoted sender and text).
 */
import type { MessageId, MimiContent } from '@mimikit/mimi-content';
import { toHex } from '@mimikit/bytes';
import type { RenderPreferences } from './alternatives.ts';
import { readContent, type Block, type MessageView } from './readers.ts';

export interface RenderOptions extends RenderPreferences {
  /** A short description of a referenced message, or undefined to show its short ID. */
  describe?: (id: MessageId) => string | undefined;
}

/** `#b0084467`: the first 4 octets after the algorithm octet, enough to tell messages apart on screen. */
export function shortMessageId(id: MessageId): string {
  return `#${toHex(id.subarray(1, 5))}`;
}

/** 1024-based sizes: `512 B`, `1.5 KiB`, `12 KiB`, `675 MiB`. */
export function formatSize(octets: number | bigint): string {
  let v = Number(octets);
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  const shown = u === 0 || v >= 10 ? String(Math.round(v)) : String(Math.round(v * 10) / 10);
  return `${shown} ${units[u]}`;
}

/** `45s`, `10 min`, `2 h`, `1 d 12 h`, for relative expiry. */
export function formatDuration(seconds: number): string {
  const units: [number, string][] = [
    [86400, 'd'],
    [3600, 'h'],
    [60, 'min'],
    [1, 's'],
  ];
  const out: string[] = [];
  let rest = seconds;
  for (const [n, name] of units) {
    if (rest >= n) {
      out.push(`${Math.floor(rest / n)} ${name}`);
      rest %= n;
    }
    if (out.length === 2) break;
  }
  return out.length ? out.join(' ') : '0 s';
}

export function renderContent(content: MimiContent | Uint8Array, opts: RenderOptions = {}): string {
  return renderView(readContent(content, opts), opts);
}

export function renderView(view: MessageView, opts: RenderOptions = {}): string {
  const ref = (id: MessageId): string => opts.describe?.(id) ?? shortMessageId(id);
  const lines: string[] = [];
  if (view.topic !== null) lines.push(`[topic: ${view.topic}]`);
  else if (view.topicId.length > 0) lines.push(`[topic: ${toHex(view.topicId)}]`);

  let body: string;
  switch (view.kind) {
    case 'delete':
      body = `[deleted ${ref(view.replaces!)}]`;
      break;
    case 'unlike':
      body = `[unlike ${ref(view.replaces!)}]`;
      break;
    case 'reaction': {
      const what = view.reactions.filter((r) => r !== '').join(' ') || view.blocks.map(blockLine).join(' ');
      body = `[reaction ${what}${view.replyTo ? ` to ${ref(view.replyTo)}` : ''}]`;
      break;
    }
    default: {
      if (view.replyTo) lines.push(`> replying to ${ref(view.replyTo)}`);
      body = view.blocks.map(blockLine).join('\n');
      if (view.kind === 'edit') body = `[edited ${ref(view.replaces!)}] ${body}`;
    }
  }
  if (view.expiry) {
    const when = view.expiry.relative
      ? `${formatDuration(view.expiry.time)} after reading`
      : new Date(view.expiry.time * 1000).toISOString().replace('.000Z', 'Z');
    body += ` [expires ${when}]`;
  }
  lines.push(body);
  return lines.join('\n');
}

function blockLine(b: Block): string {
  switch (b.type) {
    case 'text':
      return b.text;
    case 'reaction':
      return b.text !== '' ? b.text : `[${b.contentType}]`;
    case 'media':
      return `[${b.contentType.split('/')[0] ?? 'media'}: ${b.contentType} (${formatSize(b.size)})]`;
    case 'attachment': {
      const name = b.filename !== '' ? b.filename : (b.url.split(/[?#]/)[0]?.split('/').pop() ?? b.url);
      const size = b.size > 0n ? ` (${formatSize(b.size)})` : '';
      return `[attachment: ${name}${size}]${b.description !== '' ? ` ${b.description}` : ''}`;
    }
    case 'conference':
      return `[call: ${b.url}]${b.description !== '' ? ` ${b.description}` : ''}`;
    case 'unsupported':
      return b.reason === 'invalid-utf8' ? `[unreadable text: ${b.contentType}, not valid UTF-8]` : `[unsupported: ${b.contentType}]`;
  }
}
