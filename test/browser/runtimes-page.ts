/**
 * The program test/browser/runtimes.test.ts bundles with esbuild (platform 'browser') and runs in
 * headless Chromium: the runtimes as a browser application gets them. It decodes and re-encodes
 * the RFC 9420 vectors and the draft's content examples, computes message IDs and renders a codec
 * error, and returns what it saw; the Node side compares that with the expected numbers and with
 * what the same code computes in Node. Nothing here may import a Node built-in.
 */
import { bytesEqual, CodecError, fromHex, toHex } from '@mimikit/bytes';
import type { ContentCodec } from '@mimikit/cbor';
import { AttachmentError, computeMessageId, encryptAttachment, readContent } from '@mimikit/content';
import { codecs as contentCodecs } from '@mimikit/mimi-content';
import { codecs as protocolCodecs } from '@mimikit/mimi-protocol';
import { codecs as mlsCodecs } from '@mimikit/mls';
import { DecodeError, type Codec } from '@mimikit/tls';

/** What Node sends: messages.json entries, each field name → the TLS-PL type it encodes, and the content examples. */
export interface PageInput {
  messages: Array<Record<string, string>>;
  messageKinds: Record<string, string>;
  examples: Array<{ name: string; rule: string; hex: string }>;
}

export interface PageResult {
  /** RFC 9420 values that decoded and re-encoded to exactly their input bytes. */
  mlsRoundTrips: number;
  /** Content examples that decoded and re-encoded byte-exactly. */
  contentRoundTrips: number;
  /** Message IDs of the mimiContent examples (name → hex), for comparison with Node's. */
  messageIds: Record<string, string>;
  /** Examples @mimikit/content could read (readContent). */
  contentReads: number;
  /** How many codecs the mimi-protocol package has (it loads in a browser). */
  protocolCodecs: number;
  /** A truncated MLSMessage's error as JSON, and whether it is a CodecError. */
  truncatedError: { json: unknown; isCodecError: boolean } | null;
  /** What encryptAttachment does here: `unsupported-platform` (no node:crypto in a browser). */
  attachmentErrorKind: string | null;
  failures: string[];
}

function run(input: PageInput): PageResult {
  const failures: string[] = [];
  let mlsRoundTrips = 0;
  for (const [i, entry] of input.messages.entries()) {
    for (const [field, type] of Object.entries(input.messageKinds)) {
      const codec = (mlsCodecs as Record<string, Codec<unknown>>)[type];
      const hex = entry[field];
      if (codec === undefined || hex === undefined) {
        failures.push(`entry ${i} ${field}: no codec ${type} or no value`);
        continue;
      }
      try {
        const bytes = fromHex(hex);
        if (bytesEqual(codec.encode(codec.decode(bytes)), bytes)) mlsRoundTrips++;
        else failures.push(`entry ${i} ${field}: re-encoding differs`);
      } catch (err) {
        failures.push(`entry ${i} ${field}: ${String(err)}`);
      }
    }
  }

  let contentRoundTrips = 0;
  let contentReads = 0;
  const messageIds: Record<string, string> = {};
  for (const ex of input.examples) {
    const codec = (contentCodecs as Record<string, ContentCodec<unknown>>)[ex.rule];
    if (codec === undefined) {
      failures.push(`${ex.name}: no content codec ${ex.rule}`);
      continue;
    }
    try {
      const bytes = fromHex(ex.hex);
      const value = codec.decode(bytes);
      if (toHex(codec.encode(value)) === ex.hex) contentRoundTrips++;
      else failures.push(`${ex.name}: re-encoding differs`);
      if (ex.rule === 'mimiContent') {
        messageIds[ex.name] = toHex(computeMessageId({ content: bytes }));
        readContent(contentCodecs.mimiContent.decode(bytes));
        contentReads++;
      }
    } catch (err) {
      failures.push(`${ex.name}: ${String(err)}`);
    }
  }

  let truncatedError: PageResult['truncatedError'] = null;
  const first = input.messages[0]?.mls_welcome;
  if (first !== undefined) {
    try {
      mlsCodecs.MLSMessage.decode(fromHex(first).subarray(0, 40));
      failures.push('a truncated MLSMessage decoded');
    } catch (err) {
      if (err instanceof DecodeError) truncatedError = { json: err.toJSON(), isCodecError: err instanceof CodecError };
      else failures.push(`truncated MLSMessage: not a DecodeError: ${String(err)}`);
    }
  }

  let attachmentErrorKind: string | null = null;
  try {
    encryptAttachment(new Uint8Array(8), { url: 'https://example.com/f', contentType: 'application/octet-stream' });
  } catch (err) {
    attachmentErrorKind = err instanceof AttachmentError ? err.kind : `not an AttachmentError: ${String(err)}`;
  }

  return {
    mlsRoundTrips,
    contentRoundTrips,
    messageIds,
    contentReads,
    protocolCodecs: Object.keys(protocolCodecs).length,
    truncatedError,
    attachmentErrorKind,
    failures,
  };
}

(globalThis as { mimikitRuntimes?: typeof run }).mimikitRuntimes = run;
