/**
 * One negative test per rejection rule of the strict decoders, run through the GENERATED codecs on
 * real inputs (the RFC 9420 interop vectors, patched at offsets computed from their structure) or on
 * small hand-built inputs. Each test checks the error kind, the exact byte offset and the type path.
 *
 * Offsets, as the decoders report them: the first byte of a bad varint / vector length / presence
 * octet / enum value / fixed-value field / padding byte / trailing byte / nested struct; for
 * `unknown-select-case` the position right after the discriminator that was read (where the
 * violation is detected); 0 for `size-limit`.
 *
 * Not reachable through the built-in specs (no `<min..max>` vector, no element type that can be
 * empty): `length-out-of-range`, `zero-size-element`.
 */
import { describe, expect, it } from 'vitest';
import { codecs as mimi } from '@mimikit/mimi-protocol';
import { codecs } from '@mimikit/mls';
import { concatBytes, toHex } from '@mimikit/bytes';
import { DecodeError, Reader, type Codec, type DecodeErrorKind, type DecodeOptions } from '@mimikit/tls';
import { bytes, loadMessages } from '../support/mls-vectors.ts';

const v0 = loadMessages()[0]!;

function rejects<T>(
  codec: Codec<T>,
  input: Uint8Array,
  options: DecodeOptions | undefined,
  kind: DecodeErrorKind,
  offset: number,
  typePath: string,
): DecodeError {
  let err: unknown;
  try {
    codec.decode(input, options);
  } catch (e) {
    err = e;
  }
  if (err === undefined) throw new Error(`${codec.name} accepted ${toHex(input)}`);
  expect(err).toBeInstanceOf(DecodeError);
  const e = err as DecodeError;
  expect({ kind: e.kind, offset: e.offset, typePath: e.typePath }, e.message).toEqual({ kind, offset, typePath });
  return e;
}

/** Where the `<V>` vector starting at `at` ends (its length prefix and content skipped). */
function skipVector(b: Uint8Array, at: number): number {
  const r = new Reader(b);
  r.p = at;
  return r.vectorEnd();
}

function patched(b: Uint8Array, at: number, ...values: number[]): Uint8Array {
  const c = Uint8Array.from(b);
  c.set(values, at);
  return c;
}

// MLSMessage = version(2) wire_format(2) body.
const MLS_BODY = 4;
// A KeyPackage starts with version(2) cipher_suite(2), then init_key<V>.
const keyPackage = bytes(v0.mls_key_package);
const INIT_KEY = MLS_BODY + 4;
// PublicMessage → FramedContent: group_id<V> epoch(8) sender.
const publicApp = bytes(v0.public_message_application);
const SENDER = skipVector(publicApp, MLS_BODY) + 8;

describe('strict decoding through the generated codecs', () => {
  it('the unpatched inputs decode (sanity)', () => {
    expect(() => codecs.MLSMessage.decode(keyPackage)).not.toThrow();
    expect(() => codecs.MLSMessage.decode(publicApp)).not.toThrow();
    expect(publicApp[SENDER]).toBe(1); // member
    expect(keyPackage[INIT_KEY]! < 0x40).toBe(true); // one-byte length
  });

  it('varint prefix 0b11 in a vector length', () => {
    rejects(codecs.MLSMessage, patched(keyPackage, INIT_KEY, 0xc0), undefined, 'varint-reserved-prefix', INIT_KEY, 'MLSMessage.key_package.init_key');
    rejects(codecs.GroupSecrets, bytes('ff'), undefined, 'varint-reserved-prefix', 0, 'GroupSecrets.joiner_secret');
  });

  it('non-minimal varint in a vector length', () => {
    // The same length written in two bytes: 0x40 | 0, n.
    const n = keyPackage[INIT_KEY]!;
    const input = concatBytes([keyPackage.subarray(0, INIT_KEY), Uint8Array.of(0x40, n), keyPackage.subarray(INIT_KEY + 1)]);
    rejects(codecs.MLSMessage, input, undefined, 'varint-non-minimal', INIT_KEY, 'MLSMessage.key_package.init_key');
    // 0x80000005: 5 in four bytes.
    rejects(codecs.KeyPackage, bytes('0001000180000005'), undefined, 'varint-non-minimal', 4, 'KeyPackage.init_key');
  });

  it('vector length above the remaining input', () => {
    const n = keyPackage[INIT_KEY]!;
    const cut = keyPackage.subarray(0, INIT_KEY + 1 + n - 1); // one content byte short
    rejects(codecs.MLSMessage, cut, undefined, 'truncated', INIT_KEY, 'MLSMessage.key_package.init_key');
  });

  it('optional presence octet 2 (GroupSecrets.path_secret)', () => {
    const gs = bytes(v0.group_secrets);
    const pathSecret = skipVector(gs, 0); // after joiner_secret<V>
    expect(gs[pathSecret]! <= 1).toBe(true);
    rejects(codecs.GroupSecrets, patched(gs, pathSecret, 2), undefined, 'invalid-optional', pathSecret, 'GroupSecrets.path_secret');
  });

  it('unknown value of a closed enum', () => {
    rejects(codecs.MLSMessage, patched(publicApp, SENDER, 9), undefined, 'unknown-enum-value', SENDER, 'MLSMessage.public_message.content.sender.sender_type');
    // content_type follows sender (member: type + leaf_index) and authenticated_data<V>.
    const contentType = skipVector(publicApp, SENDER + 5);
    expect(publicApp[contentType]).toBe(1); // application
    rejects(
      codecs.MLSMessage,
      patched(publicApp, contentType, 9),
      undefined,
      'unknown-enum-value',
      contentType,
      'MLSMessage.public_message.content.content_type',
    );
    rejects(codecs.ContentType, bytes('09'), undefined, 'unknown-enum-value', 0, 'ContentType');
    // A 2-byte closed enum: reported at its first byte.
    rejects(codecs.MLSMessage, patched(publicApp, 0, 0x00, 0x07), undefined, 'unknown-enum-value', 0, 'MLSMessage.version');
  });

  it('unknown select case', () => {
    // A listed value without an arm (SenderType reserved), detected after the discriminator.
    rejects(
      codecs.MLSMessage,
      patched(publicApp, SENDER, 0),
      undefined,
      'unknown-select-case',
      SENDER + 1,
      'MLSMessage.public_message.content.sender.sender_type',
    );
    // An open enum's unlisted value (WireFormat 6) that no arm takes.
    rejects(codecs.MLSMessage, patched(publicApp, 2, 0x00, 0x06), undefined, 'unknown-select-case', 4, 'MLSMessage.wire_format');
    // A context value without an arm.
    rejects(mimi.UpdateRequest, new Uint8Array(0), { context: { 'room.protocol': 'reserved' } }, 'unknown-select-case', 0, 'UpdateRequest');
    // A nested-path discriminator that the value does not have (a welcome, not a public message).
    const welcome = bytes(v0.mls_welcome);
    rejects(mimi.HandshakeBundle, welcome, undefined, 'unknown-select-case', welcome.length, 'HandshakeBundle.proposalOrCommit');
  });

  it('version ≠ mls10 in an MLSMessage (fixed-value-mismatch)', () => {
    // 0x0000 is ProtocolVersion.reserved: a valid enum value, not the fixed one.
    rejects(codecs.MLSMessage, patched(publicApp, 0, 0x00, 0x00), undefined, 'fixed-value-mismatch', 0, 'MLSMessage.version');
  });

  it('trailing bytes after a complete value', () => {
    const welcome = bytes(v0.mls_welcome);
    rejects(codecs.MLSMessage, concatBytes([welcome, Uint8Array.of(0)]), undefined, 'trailing-bytes', welcome.length, 'MLSMessage');
    rejects(codecs.Sender, bytes('0100000005ff'), undefined, 'trailing-bytes', 5, 'Sender');
  });

  it('vector elements that overrun the vector (vector-overrun)', () => {
    // ParentNode: encryption_key<V> = 00, parent_hash<V> = 00, unmerged_leaves<V> of 3 bytes holding a uint32.
    rejects(codecs.ParentNode, bytes('0000030000000000'), undefined, 'vector-overrun', 7, 'ParentNode.unmerged_leaves');
  });

  it('depth limit', () => {
    // MLSMessage (1) → PublicMessage (2) → FramedContent (3) → Sender (4).
    expect(() => codecs.MLSMessage.decode(publicApp, { limits: { maxDepth: 4 } })).not.toThrow();
    rejects(codecs.MLSMessage, publicApp, { limits: { maxDepth: 3 } }, 'depth-limit', SENDER, 'MLSMessage.public_message.content.sender');
  });

  it('size limit', () => {
    rejects(codecs.MLSMessage, publicApp, { limits: { maxInputBytes: 10 } }, 'size-limit', 0, 'MLSMessage');
    expect(codecs.Sender.decode(bytes('0100000005'), { limits: { maxInputBytes: 5 } })).toEqual({ sender_type: 'member', leaf_index: 5 });
    rejects(codecs.Sender, bytes('0100000005'), { limits: { maxInputBytes: 4 } }, 'size-limit', 0, 'Sender');
  });

  const context = { 'PrivateMessage.content_type': 'application', 'FramedContent.content_type': 'application' };
  // application_data<V> = 0102, auth.signature<V> = 03, 4 bytes of padding.
  const content = codecs.PrivateMessageContent.encode({ application_data: Uint8Array.of(1, 2), auth: { signature: Uint8Array.of(3) }, padding: 4 }, context);
  const PADDING = 3 + 2;

  it('nonzero padding (PrivateMessageContent)', () => {
    expect(toHex(content)).toBe('020102' + '0103' + '00000000');
    expect(codecs.PrivateMessageContent.decode(content, { context })).toMatchObject({ padding: 4 });
    rejects(codecs.PrivateMessageContent, patched(content, PADDING + 2, 0x80), { context }, 'nonzero-padding', PADDING + 2, 'PrivateMessageContent.padding');
  });

  it('missing context value', () => {
    rejects(codecs.PrivateMessageContent, content, undefined, 'missing-context', 0, 'PrivateMessageContent');
    rejects(codecs.PrivateMessageContent, content, { context: { 'FramedContent.content_type': 'application' } }, 'missing-context', 0, 'PrivateMessageContent');
  });

  // The type path of a select failure names the field read last before the select, not the
  // select's discriminator: see the report. Expected: the discriminator field for an own select,
  // the struct itself for a context select (as PrivateMessageContent above already gets).
  describe('type path of select failures', () => {
    it('GroupInfoResponse: nested select on `version` fails under `status`', () => {
      // version = reserved(00), room_id<V> = 00, status = success(01): the success arm selects on version.
      rejects(mimi.GroupInfoResponse, bytes('000001'), undefined, 'unknown-select-case', 3, 'GroupInfoResponse.version');
    });

    it('ClientKeyMaterial: context select on `protocol` fails under `clientUri`', () => {
      // clientStatus = success(00), clientUri = IdentifierUri { uri<V> = 00 }.
      rejects(mimi.ClientKeyMaterial, bytes('0000'), { context: { protocol: 'reserved' } }, 'unknown-select-case', 2, 'ClientKeyMaterial');
    });

    it('FramedContentAuthData: missing context fails under `signature`', () => {
      rejects(codecs.FramedContentAuthData, bytes('00'), {}, 'missing-context', 1, 'FramedContentAuthData');
      rejects(
        codecs.PrivateMessageContent,
        content,
        { context: { 'PrivateMessage.content_type': 'application' } },
        'missing-context',
        5,
        'PrivateMessageContent.auth',
      );
    });
  });
});
