/**
 * Decoded MIMI content → what an application shows. `readContent` resolves the body the way §4.4
 * describes: evaluate `chooseOne` MultiParts (see chooseAlternative), then handle the remaining
 * parts in order, skipping parts an earlier part already pulled in through a `cid:` URI.
 */
import { BaseDispos, MimiContentCodec, type Expiration, type MessageId, type MimiContent, type Name, type NestedPart, type Value } from '@mimikit/mimi-content';
import { decodeUtf8OrNull } from '@mimikit/bytes';
import { dispositionName, ExtensionKeys, PartSemantics, type DispositionName } from './constants.ts';
import { chooseAlternative, type RenderPreferences } from './alternatives.ts';
import { expiryDeadline } from './expiry.ts';
import { mediaClass } from './media-type.ts';
import { htmlLinks, isMentionUri, markdownLinks, type Mention } from './mentions.ts';
import { contentIdReferences, indexParts, type IndexedPart } from './part-tree.ts';
import type { ExternalPart } from './parts.ts';
import { htmlToText, markdownToText } from './plain-text.ts';

export type ContentKind =
  | 'text'
  | 'markdown'
  | 'html'
  /** An inline non-text part (image, audio, …) as the whole body. */
  | 'media'
  | 'reaction'
  | 'edit'
  | 'delete'
  | 'unlike'
  | 'attachment'
  | 'conference'
  | 'multipart'
  /** A NullPart body that replaces nothing. */
  | 'empty';

export interface AttachmentView {
  partIndex: number;
  disposition: DispositionName | 'unknown';
  url: string;
  contentType: string;
  filename: string;
  description: string;
  size: bigint;
  /** Seconds since the epoch after which the URL is invalid, 0 = never. */
  expires: number;
  encrypted: boolean;
  part: ExternalPart;
}

export interface ConferenceView {
  partIndex: number;
  url: string;
  description: string;
  contentType: string;
}

export type Block =
  | { type: 'text'; partIndex: number; format: 'plain' | 'markdown' | 'html'; source: string; text: string; language: string }
  | { type: 'reaction'; partIndex: number; text: string; contentType: string }
  | { type: 'media'; partIndex: number; contentType: string; size: number; disposition: DispositionName | 'unknown' }
  | ({ type: 'attachment' } & AttachmentView)
  | ({ type: 'conference' } & ConferenceView)
  /**
   * A part shown as a placeholder: its media type is not one readContent renders (`media-type`),
   * or it says it is text but is not valid UTF-8 (`invalid-utf8`; not shown with U+FFFD, which
   * would make different bodies look the same).
   */
  | { type: 'unsupported'; partIndex: number; contentType: string; reason: 'media-type' | 'invalid-utf8' };

export interface MessageView {
  kind: ContentKind;
  /** Plain text of the text blocks, one per line (Markdown/HTML markup removed lightly). */
  text: string;
  /** The resolved body, in processing order. */
  blocks: Block[];
  /** Links to participant/room URIs (`mimi:`, `im:`) in the rendered text parts. */
  mentions: Mention[];
  replyTo: MessageId | null;
  replaces: MessageId | null;
  expiry: Expiration | null;
  /** Absolute expiry as a Date; null for relative or no expiry. */
  expiresAt: Date | null;
  attachments: AttachmentView[];
  conference: ConferenceView | null;
  /** Reaction content as text (emoji), for reaction messages. */
  reactions: string[];
  /** The body's language, or the language of the chosen text part when the body has none. */
  language: string;
  topicId: Uint8Array;
  /** `topicId` as text when it is printable UTF-8 (the conferencing example's 'Foo 118'). */
  topic: string | null;
  senderUri: string | null;
  roomUri: string | null;
  extensions: Map<Name, Value>;
  /** Every part with its implied part index. */
  parts: IndexedPart[];
}

export function readContent(content: MimiContent | Uint8Array, prefs: RenderPreferences = {}): MessageView {
  const c = content instanceof Uint8Array ? MimiContentCodec.decode(content) : content;
  const parts = indexParts(c.nestedPart);
  const indexOf = new Map<NestedPart, number>(parts.map((p) => [p.part, p.index]));
  const blocks: Block[] = [];
  const referenced = new Set<number>();

  const visit = (part: NestedPart): void => {
    const partIndex = indexOf.get(part) ?? -1;
    if (referenced.has(partIndex)) return;
    if (part.cardinality === 3) {
      if (part.partSemantics === PartSemantics.chooseOne) {
        const chosen = part.parts[chooseAlternative(part.parts, prefs)];
        if (chosen) visit(chosen);
      } else for (const child of part.parts) visit(child);
      return;
    }
    const block = toBlock(part, partIndex);
    if (!block) return;
    if (block.type === 'text') for (const r of contentIdReferences(block.source)) referenced.add(r);
    blocks.push(block);
  };
  visit(c.nestedPart);

  const textBlocks = blocks.filter((b) => b.type === 'text');
  const mentions = textBlocks
    .flatMap((b) => (b.format === 'markdown' ? markdownLinks(b.source) : b.format === 'html' ? htmlLinks(b.source) : []))
    .filter((m) => isMentionUri(m.uri));
  const attachments = blocks.filter((b) => b.type === 'attachment').map(({ type: _, ...a }) => a);
  const conferenceBlock = blocks.find((b) => b.type === 'conference');
  const reactions = blocks.filter((b) => b.type === 'reaction').map((b) => b.text);
  const sender = c.extensions.get(ExtensionKeys.senderUri);
  const room = c.extensions.get(ExtensionKeys.roomUri);

  return {
    kind: kindOf(c, blocks),
    text: textBlocks.map((b) => b.text).join('\n'),
    blocks,
    mentions,
    replyTo: c.inReplyTo,
    replaces: c.replaces,
    expiry: c.expires,
    expiresAt: c.expires && !c.expires.relative ? expiryDeadline(c.expires) : null,
    attachments,
    conference: conferenceBlock
      ? { partIndex: conferenceBlock.partIndex, url: conferenceBlock.url, description: conferenceBlock.description, contentType: conferenceBlock.contentType }
      : null,
    reactions,
    language: c.nestedPart.language !== '' ? c.nestedPart.language : (textBlocks[0]?.language ?? ''),
    topicId: c.topicId,
    topic: printableTopic(c.topicId),
    senderUri: typeof sender === 'string' ? sender : null,
    roomUri: typeof room === 'string' ? room : null,
    extensions: c.extensions,
    parts,
  };
}

function toBlock(part: Exclude<NestedPart, { cardinality: 3 }>, partIndex: number): Block | null {
  const disposition = dispositionName(part.disposition);
  if (part.cardinality === 0) return null;
  if (part.cardinality === 2) {
    if (part.disposition === BaseDispos.session)
      return { type: 'conference', partIndex, url: part.url, description: part.description, contentType: part.contentType };
    return {
      type: 'attachment',
      partIndex,
      disposition,
      url: part.url,
      contentType: part.contentType,
      filename: part.filename,
      description: part.description,
      size: part.size,
      expires: part.expires,
      encrypted: part.encAlg !== 0,
      part,
    };
  }
  const cls = mediaClass(part.contentType);
  const textual = cls === 'plain' || cls === 'markdown' || cls === 'html';
  const source = textual ? decodeUtf8OrNull(part.content) : '';
  if (source === null) return { type: 'unsupported', partIndex, contentType: part.contentType, reason: 'invalid-utf8' };
  if (part.disposition === BaseDispos.reaction) {
    return { type: 'reaction', partIndex, text: source, contentType: part.contentType };
  }
  if (textual) {
    const text = cls === 'plain' ? source : cls === 'markdown' ? markdownToText(source) : htmlToText(source);
    return { type: 'text', partIndex, format: cls, source, text, language: part.language };
  }
  if (cls === 'other') return { type: 'unsupported', partIndex, contentType: part.contentType, reason: 'media-type' };
  return { type: 'media', partIndex, contentType: part.contentType, size: part.content.length, disposition };
}

function kindOf(c: MimiContent, blocks: Block[]): ContentKind {
  const body = c.nestedPart;
  if (c.replaces !== null) {
    if (body.cardinality !== 0) return 'edit';
    return body.disposition === BaseDispos.reaction ? 'unlike' : 'delete';
  }
  if (body.disposition === BaseDispos.reaction || (blocks.length > 0 && blocks.every((b) => b.type === 'reaction'))) return 'reaction';
  switch (body.cardinality) {
    case 0:
      return 'empty';
    case 2:
      return body.disposition === BaseDispos.session ? 'conference' : 'attachment';
    case 3:
      return 'multipart';
    case 1: {
      const cls = mediaClass(body.contentType);
      return cls === 'plain' ? 'text' : cls === 'markdown' || cls === 'html' ? cls : 'media';
    }
  }
}

function printableTopic(topicId: Uint8Array): string | null {
  if (topicId.length === 0) return null;
  // Exact decoding: a BOM-prefixed topic is not shown as the topic without it (U+FEFF is \p{Cf}).
  const s = decodeUtf8OrNull(topicId);
  return s !== null && /^[^\p{C}]+$/u.test(s) ? s : null;
}
