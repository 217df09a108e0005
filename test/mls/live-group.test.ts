/**
 * A live ts-mls 1.6.4 group (MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519) produces fresh wire
 * messages — KeyPackages, a 3-member Add commit with the ratchet_tree extension, its Welcome, an
 * empty update-path commit, a Remove, GroupInfo, application messages both ways — and every one must
 * decode with the generated @mimikit/mls codecs and re-encode byte-exactly. ts-mls then decodes our
 * re-encoding, and the group is driven on from those bytes (joins, commits and application messages
 * are processed from what our codecs wrote), so the bytes we emit are the ones ts-mls acts on.
 */
import { describe, expect, it } from 'vitest';
import { codecs, type MLSMessage } from '@mimikit/mls';
import { toHex } from '@mimikit/bytes';
import {
  acceptAll,
  createApplicationMessage,
  createCommit,
  createGroup,
  createGroupInfoWithExternalPubAndRatchetTree,
  decodeMlsMessage,
  defaultCapabilities,
  defaultLifetime,
  emptyPskIndex,
  encodeMlsMessage,
  generateKeyPackage,
  getCiphersuiteFromName,
  getCiphersuiteImpl,
  joinGroup,
  processPrivateMessage,
  processPublicMessage,
  type CiphersuiteImpl,
  type ClientState,
  type KeyPackage,
  type MLSMessage as TsMlsMessage,
  type PrivateKeyPackage,
  type PrivateMessage,
  type PublicMessage,
  type Welcome,
} from 'ts-mls';
import { decodeRatchetTree, encodeRatchetTree } from 'ts-mls/ratchetTree.js';

const SUITE = 'MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519';
const te = new TextEncoder();
const td = new TextDecoder();

interface Checked {
  /** ts-mls's encoding of the message. */
  bytes: Uint8Array;
  /** Our decoding of those bytes. */
  ours: MLSMessage;
  /** ts-mls's decoding of OUR re-encoding. */
  theirs: TsMlsMessage;
}

const seen: Array<{ label: string; wire_format: string; size: number }> = [];

/** ts-mls bytes → ours decode → ours encode (== bytes) → ts-mls decode (whole input) → ts-mls encode (== bytes). */
function check(label: string, message: TsMlsMessage): Checked {
  const bytes = encodeMlsMessage(message);
  const ours = codecs.MLSMessage.decode(bytes);
  const again = codecs.MLSMessage.encode(ours);
  expect(toHex(again), `${label}: our re-encoding`).toBe(toHex(bytes));
  expect(codecs.MLSMessage.encodedSize(ours)).toBe(bytes.length);
  const decoded = decodeMlsMessage(again, 0);
  expect(decoded, `${label}: ts-mls decodes our re-encoding`).toBeDefined();
  const [theirs, read] = decoded!;
  expect(read).toBe(again.length);
  expect(toHex(encodeMlsMessage(theirs)), `${label}: ts-mls re-encoding of our bytes`).toBe(toHex(bytes));
  seen.push({ label, wire_format: String(ours.wire_format), size: bytes.length });
  return { bytes, ours, theirs };
}

function asPublic(m: TsMlsMessage): PublicMessage {
  if (m.wireformat !== 'mls_public_message') throw new Error(`expected a public message, got ${m.wireformat}`);
  return m.publicMessage;
}
function asPrivate(m: TsMlsMessage): PrivateMessage {
  if (m.wireformat !== 'mls_private_message') throw new Error(`expected a private message, got ${m.wireformat}`);
  return m.privateMessage;
}
function asWelcome(m: TsMlsMessage): Welcome {
  if (m.wireformat !== 'mls_welcome') throw new Error(`expected a welcome, got ${m.wireformat}`);
  return m.welcome;
}

async function processPrivate(state: ClientState, pm: PrivateMessage, cs: CiphersuiteImpl) {
  return processPrivateMessage(state, pm, emptyPskIndex, cs, acceptAll);
}

describe('live ts-mls group: every message round-trips through the generated codecs', () => {
  let cs: CiphersuiteImpl;
  const kps = new Map<string, { publicPackage: KeyPackage; privatePackage: PrivateKeyPackage }>();
  const st = new Map<string, ClientState>();
  const state = (name: string): ClientState => {
    const s = st.get(name);
    if (!s) throw new Error(`no state for ${name}`);
    return s;
  };
  const leafOf = (name: string) => state(name).privatePath.leafIndex;

  it('KeyPackages (as MLSMessage) round-trip', async () => {
    cs = await getCiphersuiteImpl(getCiphersuiteFromName(SUITE));
    for (const name of ['alice', 'bob', 'carol', 'dave', 'erin']) {
      const kp = await generateKeyPackage({ credentialType: 'basic', identity: te.encode(name) }, defaultCapabilities(), defaultLifetime, [], cs);
      kps.set(name, kp);
      const { ours } = check(`key package ${name}`, { version: 'mls10', wireformat: 'mls_key_package', keyPackage: kp.publicPackage });
      if (ours.wire_format !== 'mls_key_package') throw new Error('unreachable');
      expect(ours.key_package.cipher_suite).toBe(SUITE);
      expect(toHex(ours.key_package.init_key)).toBe(toHex(kp.publicPackage.initKey));
      const cred = ours.key_package.leaf_node.credential;
      expect(cred.credential_type === 'basic' && td.decode(cred.identity)).toBe(name);
    }
  });

  it('one commit adds 3 members (public message, ratchet_tree extension); they join from our Welcome bytes', async () => {
    st.set('alice', await createGroup(te.encode('mimikit-live-room'), kps.get('alice')!.publicPackage, kps.get('alice')!.privatePackage, [], cs));
    const joiners = ['bob', 'carol', 'dave'];
    const r = await createCommit(
      { state: state('alice'), cipherSuite: cs },
      {
        extraProposals: joiners.map((n) => ({ proposalType: 'add' as const, add: { keyPackage: kps.get(n)!.publicPackage } })),
        ratchetTreeExtension: true,
        wireAsPublicMessage: true,
      },
    );
    const commit = check('add commit', r.commit);
    if (commit.ours.wire_format !== 'mls_public_message') throw new Error('expected a public commit');
    const content = commit.ours.public_message.content;
    expect(content.epoch).toBe(state('alice').groupContext.epoch);
    expect(toHex(content.group_id)).toBe(toHex(state('alice').groupContext.groupId));
    expect(content.sender).toEqual({ sender_type: 'member', leaf_index: leafOf('alice') });
    if (content.content_type !== 'commit') throw new Error('expected commit content');
    expect(content.commit.proposals.map((p) => (p.type === 'proposal' ? p.proposal.proposal_type : 'reference'))).toEqual(['add', 'add', 'add']);
    // An Add-only commit needs no update path (RFC 9420 §12.4); ts-mls omits it. Agree with its view.
    const theirCommit = asPublic(commit.theirs).content;
    expect(content.commit.path === null).toBe(theirCommit.contentType === 'commit' && theirCommit.commit.path === undefined);
    st.set('alice', r.newState);

    expect(r.welcome).toBeDefined();
    const welcome = check('welcome', { version: 'mls10', wireformat: 'mls_welcome', welcome: r.welcome! });
    if (welcome.ours.wire_format !== 'mls_welcome') throw new Error('unreachable');
    expect(welcome.ours.welcome.secrets).toHaveLength(3);
    expect(welcome.ours.welcome.cipher_suite).toBe(SUITE);
    for (const n of joiners) {
      st.set(n, await joinGroup(asWelcome(welcome.theirs), kps.get(n)!.publicPackage, kps.get(n)!.privatePackage, emptyPskIndex, cs));
    }
    for (const n of ['alice', ...joiners]) expect(state(n).groupContext.epoch).toBe(1n);
    expect(joiners.map(leafOf)).toEqual([1, 2, 3]);

    // The ratchet tree itself (what the extension carries) through our ratchet_tree codec.
    const tree = encodeRatchetTree(state('alice').ratchetTree);
    const ourTree = codecs.ratchet_tree.decode(tree);
    expect(toHex(codecs.ratchet_tree.encode(ourTree))).toBe(toHex(tree));
    expect(ourTree.filter((n) => n?.node_type === 'leaf')).toHaveLength(4);
    expect(decodeRatchetTree(codecs.ratchet_tree.encode(ourTree), 0)?.[0].length).toBe(state('alice').ratchetTree.length);
  });

  it('GroupInfo with external_pub and ratchet_tree extensions round-trips', async () => {
    const gi = await createGroupInfoWithExternalPubAndRatchetTree(state('alice'), [], cs);
    const { ours } = check('group info', { version: 'mls10', wireformat: 'mls_group_info', groupInfo: gi });
    if (ours.wire_format !== 'mls_group_info') throw new Error('unreachable');
    expect(ours.group_info.group_context.epoch).toBe(1n);
    expect(ours.group_info.signer).toBe(leafOf('alice'));
    expect(ours.group_info.extensions.map((e) => e.extension_type).sort()).toEqual(['external_pub', 'ratchet_tree'].sort());
    const ext = (t: string) => ours.group_info.extensions.find((e) => e.extension_type === t)!.extension_data;
    // The ratchet_tree extension's data is a well-formed ratchet_tree for our codec (alice, 3 joiners).
    expect(codecs.ratchet_tree.decode(ext('ratchet_tree')).filter((n) => n?.node_type === 'leaf')).toHaveLength(4);
    // Published ts-mls 1.6.4 writes external_pub as the raw 32-byte X25519 key (fixed in 2.0, PR #449);
    // the project's patch (docs/mls.md, "Patched ts-mls") writes RFC 9420's
    // `ExternalPub { HPKEPublicKey external_pub<V>; }`, which our strict codec reads back exactly.
    const data = ext('external_pub');
    expect(data).toHaveLength(33);
    const key = codecs.ExternalPub.decode(data).external_pub;
    expect(key).toHaveLength(32);
    expect(toHex(codecs.ExternalPub.encode({ external_pub: key }))).toBe(toHex(data));
  });

  it('an empty commit (update path) as a PrivateMessage, processed by the others from our bytes', async () => {
    const r = await createCommit({ state: state('bob'), cipherSuite: cs });
    const { ours, theirs } = check('empty commit', r.commit);
    if (ours.wire_format !== 'mls_private_message') throw new Error('expected a private commit');
    expect(ours.private_message.epoch).toBe(1n);
    expect(ours.private_message.content_type).toBe('commit');
    expect(toHex(ours.private_message.group_id)).toBe(toHex(state('bob').groupContext.groupId));
    st.set('bob', r.newState);
    for (const n of ['alice', 'carol', 'dave']) {
      const res = await processPrivate(state(n), asPrivate(theirs), cs);
      expect(res.kind).toBe('newState');
      st.set(n, res.newState);
    }
    for (const n of ['alice', 'bob', 'carol', 'dave']) expect(state(n).groupContext.epoch).toBe(2n);
    expect(toHex(state('alice').keySchedule.epochAuthenticator)).toBe(toHex(state('bob').keySchedule.epochAuthenticator));
  });

  it('carol removes dave (public message); the rest process it from our bytes', async () => {
    const r = await createCommit(
      { state: state('carol'), cipherSuite: cs },
      { extraProposals: [{ proposalType: 'remove', remove: { removed: leafOf('dave') } }], wireAsPublicMessage: true },
    );
    const { ours, theirs } = check('remove commit', r.commit);
    if (ours.wire_format !== 'mls_public_message') throw new Error('expected a public commit');
    const content = ours.public_message.content;
    expect(content.epoch).toBe(2n);
    expect(content.sender).toEqual({ sender_type: 'member', leaf_index: leafOf('carol') });
    if (content.content_type !== 'commit') throw new Error('expected commit content');
    const [first] = content.commit.proposals;
    expect(first?.type === 'proposal' && first.proposal.proposal_type === 'remove' && first.proposal.remove.removed).toBe(leafOf('dave'));
    expect(content.commit.proposals).toHaveLength(1);
    expect(content.commit.path?.nodes.length).toBeGreaterThan(0); // a Remove requires an update path
    st.set('carol', r.newState);
    for (const n of ['alice', 'bob']) {
      const res = await processPublicMessage(state(n), asPublic(theirs), emptyPskIndex, cs, acceptAll);
      st.set(n, res.newState);
    }
    const daveView = await processPublicMessage(state('dave'), asPublic(theirs), emptyPskIndex, cs, acceptAll);
    expect(daveView.newState.groupActiveState.kind).toBe('removedFromGroup');
    for (const n of ['alice', 'bob', 'carol']) expect(state(n).groupContext.epoch).toBe(3n);
  });

  it('application messages both ways (with AAD) round-trip and decrypt from our bytes', async () => {
    const send = async (from: string, to: string[], text: string, aad: string) => {
      const m = await createApplicationMessage(state(from), te.encode(text), cs, te.encode(aad));
      st.set(from, m.newState);
      const { ours, theirs } = check(`application ${from}`, { version: 'mls10', wireformat: 'mls_private_message', privateMessage: m.privateMessage });
      if (ours.wire_format !== 'mls_private_message') throw new Error('unreachable');
      expect(ours.private_message.content_type).toBe('application');
      expect(ours.private_message.epoch).toBe(state(from).groupContext.epoch);
      expect(td.decode(ours.private_message.authenticated_data)).toBe(aad);
      for (const n of to) {
        const res = await processPrivate(state(n), asPrivate(theirs), cs);
        if (res.kind !== 'applicationMessage') throw new Error(`${n} did not get an application message`);
        expect(td.decode(res.message)).toBe(text);
        st.set(n, res.newState);
      }
    };
    await send('alice', ['bob', 'carol'], 'hello from alice', 'aad-1');
    await send('bob', ['alice', 'carol'], 'hello back from bob', 'aad-2');
    await send('carol', ['alice', 'bob'], 'x'.repeat(1000), '');
  });

  it('covered every wire format ts-mls produced', () => {
    expect(new Set(seen.map((s) => s.wire_format))).toEqual(
      new Set(['mls_key_package', 'mls_public_message', 'mls_welcome', 'mls_group_info', 'mls_private_message']),
    );
    expect(seen.length).toBeGreaterThanOrEqual(13);
  });
});
