/**
 * Bytes from outside (a peer's MLSMessage, a Welcome, a ratchet tree) are screened by the strict,
 * memory-bounded generated codec before ts-mls decodes them (src/mls/convert.ts screenInput):
 * ts-mls would build every tiny element the input describes.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { DecodeError } from '@mimikit/tls';
import {
  cipherSuite,
  commit,
  createGroup,
  generateKeyPackage,
  join,
  MlsError,
  process,
  unsafeAcceptAnyCredential,
  type CipherSuite,
  type KeyPackageBundle,
  type MlsGroup,
} from '../src/mls/index.ts';

const te = new TextEncoder();

/** A 4-byte RFC 9420 varint. */
function varint4(n: number): Uint8Array {
  return Uint8Array.of(0x80 | (n >>> 24), (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff);
}

/**
 * MLSMessage(mls_key_package) whose leaf credential is x509 with `n` empty certificates: 1 input
 * byte and ~160 heap bytes per certificate when decoded without a budget. Nothing after the
 * certificates is needed: the screen stops inside them.
 */
function keyPackageOfEmptyCertificates(n: number): Uint8Array {
  const head = Uint8Array.of(0x00, 0x01, 0x00, 0x05, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x02);
  const out = new Uint8Array(head.length + 4 + n);
  out.set(head);
  out.set(varint4(n), head.length);
  return out;
}

function expectScreened(e: unknown, what: RegExp): void {
  expect(e).toBeInstanceOf(MlsError);
  expect((e as MlsError).code).toBe('bad-input');
  expect((e as MlsError).message).toMatch(what);
  const cause = (e as MlsError).cause;
  expect(cause).toBeInstanceOf(DecodeError);
  expect((cause as DecodeError).kind).toBe('allocation-limit');
}

describe('hostile bytes are screened by the generated codec before ts-mls reads them', () => {
  let suite: CipherSuite;
  let alice: KeyPackageBundle;
  let bob: KeyPackageBundle;
  let group: MlsGroup;
  beforeAll(async () => {
    suite = await cipherSuite('MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519');
    alice = await generateKeyPackage({ cipherSuite: suite, identity: te.encode('alice') });
    bob = await generateKeyPackage({ cipherSuite: suite, identity: te.encode('bob') });
    group = await createGroup({ cipherSuite: suite, groupId: te.encode('room'), keyPackage: alice, authService: unsafeAcceptAnyCredential });
  });

  it('a message of 1 MiB of empty certificates is refused by the allocation budget, not decoded', async () => {
    const e = await process(group, keyPackageOfEmptyCertificates(1 << 20)).catch((x: unknown) => x);
    expectScreened(e, /not an MLSMessage: allocation-limit/);
  });

  it('a Welcome and a ratchet tree are screened the same way', async () => {
    const asWelcome = await join({ welcome: keyPackageOfEmptyCertificates(1 << 20), keyPackage: bob, authService: unsafeAcceptAnyCredential }).catch(
      (x: unknown) => x,
    );
    expectScreened(asWelcome, /not an MLSMessage/);

    // A real Welcome with a hostile ratchet tree: optional<Node> ratchet_tree<V> holding one leaf
    // (present, node_type leaf, empty keys) whose x509 credential has 1 MiB of empty certificates.
    const { welcome } = await commit(group, { proposals: [{ type: 'add', keyPackage: bob.keyPackage }] });
    const n = 1 << 20;
    const node = new Uint8Array(6 + 4 + n);
    node.set([0x01, 0x01, 0x00, 0x00, 0x00, 0x02]);
    node.set(varint4(n), 6);
    const tree = new Uint8Array(4 + node.length);
    tree.set(varint4(node.length));
    tree.set(node, 4);
    const e = await join({ welcome: welcome!, keyPackage: bob, ratchetTree: tree, authService: unsafeAcceptAnyCredential }).catch((x: unknown) => x);
    expectScreened(e, /not a ratchet tree: allocation-limit/);
  });
});
