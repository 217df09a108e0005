/**
 * Body-part builders (§4.4): one function per NestedPart shape. Disposition defaults to `render`
 * and language to "" (no language), the values the draft's examples use for ordinary text.
 */
import type { NestedPart } from '@mimikit/mimi-content';
import { encodeUtf8 } from '@mimikit/bytes';
import { Cardinality, ContentTypes, dispositionCode, PartSemantics, type DispositionName, type PartSemanticsName } from './constants.ts';

export type NullPart = Extract<NestedPart, { cardinality: 0 }>;
export type SinglePart = Extract<NestedPart, { cardinality: 1 }>;
export type ExternalPart = Extract<NestedPart, { cardinality: 2 }>;
export type MultiPart = Extract<NestedPart, { cardinality: 3 }>;

export interface PartOptions {
  /** A base disposition name or its number (default `render`). */
  disposition?: DispositionName | number;
  /** RFC 5646 tag(s); a list becomes the comma-separated form the draft specifies (default ""). */
  language?: string | readonly string[];
}

function head(opts: PartOptions | undefined, fallback: DispositionName = 'render'): { disposition: number; language: string } {
  const lang = opts?.language ?? '';
  return { disposition: dispositionCode(opts?.disposition ?? fallback), language: typeof lang === 'string' ? lang : lang.join(',') };
}

/** An empty body: used by delete and unlike (§4.4 "a body with zero parts"). */
export function nullPart(opts?: PartOptions): NullPart {
  return { ...head(opts), cardinality: Cardinality.nullpart };
}

/** An inline part of any media type; text content is UTF-8 encoded. */
export function inlinePart(contentType: string, content: Uint8Array | string, opts?: PartOptions): SinglePart {
  return { ...head(opts), cardinality: Cardinality.single, contentType, content: typeof content === 'string' ? encodeUtf8(content) : content };
}

export function textPart(text: string, opts?: PartOptions): SinglePart {
  return inlinePart(ContentTypes.plain, text, opts);
}

/**
 * GFM-MIMI Markdown. The variant's mandatory No-HTML extension (§6.1.1) says the `<` opening any
 * HTML tag is sent as `&lt;`, so the builder applies `escapeMarkdownHtml` unless told the text is
 * already escaped.
 */
export function markdownPart(markdown: string, opts?: PartOptions & { escapeHtml?: boolean }): SinglePart {
  return inlinePart(ContentTypes.markdown, opts?.escapeHtml === false ? markdown : escapeMarkdownHtml(markdown), opts);
}

export function htmlPart(html: string, opts?: PartOptions): SinglePart {
  return inlinePart(ContentTypes.html, html, opts);
}

/**
 * GFM "HTML tag" openers (GFM §6.10): open and closing tags, comments, processing instructions,
 * declarations and CDATA. `<mimi://…>` is not one (a `:` cannot follow a tag name), so URI
 * autolinks such as the draft's bare mention form survive.
 */
const HTML_TAG_START = /<(?=[A-Za-z][A-Za-z0-9-]*(?:\s|\/?>)|\/[A-Za-z][A-Za-z0-9-]*\s*>|!--|\?|![A-Za-z]|!\[CDATA\[)/g;

export function escapeMarkdownHtml(markdown: string): string {
  return markdown.replace(HTML_TAG_START, '&lt;');
}

export interface ExternalPartOptions extends PartOptions {
  url: string;
  /** Media type of the referenced content; "" when it is a service URL (the conferencing example). */
  contentType?: string;
  /** Seconds since the epoch after which the URL is invalid; 0 (default) = never. */
  expires?: number;
  /** Octets at the URL; 0 (default) = not given. */
  size?: number | bigint;
  /** IANA AEAD ID; 0 (default) = not encrypted, and then key/nonce/aad must be empty (§4.5). */
  encAlg?: number;
  key?: Uint8Array;
  nonce?: Uint8Array;
  aad?: Uint8Array;
  /** IANA named-information hash ID of `contentHash`; 0 (default) = no hash. */
  hashAlg?: number;
  contentHash?: Uint8Array;
  description?: string;
  filename?: string;
}

/** A reference to content stored elsewhere (§4.5); default disposition `attachment`. */
export function externalPart(opts: ExternalPartOptions): ExternalPart {
  const empty = new Uint8Array(0);
  return {
    ...head(opts, 'attachment'),
    cardinality: Cardinality.external,
    contentType: opts.contentType ?? '',
    url: opts.url,
    expires: opts.expires ?? 0,
    size: BigInt(opts.size ?? 0),
    encAlg: opts.encAlg ?? 0,
    key: opts.key ?? empty,
    nonce: opts.nonce ?? empty,
    aad: opts.aad ?? empty,
    hashAlg: opts.hashAlg ?? 0,
    contentHash: opts.contentHash ?? empty,
    description: opts.description ?? '',
    filename: opts.filename ?? '',
  };
}

/** A MultiPart; the draft requires at least two nested parts (`[2* NestedPart]`). */
export function multiPart(semantics: PartSemanticsName | number, parts: readonly NestedPart[], opts?: PartOptions): MultiPart {
  if (parts.length < 2) throw new RangeError(`a MultiPart needs at least 2 parts, got ${parts.length}`);
  return {
    ...head(opts),
    cardinality: Cardinality.multi,
    partSemantics: typeof semantics === 'number' ? semantics : PartSemantics[semantics],
    parts: [...parts],
  };
}

/** Alternatives: the receiver renders exactly one (like multipart/alternative, order is only a hint). */
export function chooseOne(parts: readonly NestedPart[], opts?: PartOptions): MultiPart {
  return multiPart('chooseOne', parts, opts);
}

/** One entity (like multipart/related): if any part is not understood, none should be processed. */
export function singleUnit(parts: readonly NestedPart[], opts?: PartOptions): MultiPart {
  return multiPart('singleUnit', parts, opts);
}

/** Independent parts (like multipart/mixed): process as many as possible. */
export function processAll(parts: readonly NestedPart[], opts?: PartOptions): MultiPart {
  return multiPart('processAll', parts, opts);
}
