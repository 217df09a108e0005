/**
 * Builders for whole MIMI content messages (§4), one per feature of §5. Every builder takes the
 * body (or what it is made of) plus one options object for the message behaviour fields; the
 * result is a plain `MimiContent` for `MimiContentCodec.encode`.
 *
 * Relations follow the draft's examples: a reaction is a reply with the `reaction` disposition,
 * an edit `replaces` the old message ID, a delete `replaces` with a NullPart (disposition
 * `render`), and an unlike `replaces` the reaction's ID with a NullPart (disposition `reaction`).
 * Edit, delete and unlike keep the original's `inReplyTo` if you pass it, as the examples do.
 */
import type { Expiration, MessageId, MimiContent, Name, NestedPart, Value } from '@mimikit/mimi-content';
import { encodeUtf8 } from '@mimikit/bytes';
import { BaseDispos } from '@mimikit/mimi-content';
import { ExtensionKeys } from './constants.ts';
import { externalPart, htmlPart, markdownPart, nullPart, processAll, textPart, type ExternalPartOptions, type PartOptions } from './parts.ts';
import { randomSalt, SALT_LENGTH, type SaltSource } from './salt.ts';

export interface MessageOptions {
  /** 16 bytes, or a function drawing them; cryptographically random by default. */
  salt?: Uint8Array | SaltSource;
  /** Message ID this message edits/deletes/withdraws. */
  replaces?: MessageId | null;
  /** Opaque topic/thread ID; a string is UTF-8 encoded. Empty (default) = no topic. */
  topicId?: Uint8Array | string;
  /** See expiresAfterReading / expiresAt. */
  expires?: Expiration | null;
  /** Message ID this message replies or reacts to. */
  inReplyTo?: MessageId | null;
  /** Extension 1 `sender_uri`. */
  senderUri?: string;
  /** Extension 2 `room_uri`. */
  roomUri?: string;
  /** Further extensions (private keys are negative ints or strings); senderUri/roomUri win. */
  extensions?: Map<Name, Value> | Iterable<readonly [Name, Value]>;
}

/** The message container around any body. */
export function message(body: NestedPart, opts: MessageOptions = {}): MimiContent {
  const salt = typeof opts.salt === 'function' ? opts.salt() : (opts.salt ?? randomSalt());
  if (salt.length !== SALT_LENGTH) throw new RangeError(`salt must be ${SALT_LENGTH} bytes, got ${salt.length}`);
  const extensions = new Map<Name, Value>(opts.extensions ?? []);
  if (opts.senderUri !== undefined) extensions.set(ExtensionKeys.senderUri, opts.senderUri);
  if (opts.roomUri !== undefined) extensions.set(ExtensionKeys.roomUri, opts.roomUri);
  const topic = opts.topicId ?? new Uint8Array(0);
  return {
    salt,
    replaces: opts.replaces ?? null,
    topicId: typeof topic === 'string' ? encodeUtf8(topic) : topic,
    expires: opts.expires ?? null,
    inReplyTo: opts.inReplyTo ?? null,
    extensions,
    nestedPart: body,
  };
}

export type TextMessageOptions = MessageOptions & PartOptions;

function split(opts: TextMessageOptions): [PartOptions, MessageOptions] {
  const { disposition, language, ...rest } = opts;
  const part: PartOptions = {};
  if (disposition !== undefined) part.disposition = disposition;
  if (language !== undefined) part.language = language;
  return [part, rest];
}

/** `text/plain;charset=utf-8`. */
export function textMessage(text: string, opts: TextMessageOptions = {}): MimiContent {
  const [p, m] = split(opts);
  return message(textPart(text, p), m);
}

/** `text/markdown;variant=GFM-MIMI` (mentions: see markdownMention). */
export function markdownMessage(markdown: string, opts: TextMessageOptions & { escapeHtml?: boolean } = {}): MimiContent {
  const { escapeHtml, ...rest } = opts;
  const [p, m] = split(rest);
  return message(markdownPart(markdown, escapeHtml === undefined ? p : { ...p, escapeHtml }), m);
}

/** `text/html;charset=utf-8` (mentions: see htmlMention). */
export function htmlMessage(html: string, opts: TextMessageOptions = {}): MimiContent {
  const [p, m] = split(opts);
  return message(htmlPart(html, p), m);
}

/** A reply: any body, with `inReplyTo` set. */
export function reply(inReplyTo: MessageId, body: NestedPart, opts: Omit<MessageOptions, 'inReplyTo'> = {}): MimiContent {
  return message(body, { ...opts, inReplyTo });
}

/**
 * A reaction (§5.3): a plain-text part with the `reaction` disposition; several emoji become a
 * processAll MultiPart of reactions (the multiple-reactions example). Set `inReplyTo` to the
 * message reacted to.
 */
export function reaction(emoji: string | readonly string[], opts: MessageOptions = {}): MimiContent {
  const list = typeof emoji === 'string' ? [emoji] : emoji;
  const parts = list.map((e) => textPart(e, { disposition: 'reaction' }));
  const [only] = parts;
  const body = parts.length === 1 && only ? only : processAll(parts, { disposition: 'reaction' });
  return message(body, opts);
}

/** Withdraws a reaction (§5.7): replaces the reaction message with an empty reaction body. */
export function unlike(reactionId: MessageId, opts: Omit<MessageOptions, 'replaces'> = {}): MimiContent {
  return message(nullPart({ disposition: 'reaction' }), { ...opts, replaces: reactionId });
}

/** A new version of an earlier message (§5.5). */
export function edit(replaces: MessageId, body: NestedPart, opts: Omit<MessageOptions, 'replaces'> = {}): MimiContent {
  return message(body, { ...opts, replaces });
}

/** Retracts an earlier message (§5.6): `replaces` with an empty body. */
export function deleteMessage(replaces: MessageId, opts: Omit<MessageOptions, 'replaces'> = {}): MimiContent {
  return message(nullPart(), { ...opts, replaces });
}

/** A file or other content stored at a URL (§5.9); see encryptAttachment for the crypto fields. */
export function attachment(part: ExternalPartOptions, opts: MessageOptions = {}): MimiContent {
  return message(externalPart(part), opts);
}

export interface ConferenceOptions extends PartOptions {
  /** Human text shown with the link ("Join the Foo 118 conference"). */
  description?: string;
  /** Media type of a session description, "" for a plain join URL (the default). */
  contentType?: string;
}

/**
 * A link to join a call (§5.10): an unencrypted ExternalPart with the `session` disposition, so
 * that clients can alert the user instead of just showing a link.
 */
export function conferenceLink(url: string, conf: ConferenceOptions = {}, opts: MessageOptions = {}): MimiContent {
  const part: ExternalPartOptions = { url, disposition: conf.disposition ?? BaseDispos.session, contentType: conf.contentType ?? '' };
  if (conf.language !== undefined) part.language = conf.language;
  if (conf.description !== undefined) part.description = conf.description;
  return message(externalPart(part), opts);
}
