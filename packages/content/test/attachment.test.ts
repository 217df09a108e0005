/** Attachment encryption (§4.5): round trips per AEAD, and typed failures for every tampering. */
import { describe, expect, it } from 'vitest';
import { createHash, randomBytes } from 'node:crypto';
import { MimiContentCodec } from '@mimikit/mimi-content';
import {
  AeadAlg,
  attachment,
  AttachmentError,
  decryptAttachment,
  encryptAttachment,
  externalPart,
  message,
  NamedHashAlg,
  readContent,
  type ExternalPart,
} from '../src/api.ts';
import { toHex as hex } from '@mimikit/bytes';
import { exampleContent } from './examples.ts';

const file = new Uint8Array(randomBytes(12 * 1024 + 3));
const base = { url: 'https://example.com/storage/abc', contentType: 'application/pdf', filename: 'report.pdf', description: 'Q3 report' };

function expectError(f: () => unknown, kind: string): void {
  let caught: unknown;
  try {
    f();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(AttachmentError);
  expect((caught as AttachmentError).kind).toBe(kind);
}

describe('encryptAttachment / decryptAttachment', () => {
  it.each([
    ['AES-128-GCM', AeadAlg.aes128gcm, 16],
    ['AES-256-GCM', AeadAlg.aes256gcm, 32],
    ['ChaCha20-Poly1305', AeadAlg.chacha20poly1305, 32],
  ])('%s round trip', (_name, encAlg, keyLength) => {
    const { ciphertext, part } = encryptAttachment(file, { ...base, encAlg });
    expect(part).toMatchObject({ cardinality: 2, disposition: 6, encAlg, hashAlg: 1, filename: 'report.pdf', contentType: 'application/pdf' });
    expect(part.key.length).toBe(keyLength);
    expect(part.nonce.length).toBe(12);
    expect(part.aad.length).toBe(0);
    expect(ciphertext.length).toBe(file.length + 16);
    expect(part.size).toBe(BigInt(ciphertext.length));
    expect(hex(part.contentHash)).toBe(createHash('sha256').update(ciphertext).digest('hex'));
    expect(hex(decryptAttachment(part, ciphertext))).toBe(hex(file));
    // The part survives the wire.
    const sent = MimiContentCodec.decode(MimiContentCodec.encode(message(part))).nestedPart as ExternalPart;
    expect(hex(decryptAttachment(sent, ciphertext))).toBe(hex(file));
  });

  it('is reproducible with an injected key and nonce, and honours aad and hashAlg', () => {
    const opts = { ...base, key: new Uint8Array(16).fill(1), nonce: new Uint8Array(12).fill(2), aad: new Uint8Array([9]), hashAlg: NamedHashAlg.sha512 };
    const a = encryptAttachment(file, opts);
    const b = encryptAttachment(file, opts);
    expect(hex(a.ciphertext)).toBe(hex(b.ciphertext));
    expect(a.part.contentHash.length).toBe(64);
    expect(hex(decryptAttachment(a.part, a.ciphertext))).toBe(hex(file));
  });

  it('the example attachment part (AES-128-GCM, SHA-256) is accepted as parameters', () => {
    const part = exampleContent('attachment').nestedPart as ExternalPart;
    // No ciphertext is published with the draft; a wrong-length download is caught by size first.
    expectError(() => decryptAttachment(part, new Uint8Array(100)), 'size-mismatch');
  });

  it('tampered ciphertext: hash-mismatch', () => {
    const { ciphertext, part } = encryptAttachment(file, base);
    const bad = ciphertext.slice();
    bad[10]! ^= 1;
    expectError(() => decryptAttachment(part, bad), 'hash-mismatch');
  });

  it('tampered ciphertext without a content hash: authentication-failed', () => {
    const { ciphertext, part } = encryptAttachment(file, base);
    const noHash: ExternalPart = { ...part, hashAlg: 0, contentHash: new Uint8Array(0) };
    const bad = ciphertext.slice();
    bad[bad.length - 1]! ^= 0x80;
    expectError(() => decryptAttachment(noHash, bad), 'authentication-failed');
  });

  it('wrong key, nonce or aad: authentication-failed', () => {
    const { ciphertext, part } = encryptAttachment(file, base);
    const flip = (b: Uint8Array): Uint8Array => b.map((x, i) => (i === 0 ? x ^ 1 : x));
    expectError(() => decryptAttachment({ ...part, key: flip(part.key) }, ciphertext), 'authentication-failed');
    expectError(() => decryptAttachment({ ...part, nonce: flip(part.nonce) }, ciphertext), 'authentication-failed');
    expectError(() => decryptAttachment({ ...part, aad: new Uint8Array([1]) }, ciphertext), 'authentication-failed');
  });

  it('truncated download: size-mismatch; unknown algorithms and bad key sizes are typed too', () => {
    const { ciphertext, part } = encryptAttachment(file, base);
    expectError(() => decryptAttachment(part, ciphertext.subarray(1)), 'size-mismatch');
    expectError(() => decryptAttachment({ ...part, encAlg: 3 }, ciphertext), 'unsupported-algorithm');
    expectError(() => decryptAttachment({ ...part, hashAlg: 99 }, ciphertext), 'unsupported-algorithm');
    expectError(() => decryptAttachment({ ...part, key: new Uint8Array(5) }, ciphertext), 'bad-parameters');
    expectError(() => encryptAttachment(file, { ...base, encAlg: 1, key: new Uint8Array(32) }), 'bad-parameters');
    expectError(() => encryptAttachment(file, { ...base, encAlg: 4 }), 'unsupported-algorithm');
  });

  it('an unencrypted external part is hash-checked and returned as is', () => {
    const body = new TextEncoder().encode('public');
    const part = externalPart({ url: 'https://x/p', hashAlg: 1, contentHash: new Uint8Array(createHash('sha256').update(body).digest()), size: body.length });
    expect(decryptAttachment(part, body)).toBe(body);
    expectError(() => decryptAttachment(part, new TextEncoder().encode('PUBLIC')), 'hash-mismatch');
  });

  it('readers see the attachment', () => {
    const { part } = encryptAttachment(file, base);
    const v = readContent(attachment(part));
    expect(v.kind).toBe('attachment');
    expect(v.attachments).toHaveLength(1);
    expect(v.attachments[0]).toMatchObject({ filename: 'report.pdf', encrypted: true, url: base.url });
  });
});
