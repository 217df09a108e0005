/**
 * Hub-side helpers (packages/mls-profile/src/hub): RefHash and KeyPackageRef against the official
 * MLS vectors, a live ts-mls 1.6.4 group (commit, Welcome routing, ProposalRefs, HandshakeBundle,
 * FanoutMessage), every MLSMessage of messages.json, and DecodeError-only behaviour on garbage.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { codecs, type CipherSuite, type Commit, type KeyPackage as OurKeyPackage, type MLSMessage, type Node, type Proposal, type Sender } from '@mimikit/mls';
import { codecs as protocolCodecs, type FanoutMessage, type HandshakeBundle } from '@mimikit/mimi-protocol';
import { fromHex, toHex } from '@mimikit/bytes';
import { DecodeError } from '@mimikit/tls';
import {
  createApplicationMessage,
  createCommit,
  createGroup,
  createGroupInfoWithExternalPubAndRatchetTree,
  createProposal,
  defaultCapabilities,
  defaultLifetime,
  encodeMlsMessage,
  generateKeyPackage,
  getCiphersuiteFromName,
  getCiphersuiteImpl,
  type CiphersuiteImpl,
  type ClientState,
  type KeyPackage,
  type PrivateKeyPackage,
} from 'ts-mls';
import { makeKeyPackageRef } from 'ts-mls/keyPackage.js';
import { MLS_MESSAGE_FIELDS } from '../../../test/support/mls-vectors.ts';
import { encodeRatchetTree } from 'ts-mls/ratchetTree.js';
import {
  cipherSuiteHash,
  inspectFanout,
  inspectHandshakeBundle,
  inspectMessage,
  keyPackageRef,
  PROPOSAL_REF_LABEL,
  proposalRef,
  refHash,
  routeWelcome,
  summarizeRatchetTreeOption,
  UnknownCipherSuiteError,
  welcomeTargets,
  type MessageSummary,
  type PublicMessageSummary,
} from '../src/hub/index.ts';

const fixture = (name: string) => new URL(`../../../test/fixtures/mls/${name}`, import.meta.url);
const loadJson = <T>(name: string): T => JSON.parse(readFileSync(fixture(name), 'utf8')) as T;
const te = new TextEncoder();
const td = new TextDecoder();
const hex = (b: Uint8Array | null | undefined) => (b == null ? b : toHex(b));

function expectPublic(s: MessageSummary): PublicMessageSummary {
  if (s.wireFormat !== 'mls_public_message') throw new Error(`expected a public message, got ${s.wireFormat}`);
  return s;
}

// ---------------------------------------------------------------------------------------------
// (a) Official vectors: RefHash (crypto-basics.json), KeyPackageRef (welcome.json)
// ---------------------------------------------------------------------------------------------

describe('RefHash and KeyPackageRef against the MLS interop vectors', () => {
  const basics = loadJson<Array<{ cipher_suite: number; ref_hash: { label: string; value: string; out: string } }>>('crypto-basics.json');
  const welcomes = loadJson<Array<{ cipher_suite: number; key_package: string; welcome: string }>>('welcome.json');

  it('crypto-basics.json ref_hash: RefHash(label, value) for cipher suites 1–7', () => {
    expect(basics.map((v) => v.cipher_suite)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    for (const v of basics) {
      expect(toHex(refHash(v.ref_hash.label, fromHex(v.ref_hash.value), v.cipher_suite)), `suite ${v.cipher_suite}`).toBe(v.ref_hash.out);
    }
  });

  it('the RFC 9420 §17.1 hash table', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((s) => cipherSuiteHash(s))).toEqual(['sha256', 'sha256', 'sha256', 'sha512', 'sha512', 'sha512', 'sha384']);
    expect(cipherSuiteHash('MLS_256_DHKEMP384_AES256GCM_SHA384_P384')).toBe('sha384');
  });

  it('welcome.json: KeyPackageRef(key_package) is the Welcome’s new_member, for suites 1–7', () => {
    expect(welcomes.map((v) => v.cipher_suite)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    for (const v of welcomes) {
      const kpBytes = fromHex(v.key_package);
      const welcomeBytes = fromHex(v.welcome);
      const message = codecs.MLSMessage.decode(kpBytes);
      if (message.wire_format !== 'mls_key_package') throw new Error('unreachable');
      const [target, ...rest] = welcomeTargets(welcomeBytes);
      expect(rest).toEqual([]);
      const expected = toHex(target!);
      expect(expected).toHaveLength(v.cipher_suite === 7 ? 96 : v.cipher_suite >= 4 ? 128 : 64);
      // Every input form: the MLSMessage value, the KeyPackage value, the KeyPackage struct's bytes.
      expect(toHex(keyPackageRef(message)), `suite ${v.cipher_suite} (MLSMessage)`).toBe(expected);
      expect(toHex(keyPackageRef(message.key_package))).toBe(expected);
      expect(toHex(keyPackageRef(kpBytes.subarray(4)))).toBe(expected);
      expect(toHex(keyPackageRef(kpBytes.subarray(4), v.cipher_suite))).toBe(expected);
      // The summaries carry the same ref.
      const kp = inspectMessage(kpBytes);
      expect(kp.wireFormat === 'mls_key_package' && hex(kp.ref)).toBe(expected);
      const w = inspectMessage(welcomeBytes);
      expect(w).toEqual({ wireFormat: 'mls_welcome', cipherSuite: message.key_package.cipher_suite, targets: [target], groupInfo: 'encrypted' });
      // Routing: the one target goes to the provider holding that KeyPackage.
      const route = routeWelcome(welcomeBytes, [
        { provider: 'a.example', keyPackage: kpBytes.subarray(4) },
        { provider: 'z.example', ref: new Uint8Array(target!.length) },
      ]);
      expect([...route.byProvider].map(([p, refs]) => [p, refs.map(toHex)])).toEqual([['a.example', [expected]]]);
      expect(route.unmatched).toEqual([]);
    }
  });

  it('an unknown cipher suite is an UnknownCipherSuiteError; a malformed KeyPackage a DecodeError', () => {
    const v = welcomes[0]!;
    const message = codecs.MLSMessage.decode(fromHex(v.key_package));
    if (message.wire_format !== 'mls_key_package') throw new Error('unreachable');
    const grease: OurKeyPackage = { ...message.key_package, cipher_suite: 0x0a0a };
    expect(() => keyPackageRef(grease)).toThrow(UnknownCipherSuiteError);
    try {
      keyPackageRef(message.key_package, 0xf000);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(UnknownCipherSuiteError);
      expect((err as UnknownCipherSuiteError).cipherSuite).toBe(0xf000);
      expect((err as Error).message).toBe('cipher suite 0xf000 has no known hash function');
    }
    expect(() => refHash('RefHash', new Uint8Array(1), 0)).toThrow(UnknownCipherSuiteError);
    // The summary of such a KeyPackage has no ref rather than failing.
    const s = inspectMessage({ version: 'mls10', wire_format: 'mls_key_package', key_package: grease });
    expect(s.wireFormat === 'mls_key_package' && s.ref).toBeNull();
    // A KeyPackage with a byte missing.
    const bytes = fromHex(v.key_package).subarray(4);
    try {
      keyPackageRef(bytes.subarray(0, bytes.length - 1));
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(DecodeError);
      expect((err as DecodeError).kind).toBe('truncated');
      expect((err as DecodeError).typePath).toBe('KeyPackage.signature');
    }
  });
});

// ---------------------------------------------------------------------------------------------
// (b) A live ts-mls group
// ---------------------------------------------------------------------------------------------

const SUITE = 'MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519';

describe('live ts-mls group: what the hub sees', () => {
  let cs: CiphersuiteImpl;
  const kps = new Map<string, { publicPackage: KeyPackage; privatePackage: PrivateKeyPackage }>();
  const identities: Record<string, string> = {
    alice: 'mimi://a.example/d/alice/laptop',
    bob: 'mimi://b.example/d/bob/phone',
    carol: 'mimi://c.example/d/carol/tablet',
    dave: 'mimi://d.example/d/dave/desk',
  };
  const kpOf = (n: string) => kps.get(n)!.publicPackage;
  const kpBytes = (n: string) => encodeMlsMessage({ version: 'mls10', wireformat: 'mls_key_package', keyPackage: kpOf(n) });
  const tsRef = async (n: string) => toHex(await makeKeyPackageRef(kpOf(n), cs.hash));

  let alice0: ClientState;
  let alice1: ClientState;
  let commitBytes: Uint8Array;
  let welcomeBytes: Uint8Array;
  let groupInfoBytes: Uint8Array;
  let proposalBytes: Uint8Array;
  let refCommitBytes: Uint8Array;

  beforeAll(async () => {
    cs = await getCiphersuiteImpl(getCiphersuiteFromName(SUITE));
    for (const [name, id] of Object.entries(identities)) {
      kps.set(name, await generateKeyPackage({ credentialType: 'basic', identity: te.encode(id) }, defaultCapabilities(), defaultLifetime, [], cs));
    }
    alice0 = await createGroup(te.encode('room-1@hub.example'), kpOf('alice'), kps.get('alice')!.privatePackage, [], cs);
    const r = await createCommit(
      { state: alice0, cipherSuite: cs },
      {
        extraProposals: ['bob', 'carol'].map((n) => ({ proposalType: 'add' as const, add: { keyPackage: kpOf(n) } })),
        wireAsPublicMessage: true,
      },
    );
    alice1 = r.newState;
    commitBytes = encodeMlsMessage(r.commit);
    welcomeBytes = encodeMlsMessage({ version: 'mls10', wireformat: 'mls_welcome', welcome: r.welcome! });
    const gi = await createGroupInfoWithExternalPubAndRatchetTree(alice1, [], cs);
    groupInfoBytes = encodeMlsMessage({ version: 'mls10', wireformat: 'mls_group_info', groupInfo: gi });
    // A proposal by value, then a commit that takes it by reference.
    const p = await createProposal(alice1, true, { proposalType: 'remove', remove: { removed: 2 } }, cs, te.encode('aad'));
    proposalBytes = encodeMlsMessage(p.message);
    const c = await createCommit({ state: p.newState, cipherSuite: cs }, { wireAsPublicMessage: true });
    refCommitBytes = encodeMlsMessage(c.commit);
  });

  it('the Add commit: epoch, sender leaf 0, two Adds with their identities and KeyPackageRefs, no path', async () => {
    const s = expectPublic(inspectMessage(commitBytes));
    expect(toHex(s.groupId)).toBe(toHex(te.encode('room-1@hub.example')));
    expect(s.epoch).toBe(0n);
    expect(s.sender).toEqual({ type: 'member', leafIndex: 0 });
    expect(s.authenticatedData).toEqual(new Uint8Array(0));
    if (s.contentType !== 'commit') throw new Error('expected a commit');
    expect(s.commit.hasUpdatePath).toBe(false);
    expect(s.commit.path).toBeNull();
    expect(s.commit.proposals).toHaveLength(2);
    const adds = s.commit.proposals.map((p) => {
      if (p.by !== 'value' || p.proposal.type !== 'add') throw new Error('expected an Add by value');
      return p.proposal.keyPackage;
    });
    expect(adds.map((kp) => kp.leafNode.credential)).toEqual([
      { type: 'basic', identity: te.encode(identities.bob!) },
      { type: 'basic', identity: te.encode(identities.carol!) },
    ]);
    expect(adds.map((kp) => hex(kp.ref))).toEqual([await tsRef('bob'), await tsRef('carol')]);
    expect(adds.map((kp) => kp.cipherSuite)).toEqual([SUITE, SUITE]);
    expect(adds.map((kp) => kp.leafNode.source)).toEqual(['key_package', 'key_package']);
    expect(adds[0]!.leafNode.lifetime).toEqual({ notBefore: defaultLifetime.notBefore, notAfter: defaultLifetime.notAfter });
    expect(toHex(adds[0]!.initKey)).toBe(toHex(kpOf('bob').initKey));
    expect(toHex(adds[0]!.leafNode.signatureKey)).toBe(toHex(kpOf('bob').leafNode.signaturePublicKey));
    // Bytes and the generated codec's value give the same summary.
    expect(inspectMessage(codecs.MLSMessage.decode(commitBytes))).toEqual(s);
  });

  it('routeWelcome: the Welcome’s targets are the two added KeyPackages, each assigned to its provider', async () => {
    const candidates = ['bob', 'carol', 'dave'].map((n) => ({ provider: `${n[0]}.example`, keyPackage: codecs.MLSMessage.decode(kpBytes(n)) }));
    const route = routeWelcome(welcomeBytes, candidates);
    expect([...route.byProvider.entries()].map(([p, refs]) => [p, refs.map(toHex)])).toEqual([
      ['b.example', [await tsRef('bob')]],
      ['c.example', [await tsRef('carol')]],
    ]);
    expect(route.unmatched).toEqual([]);
    // Targets are exactly the refs of the KeyPackages added (as computed by ts-mls and by us).
    expect(welcomeTargets(welcomeBytes).map(toHex).sort()).toEqual([await tsRef('bob'), await tsRef('carol')].sort());
    expect(['bob', 'carol'].map((n) => toHex(keyPackageRef(kpBytes(n).subarray(4))))).toEqual([await tsRef('bob'), await tsRef('carol')]);
    // A hub that only knows bob's KeyPackage (by stored ref) cannot place carol's target.
    const partial = routeWelcome(codecs.MLSMessage.decode(welcomeBytes), [{ provider: 'b.example', ref: fromHex(await tsRef('bob')) }]);
    expect([...partial.byProvider.keys()]).toEqual(['b.example']);
    expect(partial.unmatched.map(toHex)).toEqual([await tsRef('carol')]);
    // One KeyPackage known to two providers goes to both; repeats are dropped.
    const both = routeWelcome(welcomeBytes, [
      { provider: 'b.example', keyPackage: kpBytes('bob').subarray(4) },
      { provider: 'b.example', ref: fromHex(await tsRef('bob')) },
      { provider: 'mirror.example', ref: fromHex(await tsRef('bob')) },
    ]);
    expect([...both.byProvider.entries()].map(([p, refs]) => [p, refs.map(toHex)])).toEqual([
      ['b.example', [await tsRef('bob')]],
      ['mirror.example', [await tsRef('bob')]],
    ]);
  });

  it('a PrivateMessage application message shows only group id, epoch and content type', async () => {
    const m = await createApplicationMessage(alice1, te.encode('hello'), cs, te.encode('aad-1'));
    const bytes = encodeMlsMessage({ version: 'mls10', wireformat: 'mls_private_message', privateMessage: m.privateMessage });
    expect(inspectMessage(bytes)).toEqual({
      wireFormat: 'mls_private_message',
      groupId: te.encode('room-1@hub.example'),
      epoch: 1n,
      contentType: 'application',
      authenticatedData: te.encode('aad-1'),
      sender: 'encrypted',
      content: 'encrypted',
    });
  });

  it('GroupInfo and KeyPackage messages', async () => {
    const gi = inspectMessage(groupInfoBytes);
    if (gi.wireFormat !== 'mls_group_info') throw new Error('expected a GroupInfo');
    expect(gi.cipherSuite).toBe(SUITE);
    expect(td.decode(gi.groupId)).toBe('room-1@hub.example');
    expect(gi.epoch).toBe(1n);
    expect(gi.signer).toBe(0);
    expect(gi.groupContextExtensionTypes).toEqual([]);
    expect([...gi.extensionTypes].sort()).toEqual(['external_pub', 'ratchet_tree']);
    // Patched ts-mls (docs/mls.md): its own external_pub is RFC 9420's struct { HPKEPublicKey external_pub; }.
    const m = codecs.MLSMessage.decode(groupInfoBytes);
    const pub = m.wire_format === 'mls_group_info' ? m.group_info.extensions.find((e) => e.extension_type === 'external_pub')?.extension_data : undefined;
    expect(pub).toHaveLength(33);
    expect(codecs.ExternalPub.decode(pub!).external_pub).toHaveLength(32);
    expect(toHex(gi.treeHash)).toBe(toHex(alice1.groupContext.treeHash));
    expect(toHex(gi.confirmedTranscriptHash)).toBe(toHex(alice1.groupContext.confirmedTranscriptHash));

    const kp = inspectMessage(kpBytes('dave'));
    if (kp.wireFormat !== 'mls_key_package') throw new Error('expected a KeyPackage');
    expect(kp.version).toBe('mls10');
    expect(kp.cipherSuite).toBe(SUITE);
    expect(hex(kp.ref)).toBe(await tsRef('dave'));
    expect(kp.leafNode.credential).toEqual({ type: 'basic', identity: te.encode(identities.dave!) });
    expect(kp.leafNode.capabilities.ciphersuites).toContain(SUITE);
    expect(kp.leafNode.capabilities.credentials).toContain('basic');
    expect(kp.leafNode.capabilities.versions).toEqual(['mls10']);
    expect(kp.extensionTypes).toEqual([]);
  });

  it('a proposal by value, then a commit holding it by reference: the ProposalRef matches', async () => {
    const p = expectPublic(inspectMessage(proposalBytes));
    expect(p.epoch).toBe(1n);
    expect(p.sender).toEqual({ type: 'member', leafIndex: 0 });
    expect(p.authenticatedData).toEqual(te.encode('aad'));
    expect(p.contentType === 'proposal' && p.proposal).toEqual({ type: 'remove', removed: 2 });

    const c = expectPublic(inspectMessage(refCommitBytes));
    if (c.contentType !== 'commit') throw new Error('expected a commit');
    expect(c.commit.proposals).toHaveLength(1);
    const [only] = c.commit.proposals;
    if (only?.by !== 'reference') throw new Error('expected a proposal by reference');
    const ref = toHex(only.ref);
    expect(toHex(proposalRef(proposalBytes, SUITE))).toBe(ref);
    expect(toHex(proposalRef(codecs.MLSMessage.decode(proposalBytes), 1))).toBe(ref);
    // A Remove needs an UpdatePath: the committer's new leaf is public.
    expect(c.commit.hasUpdatePath).toBe(true);
    expect(c.commit.path?.leafNode.source).toBe('commit');
    expect(c.commit.path?.leafNode.credential).toEqual({ type: 'basic', identity: te.encode(identities.alice!) });
    expect(c.commit.path?.nodeCount).toBe(1); // carol (leaf 2) gone, the tree shrinks to 2 leaves: one parent above alice
    expect(() => proposalRef(commitBytes, SUITE)).toThrow('a ProposalRef needs proposal content, got commit');
  });

  it('a custom proposal type (ts-mls writes opaque<V>) is reported, and the generated codec reads it too', async () => {
    const custom = await createProposal(alice1, true, { proposalType: 0xf0a1, proposalData: te.encode('hub policy') }, cs);
    const bytes = encodeMlsMessage(custom.message);
    // Erratum proposal-unknown-types-opaque: the default arm of Proposal is `opaque data<V>`.
    const decoded = codecs.MLSMessage.decode(bytes);
    expect(
      decoded.wire_format === 'mls_public_message' && decoded.public_message.content.content_type === 'proposal' && decoded.public_message.content.proposal,
    ).toEqual({ proposal_type: 0xf0a1, data: te.encode('hub policy') });
    expect(toHex(codecs.MLSMessage.encode(decoded))).toBe(toHex(bytes));
    const s = expectPublic(inspectMessage(bytes));
    expect(s.contentType === 'proposal' && s.proposal).toEqual({ type: 'custom', proposalType: 0xf0a1, data: te.encode('hub policy') });
    // Its ProposalRef is computed from the bytes as received (ts-mls's own unapplied-proposal key).
    const keys = Object.keys(custom.newState.unappliedProposals);
    expect(keys).toHaveLength(1);
    expect(toHex(proposalRef(bytes, SUITE))).toBe(toHex(Buffer.from(keys[0]!, 'base64')));
  });

  it('inspectHandshakeBundle: commit + Welcome + GroupInfo; Welcome targets matched to the Adds', async () => {
    const commit = codecs.MLSMessage.decode(commitBytes);
    const welcome = codecs.MLSMessage.decode(welcomeBytes);
    const groupInfo = codecs.MLSMessage.decode(groupInfoBytes);
    if (welcome.wire_format !== 'mls_welcome' || groupInfo.wire_format !== 'mls_group_info') throw new Error('unreachable');
    const bundle: HandshakeBundle = {
      proposalOrCommit: commit,
      welcome: welcome.welcome,
      groupInfoOption: { representation: 'full', groupInfo: groupInfo.group_info },
      ratchetTreeOption: { representation: 'distributionService' },
    };
    const bytes = protocolCodecs.HandshakeBundle.encode(bundle);
    // An UpdateRequest for mls10 is its HandshakeBundle.
    expect(toHex(protocolCodecs.UpdateRequest.encode({ bundle }, { 'room.protocol': 'mls10' }))).toBe(toHex(bytes));
    const s = inspectHandshakeBundle(bytes);
    expect(inspectHandshakeBundle(bundle)).toEqual(s);
    expect(s.contentType).toBe('commit');
    expect(s.proposalOrCommit).toEqual(inspectMessage(commitBytes));
    expect(s.welcome).toEqual(inspectMessage(welcomeBytes));
    expect(s.groupInfo).toEqual({ representation: 'full', groupInfo: inspectMessage(groupInfoBytes) });
    expect(s.ratchetTree).toEqual({ representation: 'distributionService' });
    expect(s.moreProposals).toEqual([]);
    expect(s.addsWithoutWelcome).toEqual([]);
    const byRef = new Map(await Promise.all(['bob', 'carol'].map(async (n, i) => [await tsRef(n), { i, n }] as const)));
    expect(s.welcomeTargets).toHaveLength(2);
    for (const t of s.welcomeTargets) {
      const want = byRef.get(toHex(t.ref));
      expect(want).toBeDefined();
      expect(t.add?.proposalIndex).toBe(want!.i);
      expect(t.add?.keyPackage.leafNode.credential).toEqual({ type: 'basic', identity: te.encode(identities[want!.n]!) });
    }

    // A Welcome that forgets carol and carries a stray secret: both show.
    const bobSecret = welcome.welcome.secrets.find((x) => toHex(x.new_member) === [...byRef.keys()][0])!;
    const stray = { ...bobSecret, new_member: new Uint8Array(32).fill(7) };
    const odd = inspectHandshakeBundle({ ...bundle, welcome: { ...welcome.welcome, secrets: [bobSecret, stray] } });
    expect(odd.welcomeTargets.map((t) => [toHex(t.ref), t.add?.proposalIndex ?? null])).toEqual([
      [[...byRef.keys()][0], 0],
      ['07'.repeat(32), null],
    ]);
    expect(odd.addsWithoutWelcome).toEqual([1]);
    const none = inspectHandshakeBundle(protocolCodecs.HandshakeBundle.encode({ ...bundle, welcome: null }));
    expect(none.welcome).toBeNull();
    expect(none.addsWithoutWelcome).toEqual([0, 1]);
  });

  it('inspectHandshakeBundle: a proposal with more proposals; a partial GroupInfo', async () => {
    const proposal = codecs.MLSMessage.decode(proposalBytes);
    const bytes = protocolCodecs.HandshakeBundle.encode({ proposalOrCommit: proposal, moreProposals: [proposal, proposal] });
    const s = inspectHandshakeBundle(bytes);
    expect(s.contentType).toBe('proposal');
    expect(s.moreProposals).toEqual([inspectMessage(proposalBytes), inspectMessage(proposalBytes)]);
    expect(s.welcome).toBeNull();
    expect(s.groupInfo).toBeNull();

    const partial = inspectHandshakeBundle({
      proposalOrCommit: codecs.MLSMessage.decode(refCommitBytes),
      welcome: null,
      groupInfoOption: {
        representation: 'partial',
        partialGroupInfo: {
          ratchet_tree_presence: 'present',
          group_info_extensions: [{ extension_type: 'external_pub', extension_data: new Uint8Array(33) }],
          signature: new Uint8Array(64),
        },
      },
      ratchetTreeOption: { representation: 'httpsUri', ratchet_tree_url: te.encode('https://hub.example/tree/1'), tree_signature: new Uint8Array(64) },
    });
    expect(partial.groupInfo).toEqual({ representation: 'partial', ratchetTreePresence: 'present', extensionTypes: ['external_pub'] });
    expect(partial.ratchetTree).toEqual({ representation: 'httpsUri', url: 'https://hub.example/tree/1' });
    // The URL is fetched, so it is what its bytes say: a BOM stays (and makes it no https URL), and
    // bytes that are not UTF-8 give no URL rather than one with U+FFFD in it.
    const url = (bytes: Uint8Array) => summarizeRatchetTreeOption({ representation: 'httpsUri', ratchet_tree_url: bytes, tree_signature: new Uint8Array(64) });
    expect(url(Uint8Array.from([0xef, 0xbb, 0xbf, ...te.encode('https://hub.example/tree/1')]))).toEqual({
      representation: 'httpsUri',
      url: '\uFEFFhttps://hub.example/tree/1',
    });
    expect(url(Uint8Array.from([...te.encode('https://hub.example/'), 0xff]))).toEqual({ representation: 'httpsUri', url: null });
    // The generated select needs a public proposal or commit; so does the hub's reader.
    const app = protocolCodecs.HandshakeBundle.encode({ proposalOrCommit: proposal, moreProposals: [] });
    const asPrivate = new Uint8Array(app);
    asPrivate[3] = 2; // wire_format mls_private_message: the rest no longer parses as one
    expect(() => inspectHandshakeBundle(asPrivate)).toThrow(DecodeError);
  });

  it('inspectFanout: Welcome with a full ratchet tree, private message with frank, public commit with external proposals', async () => {
    const tree = codecs.ratchet_tree.decode(encodeRatchetTree(alice0.ratchetTree));
    expect(tree).toHaveLength(1); // one leaf; blanks would be nulls (erratum ratchet-tree-option-full-blank-nodes)
    const welcome: FanoutMessage = {
      timestamp: 1_700_000_000_123n,
      message: codecs.MLSMessage.decode(welcomeBytes),
      ratchetTreeOption: { representation: 'full', ratchet_tree: tree },
    };
    const wBytes = protocolCodecs.FanoutMessage.encode(welcome, { protocol: 'mls10' });
    const ws = inspectFanout(wBytes);
    expect(inspectFanout(welcome)).toEqual(ws);
    expect(ws).toEqual({
      timestamp: 1_700_000_000_123n,
      message: inspectMessage(welcomeBytes),
      frank: null,
      ratchetTree: { representation: 'full', nodeCount: 1, members: [{ leafIndex: 0, credential: { type: 'basic', identity: te.encode(identities.alice!) } }] },
      moreProposals: [],
      externalProposals: [],
    });

    const m = await createApplicationMessage(alice1, te.encode('hi'), cs);
    const priv: MLSMessage = codecs.MLSMessage.decode(
      encodeMlsMessage({ version: 'mls10', wireformat: 'mls_private_message', privateMessage: m.privateMessage }),
    );
    const frank = {
      server_frank: new Uint8Array(32).fill(1),
      franking_signature_ciphersuite: SUITE,
      franking_integrity_signature: new Uint8Array(64).fill(2),
    } as const;
    const ps = inspectFanout(protocolCodecs.FanoutMessage.encode({ timestamp: 5n, message: priv, frank }, { protocol: 'mls10' }));
    expect(ps.message).toEqual({
      wireFormat: 'mls_private_message',
      groupId: te.encode('room-1@hub.example'),
      epoch: 1n,
      contentType: 'application',
      authenticatedData: new Uint8Array(0),
      sender: 'encrypted',
      content: 'encrypted',
    });
    expect(ps.frank).toEqual(frank);

    const proposal = codecs.MLSMessage.decode(proposalBytes);
    const cs2 = inspectFanout(
      protocolCodecs.FanoutMessage.encode(
        { timestamp: 6n, message: codecs.MLSMessage.decode(refCommitBytes), externalProposals: [proposal] },
        { protocol: 'mls10' },
      ),
    );
    expect(cs2.externalProposals).toEqual([inspectMessage(proposalBytes)]);
    expect(cs2.moreProposals).toEqual([]);
    const ps2 = inspectFanout(protocolCodecs.FanoutMessage.encode({ timestamp: 7n, message: proposal, moreProposals: [proposal] }, { protocol: 'mls10' }));
    expect(ps2.moreProposals).toEqual([inspectMessage(proposalBytes)]);
    // The protocol select lives outside the body, as in the generated codec.
    try {
      inspectFanout(wBytes, { context: { protocol: 'mls20' } });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(DecodeError);
      expect((err as DecodeError).kind).toBe('unknown-select-case');
      expect((err as DecodeError).offset).toBe(8);
      expect((err as DecodeError).typePath).toBe('FanoutMessage');
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Hand-built custom proposals in a commit
// ---------------------------------------------------------------------------------------------

/** A little TLS byte builder for hand-made messages (vector lengths below 64). */
class B {
  readonly a: number[] = [];
  u8(...v: number[]): this {
    this.a.push(...v);
    return this;
  }
  u16(v: number): this {
    return this.u8(v >> 8, v & 0xff);
  }
  u32(v: number): this {
    return this.u16(v >>> 16).u16(v & 0xffff);
  }
  v(bytes: Uint8Array | number[] | B): this {
    const b = bytes instanceof B ? bytes.a : [...bytes];
    if (b.length >= 64) throw new Error('short vectors only');
    return this.u8(b.length, ...b);
  }
  done(): Uint8Array {
    return Uint8Array.from(this.a);
  }
}

/** An MLSMessage(PublicMessage) from member leaf 3 at epoch 9, group "g", with the given content. */
function publicMessage(contentType: 1 | 2 | 3, body: B): Uint8Array {
  const m = new B().u16(1).u16(1); // mls10, mls_public_message
  m.v(te.encode('g')).u32(0).u32(9); // group_id, epoch
  m.u8(1).u32(3); // sender: member 3
  m.v([]); // authenticated_data
  m.u8(contentType).u8(...body.a);
  m.v([0xaa]); // signature
  if (contentType === 3) m.v([0xbb]); // confirmation_tag
  m.v([0xcc]); // membership_tag
  return m.done();
}

describe('custom proposal types (read as opaque<V>)', () => {
  it('a commit with a custom proposal by value, app_ack, a reference and a Remove', () => {
    const proposals = new B()
      .u8(1)
      .u16(0xf001)
      .v([1, 2, 3]) // by value: private-use type
      .u8(1)
      .u16(11)
      .v([]) // by value: app_ack, which has no arm in the generated Proposal
      .u8(2)
      .v([9, 9]) // by reference
      .u8(1)
      .u16(3)
      .u32(5); // by value: remove leaf 5
    const bytes = publicMessage(3, new B().v(proposals).u8(0));
    expect(toHex(codecs.MLSMessage.encode(codecs.MLSMessage.decode(bytes)))).toBe(toHex(bytes));
    const s = expectPublic(inspectMessage(bytes));
    expect(s.groupId).toEqual(te.encode('g'));
    expect(s.epoch).toBe(9n);
    expect(s.sender).toEqual({ type: 'member', leafIndex: 3 });
    expect(s.contentType === 'commit' && s.commit).toEqual({
      proposals: [
        { by: 'value', proposal: { type: 'custom', proposalType: 0xf001, data: Uint8Array.of(1, 2, 3) } },
        { by: 'value', proposal: { type: 'custom', proposalType: 11, data: new Uint8Array(0) } },
        { by: 'reference', ref: Uint8Array.of(9, 9) },
        { by: 'value', proposal: { type: 'remove', removed: 5 } },
      ],
      hasUpdatePath: false,
      path: null,
    });
  });

  it('a custom proposal message: ProposalRef over wire_format ‖ content ‖ auth', () => {
    const bytes = publicMessage(2, new B().u16(0xf002).v(te.encode('x')));
    const ac = Uint8Array.from([0, 1, ...bytes.subarray(4, bytes.length - 2)]);
    expect(toHex(proposalRef(bytes, 1))).toBe(toHex(refHash(PROPOSAL_REF_LABEL, ac, 1)));
  });

  it('the reserved proposal type 0 is read like any type without an arm; a broken custom body is a DecodeError with the codec’s path', () => {
    const reserved = publicMessage(2, new B().u16(0).v([]));
    const s = expectPublic(inspectMessage(reserved));
    expect(s.contentType === 'proposal' && s.proposal).toEqual({ type: 'custom', proposalType: 0, data: new Uint8Array(0) });
    const broken = publicMessage(2, new B().u16(0xf003).u8(0x05)); // a 5-byte body; 4 bytes follow
    const expected = captureDecodeError(() => codecs.MLSMessage.decode(broken));
    expect(captureDecodeError(() => inspectMessage(broken))).toEqual(expected);
    expect(expected).toEqual({ kind: 'truncated', offset: 23, path: 'MLSMessage.public_message.content.proposal.data' });
  });
});

function captureDecodeError(f: () => unknown): { kind: string; offset: number; path: string } {
  try {
    f();
  } catch (err) {
    if (!(err instanceof DecodeError)) throw err;
    return { kind: err.kind, offset: err.offset, path: err.typePath };
  }
  throw new Error('expected a DecodeError');
}

// ---------------------------------------------------------------------------------------------
// (c) messages.json
// ---------------------------------------------------------------------------------------------

describe('messages.json: every MLSMessage field', () => {
  const vectors = loadJson<Array<Record<string, string>>>('messages.json');
  const wire = MLS_MESSAGE_FIELDS;

  it('inspects all 300 × 7 without error, with the right wire format, the same from bytes and from the value', () => {
    expect(vectors).toHaveLength(300);
    let n = 0;
    const contentTypes = new Map<string, Set<string>>();
    for (const [i, v] of vectors.entries()) {
      for (const [field, wf] of Object.entries(wire)) {
        const bytes = fromHex(v[field]!);
        let s: MessageSummary;
        try {
          s = inspectMessage(bytes);
        } catch (err) {
          throw new Error(`entry ${i} ${field}: ${(err as Error).message}`);
        }
        expect(s.wireFormat).toBe(wf);
        const value = codecs.MLSMessage.decode(bytes);
        expect(inspectMessage(value)).toEqual(s);
        if (s.wireFormat === 'mls_public_message' || s.wireFormat === 'mls_private_message') {
          const set = contentTypes.get(field) ?? new Set();
          set.add(s.contentType);
          contentTypes.set(field, set);
        }
        if (s.wireFormat === 'mls_welcome' && value.wire_format === 'mls_welcome') {
          expect(s.targets.map(toHex)).toEqual(value.welcome.secrets.map((x) => toHex(x.new_member)));
        }
        if (s.wireFormat === 'mls_key_package' && value.wire_format === 'mls_key_package') {
          expect(hex(s.ref)).toBe(toHex(keyPackageRef(bytes.subarray(4))));
        }
        n++;
      }
    }
    expect(n).toBe(2100);
    expect(Object.fromEntries([...contentTypes].map(([k, set]) => [k, [...set].sort()]))).toEqual({
      public_message_application: ['application'],
      public_message_proposal: ['proposal'],
      public_message_commit: ['commit'],
      private_message: ['application', 'commit', 'proposal'],
    });
  });

  it('the first entry in detail', () => {
    const v = vectors[0]!;
    const commit = expectPublic(inspectMessage(fromHex(v.public_message_commit!)));
    const value = codecs.MLSMessage.decode(fromHex(v.public_message_commit!));
    if (value.wire_format !== 'mls_public_message' || value.public_message.content.content_type !== 'commit') throw new Error('unreachable');
    expect(commit.epoch).toBe(value.public_message.content.epoch);
    expect(toHex(commit.groupId)).toBe(toHex(value.public_message.content.group_id));
    if (commit.contentType !== 'commit') throw new Error('unreachable');
    expect(commit.commit.proposals.map((p) => (p.by === 'value' ? p.proposal.type : 'reference'))).toEqual(
      value.public_message.content.commit.proposals.map((p) => (p.type === 'proposal' ? p.proposal.proposal_type : 'reference')),
    );
    expect(commit.commit.hasUpdatePath).toBe(value.public_message.content.commit.path !== null);
  });
});

// ---------------------------------------------------------------------------------------------
// (d) Garbage in: DecodeError out, and the same error as the generated codec
// ---------------------------------------------------------------------------------------------

describe('malformed input', () => {
  const vectors = loadJson<Array<Record<string, string>>>('messages.json').slice(0, 8);
  const samples = vectors.flatMap((v) =>
    [
      'mls_welcome',
      'mls_group_info',
      'mls_key_package',
      'public_message_application',
      'public_message_proposal',
      'public_message_commit',
      'private_message',
    ].map((k) => fromHex(v[k]!)),
  );

  const onlyDecodeErrors = (f: () => unknown) => {
    try {
      f();
    } catch (err) {
      if (!(err instanceof DecodeError)) throw err;
      return err;
    }
    return null;
  };

  it('random bytes: inspectMessage, inspectHandshakeBundle, inspectFanout, keyPackageRef throw DecodeError only', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        for (const f of [
          () => inspectMessage(bytes),
          () => inspectHandshakeBundle(bytes),
          () => inspectFanout(bytes),
          () => keyPackageRef(bytes),
          () => proposalRef(bytes, 1),
        ]) {
          try {
            f();
          } catch (err) {
            if (err instanceof TypeError && /needs a PublicMessage|needs proposal content/.test(err.message)) continue;
            if (err instanceof UnknownCipherSuiteError) continue;
            if (!(err instanceof DecodeError)) throw err;
            expect(err.offset).toBeGreaterThanOrEqual(0);
            expect(err.offset).toBeLessThanOrEqual(bytes.length);
          }
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('random bodies behind a valid MLSMessage header reach deep: same error as the generated codec', () => {
    fc.assert(
      fc.property(fc.constantFrom(1, 2, 3, 4, 5), fc.uint8Array({ maxLength: 300 }), (wf, body) => {
        const bytes = new Uint8Array([0, 1, 0, wf, ...body]);
        compareWithCodec(bytes);
      }),
      { numRuns: 3000 },
    );
  });

  it('mutated and truncated vectors: same outcome as the generated codec (or a custom proposal)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...samples),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 3 }),
        fc.option(fc.nat(), { nil: undefined }),
        (sample, edits, cut) => {
          const bytes = new Uint8Array(sample);
          for (const [at, b] of edits) bytes[at % bytes.length] = b;
          compareWithCodec(cut === undefined ? bytes : bytes.subarray(0, cut % (bytes.length + 1)));
        },
      ),
      { numRuns: 3000 },
    );
  });

  function compareWithCodec(bytes: Uint8Array) {
    const ours = onlyDecodeErrors(() => inspectMessage(bytes));
    const theirs = onlyDecodeErrors(() => codecs.MLSMessage.decode(bytes));
    if (theirs === null) {
      expect(ours).toBeNull();
      return;
    }
    if (ours === null) {
      // Only a proposal type without a generated arm may decode here and not there.
      expect(theirs.kind).toBe('unknown-select-case');
      expect(theirs.typePath).toMatch(/proposal\.proposal_type$/);
      return;
    }
    if (theirs.kind === 'unknown-select-case' && /proposal\.proposal_type$/.test(theirs.typePath)) return; // then failed later
    expect({ kind: ours.kind, offset: ours.offset, path: ours.typePath }).toEqual({ kind: theirs.kind, offset: theirs.offset, path: theirs.typePath });
  }
});

// ---------------------------------------------------------------------------------------------
// (e) Every arm the hub reads, and every refusal, on hand-built values
// ---------------------------------------------------------------------------------------------

describe('every arm the hub reads, and every refusal', () => {
  const vector = loadJson<Array<{ key_package: string; welcome: string }>>('welcome.json')[0]!; // cipher suite 1
  const kpMessage = codecs.MLSMessage.decode(fromHex(vector.key_package));
  const welcomeMessage = codecs.MLSMessage.decode(fromHex(vector.welcome));
  if (kpMessage.wire_format !== 'mls_key_package' || welcomeMessage.wire_format !== 'mls_welcome') throw new Error('unreachable');
  const kp = kpMessage.key_package;
  const welcome = welcomeMessage.welcome;
  /** The vector's KeyPackageRef of `kp` (its Welcome's one target), computed by the vector's authors. */
  const kpRef = welcome.secrets[0]!.new_member;
  /** Another client's KeyPackage: same keys, another identity (the hub checks no signature). */
  const otherKp: OurKeyPackage = {
    ...kp,
    leaf_node: { ...kp.leaf_node, credential: { credential_type: 'basic', identity: te.encode('mimi://b.example/d/bob/phone') } },
  };
  const secretFor = (ref: Uint8Array) => ({ ...welcome.secrets[0]!, new_member: ref });

  type Content =
    | { content_type: 'application'; application_data: Uint8Array }
    | { content_type: 'proposal'; proposal: Proposal }
    | { content_type: 'commit'; commit: Commit };
  /** An MLSMessage(PublicMessage) value, as the generated codec reads one. */
  const publicValue = (sender: Sender, content: Content): MLSMessage => ({
    version: 'mls10',
    wire_format: 'mls_public_message',
    public_message: {
      content: { group_id: te.encode('g'), epoch: 2n, sender, authenticated_data: new Uint8Array(0), ...content },
      auth: { signature: new Uint8Array(4), ...(content.content_type === 'commit' ? { confirmation_tag: new Uint8Array(32) } : {}) },
      ...(sender.sender_type === 'member' ? { membership_tag: new Uint8Array(32) } : {}),
    },
  });
  const member: Sender = { sender_type: 'member', leaf_index: 1 };
  const commitOf = (proposals: Proposal[]): MLSMessage =>
    publicValue(member, { content_type: 'commit', commit: { proposals: proposals.map((proposal) => ({ type: 'proposal', proposal })), path: null } });
  const privateValue = (contentType: 'application' | 'proposal' | 'commit'): MLSMessage => ({
    version: 'mls10',
    wire_format: 'mls_private_message',
    private_message: {
      group_id: te.encode('g'),
      epoch: 2n,
      content_type: contentType,
      authenticated_data: new Uint8Array(0),
      encrypted_sender_data: new Uint8Array(8),
      ciphertext: new Uint8Array(8),
    },
  });
  const add = (k: OurKeyPackage): Proposal => ({ proposal_type: 'add', add: { key_package: k } });
  const thrown = (f: () => unknown): { name: string; message: string } => {
    try {
      f();
    } catch (err) {
      return { name: (err as Error).name, message: (err as Error).message };
    }
    throw new Error('expected an error');
  };

  it('every sender type of a PublicMessage, read from its bytes', () => {
    const senders: Array<[Sender, Content]> = [
      [
        { sender_type: 'member', leaf_index: 7 },
        { content_type: 'application', application_data: te.encode('hi') },
      ],
      [
        { sender_type: 'external', sender_index: 2 },
        { content_type: 'proposal', proposal: { proposal_type: 'remove', remove: { removed: 1 } } },
      ],
      [{ sender_type: 'new_member_proposal' }, { content_type: 'proposal', proposal: add(kp) }],
      [{ sender_type: 'new_member_commit' }, { content_type: 'commit', commit: { proposals: [], path: null } }],
    ];
    expect(senders.map(([sender, content]) => expectPublic(inspectMessage(codecs.MLSMessage.encode(publicValue(sender, content)))).sender)).toEqual([
      { type: 'member', leafIndex: 7 },
      { type: 'external', senderIndex: 2 },
      { type: 'new_member_proposal' },
      { type: 'new_member_commit' },
    ]);
  });

  it('every proposal type of a commit, read from its bytes', () => {
    const nonce = Uint8Array.of(0x0e);
    const proposals: Proposal[] = [
      { proposal_type: 'psk', psk: { psk: { psktype: 'external', psk_id: Uint8Array.of(1), psk_nonce: nonce } } },
      { proposal_type: 'psk', psk: { psk: { psktype: 'resumption', usage: 'reinit', psk_group_id: te.encode('old'), psk_epoch: 9n, psk_nonce: nonce } } },
      { proposal_type: 'psk', psk: { psk: { psktype: 'application', component_id: 0x8001, psk_id: Uint8Array.of(2), psk_nonce: nonce } } },
      {
        proposal_type: 'reinit',
        reinit: {
          group_id: te.encode('next'),
          version: 'mls10',
          cipher_suite: 'MLS_128_DHKEMP256_AES128GCM_SHA256_P256',
          extensions: [{ extension_type: 'ratchet_tree', extension_data: new Uint8Array(0) }],
        },
      },
      { proposal_type: 'external_init', external_init: { kem_output: Uint8Array.of(3, 4) } },
      { proposal_type: 'app_data_update', app_data_update: { component_id: 0x0022, op: 'update', update: Uint8Array.of(5) } },
      { proposal_type: 'app_data_update', app_data_update: { component_id: 0x0023, op: 'remove' } },
      { proposal_type: 'app_ephemeral', app_ephemeral: { component_id: 0x0024, data: Uint8Array.of(6) } },
      { proposal_type: 'self_remove', self_remove: {} },
      { proposal_type: 'remove', remove: { removed: 3 } },
    ];
    const s = expectPublic(inspectMessage(codecs.MLSMessage.encode(commitOf(proposals))));
    expect(s.contentType === 'commit' && s.commit.proposals).toEqual(
      [
        { type: 'psk', psk: { type: 'external', pskId: Uint8Array.of(1), nonce } },
        { type: 'psk', psk: { type: 'resumption', usage: 'reinit', groupId: te.encode('old'), epoch: 9n, nonce } },
        { type: 'psk', psk: { type: 'application', componentId: 0x8001, pskId: Uint8Array.of(2), nonce } },
        {
          type: 'reinit',
          groupId: te.encode('next'),
          version: 'mls10',
          cipherSuite: 'MLS_128_DHKEMP256_AES128GCM_SHA256_P256',
          extensionTypes: ['ratchet_tree'],
        },
        { type: 'external_init', kemOutput: Uint8Array.of(3, 4) },
        { type: 'app_data_update', componentId: 0x0022, op: 'update', update: Uint8Array.of(5) },
        { type: 'app_data_update', componentId: 0x0023, op: 'remove' },
        { type: 'app_ephemeral', componentId: 0x0024, data: Uint8Array.of(6) },
        { type: 'self_remove' },
        { type: 'remove', removed: 3 },
      ].map((proposal) => ({ by: 'value', proposal })),
    );
  });

  it('an X.509 credential: the chain, leaf first', () => {
    const x509: OurKeyPackage = {
      ...kp,
      leaf_node: {
        ...kp.leaf_node,
        credential: { credential_type: 'x509', certificates: [{ cert_data: Uint8Array.of(0x30, 1) }, { cert_data: Uint8Array.of(0x30, 2) }] },
      },
    };
    const s = inspectMessage(codecs.MLSMessage.encode({ version: 'mls10', wire_format: 'mls_key_package', key_package: x509 }));
    expect(s.wireFormat === 'mls_key_package' && s.leafNode.credential).toEqual({
      type: 'x509',
      certificates: [Uint8Array.of(0x30, 1), Uint8Array.of(0x30, 2)],
    });
  });

  it('a value that is no MLSMessage is a TypeError naming its wire format', () => {
    expect(thrown(() => inspectMessage({ version: 'mls10', wire_format: 'mls_bogus' } as unknown as MLSMessage))).toEqual({
      name: 'TypeError',
      message: 'not an MLSMessage wire format: mls_bogus',
    });
  });

  it('cipher suites: the reserved one and a name that is none have no hash, each with its own error', () => {
    const reserved = thrown(() => cipherSuiteHash('reserved'));
    expect(reserved).toEqual({ name: 'UnknownCipherSuiteError', message: 'cipher suite 0x0000 has no known hash function' });
    expect(thrown(() => cipherSuiteHash(8))).toEqual({ name: 'UnknownCipherSuiteError', message: 'cipher suite 0x0008 has no known hash function' });
    expect(thrown(() => cipherSuiteHash('MLS_NOT_A_SUITE' as CipherSuite))).toEqual({
      name: 'TypeError',
      message: 'MLS_NOT_A_SUITE is not a CipherSuite name',
    });
    // A KeyPackage value of the reserved suite, or of a name that is none, has no ref in its summary.
    for (const suite of ['reserved', 'MLS_NOT_A_SUITE'] as CipherSuite[]) {
      const s = inspectMessage({ version: 'mls10', wire_format: 'mls_key_package', key_package: { ...kp, cipher_suite: suite } });
      expect(s.wireFormat === 'mls_key_package' && s.ref, String(suite)).toBeNull();
    }
  });

  it('refs and Welcome targets refuse the wrong kind of message by name; each accepts the bare struct too', () => {
    expect(thrown(() => keyPackageRef(welcomeMessage))).toEqual({ name: 'TypeError', message: 'expected an MLSMessage with a KeyPackage, got mls_welcome' });
    expect(thrown(() => proposalRef(fromHex(vector.welcome), 1))).toEqual({
      name: 'TypeError',
      message: 'a ProposalRef needs a PublicMessage, got mls_welcome',
    });
    expect(thrown(() => welcomeTargets(fromHex(vector.key_package)))).toEqual({
      name: 'TypeError',
      message: 'expected an MLSMessage with a Welcome, got mls_key_package',
    });
    expect(thrown(() => welcomeTargets(kpMessage))).toEqual({ name: 'TypeError', message: 'expected an MLSMessage with a Welcome, got mls_key_package' });
    expect(welcomeTargets(welcome).map(toHex)).toEqual([toHex(kpRef)]);
    const proposal = publicValue(member, { content_type: 'proposal', proposal: { proposal_type: 'remove', remove: { removed: 0 } } });
    if (proposal.wire_format !== 'mls_public_message') throw new Error('unreachable');
    expect(toHex(proposalRef(proposal.public_message, 1))).toBe(toHex(proposalRef(codecs.MLSMessage.encode(proposal), 1)));
  });

  it('routeWelcome: a provider with two targets keeps both, a repeated target and a repeated candidate count once', () => {
    const otherRef = keyPackageRef(otherKp);
    const route = routeWelcome({ ...welcome, secrets: [secretFor(kpRef), secretFor(otherRef), secretFor(kpRef)] }, [
      { provider: 'a.example', keyPackage: kp },
      { provider: 'a.example', keyPackage: otherKp },
      { provider: 'a.example', ref: otherRef },
    ]);
    expect([...route.byProvider].map(([p, refs]) => [p, refs.map(toHex)])).toEqual([['a.example', [toHex(kpRef), toHex(otherRef)]]]);
    expect(route.unmatched).toEqual([]);
  });

  it('ratchet trees: leaves sit at even node indices (leaf index = node index / 2); the other representations', () => {
    const leaf = (k: OurKeyPackage): Node => ({ node_type: 'leaf', leaf_node: k.leaf_node });
    const parent: Node = { node_type: 'parent', parent_node: { encryption_key: new Uint8Array(32), parent_hash: new Uint8Array(0), unmerged_leaves: [] } };
    const credential = (k: OurKeyPackage) => ({
      type: 'basic',
      identity: k.leaf_node.credential.credential_type === 'basic' ? k.leaf_node.credential.identity : null,
    });
    const full = (nodes: Node[]) => summarizeRatchetTreeOption({ representation: 'full', ratchet_tree: nodes });
    expect(full([leaf(kp), parent, leaf(otherKp)])).toEqual({
      representation: 'full',
      nodeCount: 3,
      members: [
        { leafIndex: 0, credential: credential(kp) },
        { leafIndex: 1, credential: credential(otherKp) },
      ],
    });
    // Malformed: a parent at a leaf position and a leaf at a parent position are no members.
    expect(full([leaf(kp), parent, parent, leaf(kp), leaf(otherKp)])).toEqual({
      representation: 'full',
      nodeCount: 5,
      members: [
        { leafIndex: 0, credential: credential(kp) },
        { leafIndex: 2, credential: credential(otherKp) },
      ],
    });
    expect(summarizeRatchetTreeOption({ representation: 'outOfBand', tree_signature: new Uint8Array(64) })).toEqual({ representation: 'outOfBand' });
  });

  it('a HandshakeBundle carries a proposal or a commit: anything else is a TypeError naming it', () => {
    const application = publicValue(member, { content_type: 'application', application_data: te.encode('hi') });
    expect(thrown(() => inspectHandshakeBundle({ proposalOrCommit: application }))).toEqual({
      name: 'TypeError',
      message: 'a HandshakeBundle carries a proposal or commit, not application',
    });
    expect(thrown(() => inspectHandshakeBundle({ proposalOrCommit: privateValue('application') }))).toEqual({
      name: 'TypeError',
      message: 'a HandshakeBundle carries a proposal or commit, not application',
    });
    expect(thrown(() => inspectHandshakeBundle({ proposalOrCommit: welcomeMessage }))).toEqual({
      name: 'TypeError',
      message: 'a HandshakeBundle carries a proposal or commit, not mls_welcome',
    });
  });

  it('a proposal bundle: no commit parts; moreProposals absent is none', () => {
    const proposal = publicValue(member, { content_type: 'proposal', proposal: { proposal_type: 'remove', remove: { removed: 0 } } });
    expect(inspectHandshakeBundle({ proposalOrCommit: proposal })).toEqual({
      proposalOrCommit: inspectMessage(proposal),
      contentType: 'proposal',
      welcome: null,
      welcomeTargets: [],
      addsWithoutWelcome: [],
      groupInfo: null,
      ratchetTree: null,
      moreProposals: [],
    });
  });

  it('a private commit: its content is encrypted, so no Add is matched and none is missing', () => {
    const s = inspectHandshakeBundle({ proposalOrCommit: privateValue('commit'), welcome: { ...welcome, secrets: [secretFor(kpRef)] } });
    expect(s.contentType).toBe('commit');
    expect(s.welcomeTargets).toEqual([{ ref: kpRef, add: null }]);
    expect(s.addsWithoutWelcome).toEqual([]);
  });

  it('Welcome targets and Adds: other proposals and Adds without a ref are skipped, the first Add of a KeyPackage is the one matched', () => {
    const commit = commitOf([
      { proposal_type: 'remove', remove: { removed: 0 } },
      add(kp),
      add({ ...otherKp, cipher_suite: 'reserved' }),
      add(kp),
      add(otherKp),
    ]);
    const s = inspectHandshakeBundle({ proposalOrCommit: commit, welcome: { ...welcome, secrets: [secretFor(kpRef)] } });
    expect(s.welcomeTargets.map((t) => [toHex(t.ref), t.add?.proposalIndex, t.add?.keyPackage.leafNode.credential])).toEqual([
      [toHex(kpRef), 1, { type: 'basic', identity: credentialIdentity(kp) }],
    ]);
    // Adds 1 and 3 are the same KeyPackage (one ref, first index); add 2 has no ref (reserved suite).
    expect(s.addsWithoutWelcome).toEqual([4]);
  });

  it('a FanoutMessage value without a message (another protocol) is a TypeError', () => {
    expect(thrown(() => inspectFanout({ timestamp: 1n }))).toEqual({
      name: 'TypeError',
      message: 'a FanoutMessage without a message (protocol other than mls10?)',
    });
  });
});

function credentialIdentity(k: OurKeyPackage): Uint8Array {
  if (k.leaf_node.credential.credential_type !== 'basic') throw new Error('expected a basic credential');
  return k.leaf_node.credential.identity;
}
