/**
 * Differential test against ts-mls 1.6.4, an independent RFC 9420 implementation, on all 300
 * messages.json entries × 17 kinds (5100 structures), both directions:
 *  (a) bytes → ours decode → ours encode → ts-mls decode → ts-mls encode == bytes
 *  (b) bytes → ts-mls decode → ts-mls encode → ours decode → ours encode == bytes
 *  (c) both decoders agree on fields comparable without a full mapping (epoch, group_id, wire
 *      format, sender, proposal counts, tree shape, key bytes, …).
 * Failures are collected per kind and reported as `entry i: …` so a disagreement names its input.
 *
 * And on random values of the same 11 types, generated from the IR (test/properties): the covering
 * samples of each type (every select arm, `<V>` lengths 0, 63, 64, 16383, 16384) and RANDOM_RUNS
 * random ones, encoded by us, must decode in ts-mls and re-encode to the same bytes, and ts-mls's
 * value must decode in ours to the value we started from. The values are held to what ts-mls 1.6.4
 * implements (TS_MLS_SCOPE below: RFC 9420 without the mls-extensions draft, and the leaf node
 * sources it checks); the seed is the run's (FC_SEED replays it).
 */
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { codecs } from '@mimikit/mls';
import type * as M from '@mimikit/mls';
import { toHex } from '@mimikit/bytes';
import type { Codec } from '@mimikit/tls';
import type * as T from 'ts-mls';
import type { Commit as TCommit } from 'ts-mls/commit.js';
import type { GroupSecrets as TGroupSecrets } from 'ts-mls/groupSecrets.js';
import type {
  Add as TAdd,
  GroupContextExtensions as TGce,
  ExternalInit as TExternalInit,
  PSK as TPSK,
  Reinit as TReinit,
  Remove as TRemove,
  Update as TUpdate,
} from 'ts-mls/proposal.js';
import { bytes, loadMessages, MESSAGE_KINDS, type MessageKind } from '../support/mls-vectors.ts';
import { decodeAll, TS_MLS_CODECS } from '../support/ts-mls-codecs.ts';
import { SEED_LABEL, seedFor } from '../setup/run-seed.ts';
import { arbitraryOf, UNLISTED, type ArbitraryOptions, type Sample } from '../support/tls-arbitrary.ts';
import { recordVarints, varintWidth } from '../support/tls-coverage.ts';
import { coveringSamples } from '../support/tls-covering.ts';
import { packages } from '../support/tls-packages.ts';

const vectors = loadMessages();
const kinds = Object.keys(MESSAGE_KINDS) as MessageKind[];

type Facts = Record<string, string | number | boolean | null | Array<string | number>>;
const hex = (b: Uint8Array): string => toHex(b);

/** Comparable facts from our decoded value. */
function oursFacts(kind: MessageKind, v: unknown): Facts {
  switch (kind) {
    case 'ratchet_tree': {
      const t = v as M.RatchetTree;
      return { length: t.length, shape: t.map((n) => (n === null ? 'blank' : n.node_type)) };
    }
    case 'group_secrets': {
      const g = v as M.GroupSecrets;
      return { joiner_secret: hex(g.joiner_secret), path_secret: g.path_secret && hex(g.path_secret.path_secret), psks: g.psks.map((p) => hex(p.psk_nonce)) };
    }
    case 'add_proposal': {
      const kp = (v as M.Add).key_package;
      return { init_key: hex(kp.init_key), cipher_suite: kp.cipher_suite, encryption_key: hex(kp.leaf_node.encryption_key), signature: hex(kp.signature) };
    }
    case 'update_proposal': {
      const ln = (v as M.Update).leaf_node;
      return { encryption_key: hex(ln.encryption_key), signature_key: hex(ln.signature_key), source: ln.leaf_node_source, extensions: ln.extensions.length };
    }
    case 'remove_proposal':
      return { removed: (v as M.Remove).removed };
    case 'pre_shared_key_proposal': {
      const p = (v as M.PreSharedKey).psk;
      return {
        psktype: p.psktype,
        psk_nonce: hex(p.psk_nonce),
        id: p.psktype === 'external' ? hex(p.psk_id) : p.psktype === 'resumption' ? hex(p.psk_group_id) : null,
      };
    }
    case 're_init_proposal': {
      const r = v as M.ReInit;
      return { group_id: hex(r.group_id), version: r.version, cipher_suite: r.cipher_suite, extensions: r.extensions.length };
    }
    case 'external_init_proposal':
      return { kem_output: hex((v as M.ExternalInit).kem_output) };
    case 'group_context_extensions_proposal': {
      const e = (v as M.GroupContextExtensions).extensions;
      return { extensions: e.length, data: e.map((x) => hex(x.extension_data)) };
    }
    case 'commit': {
      const c = v as M.Commit;
      return { proposals: c.proposals.map((p) => p.type), path: c.path !== null, path_nodes: c.path?.nodes.length ?? -1 };
    }
    default:
      return oursMessageFacts(v as M.MLSMessage);
  }
}

function oursMessageFacts(m: M.MLSMessage): Facts {
  const base: Facts = { version: m.version, wire_format: m.wire_format };
  switch (m.wire_format) {
    case 'mls_public_message': {
      const c = m.public_message.content;
      return {
        ...base,
        group_id: hex(c.group_id),
        epoch: c.epoch.toString(),
        content_type: c.content_type,
        sender_type: c.sender.sender_type,
        leaf_index: c.sender.sender_type === 'member' ? c.sender.leaf_index : null,
        authenticated_data: hex(c.authenticated_data),
        signature: hex(m.public_message.auth.signature),
        membership_tag: m.public_message.membership_tag ? hex(m.public_message.membership_tag) : null,
        proposals: c.content_type === 'commit' ? c.commit.proposals.length : null,
      };
    }
    case 'mls_private_message': {
      const p = m.private_message;
      return {
        ...base,
        group_id: hex(p.group_id),
        epoch: p.epoch.toString(),
        content_type: p.content_type,
        authenticated_data: hex(p.authenticated_data),
        ciphertext: hex(p.ciphertext),
      };
    }
    case 'mls_welcome': {
      const w = m.welcome;
      return { ...base, cipher_suite: w.cipher_suite, secrets: w.secrets.map((s) => hex(s.new_member)), encrypted_group_info: hex(w.encrypted_group_info) };
    }
    case 'mls_group_info': {
      const g = m.group_info;
      return {
        ...base,
        group_id: hex(g.group_context.group_id),
        epoch: g.group_context.epoch.toString(),
        cipher_suite: g.group_context.cipher_suite,
        signer: g.signer,
        extensions: g.extensions.length,
        confirmation_tag: hex(g.confirmation_tag),
      };
    }
    case 'mls_key_package': {
      const k = m.key_package;
      return {
        ...base,
        cipher_suite: k.cipher_suite,
        init_key: hex(k.init_key),
        encryption_key: hex(k.leaf_node.encryption_key),
        credential_type: k.leaf_node.credential.credential_type,
        signature: hex(k.signature),
      };
    }
  }
}

/** The same facts from ts-mls's decoded value. */
function theirFacts(kind: MessageKind, v: unknown): Facts {
  switch (kind) {
    case 'ratchet_tree': {
      // ts-mls extends the tree to 2^d - 1 nodes on decode (and strips trailing blanks on encode).
      const t = (v as T.RatchetTree).slice();
      while (t.length > 0 && t[t.length - 1] === undefined) t.pop();
      return { length: t.length, shape: t.map((n) => (n === undefined ? 'blank' : n.nodeType)) };
    }
    case 'group_secrets': {
      const g = v as TGroupSecrets;
      return { joiner_secret: hex(g.joinerSecret), path_secret: g.pathSecret ? hex(g.pathSecret) : null, psks: g.psks.map((p) => hex(p.pskNonce)) };
    }
    case 'add_proposal': {
      const kp = (v as TAdd).keyPackage;
      return { init_key: hex(kp.initKey), cipher_suite: kp.cipherSuite, encryption_key: hex(kp.leafNode.hpkePublicKey), signature: hex(kp.signature) };
    }
    case 'update_proposal': {
      const ln = (v as TUpdate).leafNode;
      return { encryption_key: hex(ln.hpkePublicKey), signature_key: hex(ln.signaturePublicKey), source: ln.leafNodeSource, extensions: ln.extensions.length };
    }
    case 'remove_proposal':
      return { removed: (v as TRemove).removed };
    case 'pre_shared_key_proposal': {
      const p = (v as TPSK).preSharedKeyId;
      return { psktype: p.psktype, psk_nonce: hex(p.pskNonce), id: p.psktype === 'external' ? hex(p.pskId) : hex(p.pskGroupId) };
    }
    case 're_init_proposal': {
      const r = v as TReinit;
      return { group_id: hex(r.groupId), version: r.version, cipher_suite: r.cipherSuite, extensions: r.extensions.length };
    }
    case 'external_init_proposal':
      return { kem_output: hex((v as TExternalInit).kemOutput) };
    case 'group_context_extensions_proposal': {
      const e = (v as TGce).extensions;
      return { extensions: e.length, data: e.map((x) => hex(x.extensionData)) };
    }
    case 'commit': {
      const c = v as TCommit;
      return { proposals: c.proposals.map((p) => p.proposalOrRefType), path: c.path !== undefined, path_nodes: c.path?.nodes.length ?? -1 };
    }
    default:
      return theirMessageFacts(v as T.MLSMessage);
  }
}

function theirMessageFacts(m: T.MLSMessage): Facts {
  const base: Facts = { version: m.version, wire_format: m.wireformat };
  switch (m.wireformat) {
    case 'mls_public_message': {
      const pm = m.publicMessage;
      const c = pm.content;
      return {
        ...base,
        group_id: hex(c.groupId),
        epoch: c.epoch.toString(),
        content_type: c.contentType,
        sender_type: c.sender.senderType,
        leaf_index: c.sender.senderType === 'member' ? c.sender.leafIndex : null,
        authenticated_data: hex(c.authenticatedData),
        signature: hex(pm.auth.signature),
        membership_tag: pm.senderType === 'member' ? hex(pm.membershipTag) : null,
        proposals: c.contentType === 'commit' ? c.commit.proposals.length : null,
      };
    }
    case 'mls_private_message': {
      const p = m.privateMessage;
      return {
        ...base,
        group_id: hex(p.groupId),
        epoch: p.epoch.toString(),
        content_type: p.contentType,
        authenticated_data: hex(p.authenticatedData),
        ciphertext: hex(p.ciphertext),
      };
    }
    case 'mls_welcome': {
      const w = m.welcome;
      return { ...base, cipher_suite: w.cipherSuite, secrets: w.secrets.map((s) => hex(s.newMember)), encrypted_group_info: hex(w.encryptedGroupInfo) };
    }
    case 'mls_group_info': {
      const g = m.groupInfo;
      return {
        ...base,
        group_id: hex(g.groupContext.groupId),
        epoch: g.groupContext.epoch.toString(),
        cipher_suite: g.groupContext.cipherSuite,
        signer: g.signer,
        extensions: g.extensions.length,
        confirmation_tag: hex(g.confirmationTag),
      };
    }
    case 'mls_key_package': {
      const k = m.keyPackage;
      return {
        ...base,
        cipher_suite: k.cipherSuite,
        init_key: hex(k.initKey),
        encryption_key: hex(k.leafNode.hpkePublicKey),
        credential_type: k.leafNode.credential.credentialType,
        signature: hex(k.signature),
      };
    }
  }
}

describe('differential: generated codecs vs ts-mls 1.6.4 on messages.json (both directions)', () => {
  it('covers all 17 kinds with a ts-mls codec', () => {
    expect(kinds).toHaveLength(17);
    expect(Object.keys(TS_MLS_CODECS).sort()).toEqual([...kinds].sort());
  });

  for (const kind of kinds) {
    it(`${kind}: ours→ts-mls and ts-mls→ours round trips are byte-exact; decoded fields agree`, () => {
      const ours = codecs[MESSAGE_KINDS[kind]] as Codec<unknown>;
      const theirs = TS_MLS_CODECS[kind];
      const failures: string[] = [];
      let checked = 0;
      for (const [i, v] of vectors.entries()) {
        const input = bytes(v[kind]);
        const want = v[kind];
        try {
          // (a) ours first, then ts-mls reads our re-encoding.
          const oursValue = ours.decode(input);
          const oursBytes = ours.encode(oursValue);
          const theirValue = decodeAll(theirs, oursBytes);
          const a = hex(theirs.encode(theirValue));
          if (a !== want) failures.push(`entry ${i} (a): ts-mls re-encoding of our bytes differs (${a.length / 2} vs ${input.length} bytes)`);

          // (b) ts-mls first, then ours reads its re-encoding.
          const theirFirst = decodeAll(theirs, input);
          const theirBytes = theirs.encode(theirFirst);
          const b = hex(ours.encode(ours.decode(theirBytes)));
          if (b !== want) failures.push(`entry ${i} (b): our re-encoding of ts-mls bytes differs (${b.length / 2} vs ${input.length} bytes)`);

          // (c) structural agreement.
          const fo = oursFacts(kind, oursValue);
          const ft = theirFacts(kind, theirFirst);
          if (JSON.stringify(fo) !== JSON.stringify(ft))
            failures.push(`entry ${i} (c): ours ${JSON.stringify(fo).slice(0, 300)} vs ts-mls ${JSON.stringify(ft).slice(0, 300)}`);
        } catch (err) {
          failures.push(`entry ${i}: ${(err as Error).message}`);
        }
        checked++;
      }
      expect(failures.slice(0, 10)).toEqual([]);
      expect(checked).toBe(300);
    });
  }
});

const RANDOM_RUNS = Number(process.env.PROPERTY_RUNS ?? 25) * 4;
const only = (...allowed: Array<string | number>) => [{ path: [], allowed }];

/**
 * What ts-mls 1.6.4 can decode, as constraints on the generated values: its closed enums list no
 * `reserved` and none of the mls-extensions values (a proposal type it does not know is a custom
 * proposal, `opaque data<V>`, as our default arm); it checks the leaf node source of a key
 * package, an Update proposal and an UpdatePath.
 */
const TS_MLS_SCOPE: ArbitraryOptions['constrain'] = {
  ProtocolVersion: only('mls10'),
  ContentType: only('application', 'proposal', 'commit'),
  SenderType: only('member', 'external', 'new_member_proposal', 'new_member_commit'),
  WireFormat: only('mls_public_message', 'mls_private_message', 'mls_welcome', 'mls_group_info', 'mls_key_package'),
  LeafNodeSource: only('key_package', 'update', 'commit'),
  PSKType: only('external', 'resumption'),
  ResumptionPSKUsage: only('application', 'reinit', 'branch'),
  ProposalType: only('reserved', 'add', 'update', 'remove', 'psk', 'reinit', 'external_init', 'group_context_extensions', 'app_ack', UNLISTED),
  KeyPackage: [{ path: ['leaf_node', 'leaf_node_source'], allowed: ['key_package'] }],
  Update: [{ path: ['leaf_node', 'leaf_node_source'], allowed: ['update'] }],
  UpdatePath: [{ path: ['leaf_node', 'leaf_node_source'], allowed: ['commit'] }],
};

/** ts-mls refuses a ratchet tree whose last node is blank (RFC 9420 §12.4.3.3 trims them). */
function inTsMlsScope(type: string, s: Sample): Sample | null {
  if (type !== 'ratchet_tree') return s;
  const nodes = (s.value as unknown[]).slice();
  while (nodes.length > 0 && nodes.at(-1) === null) nodes.pop();
  return nodes.length > 0 ? { ...s, value: nodes } : null;
}

describe(`differential: random values of the messages.json types, ours → ts-mls → ours (${SEED_LABEL})`, () => {
  const mls = packages.find((p) => p.name === 'mls')!;
  const types = new Map<string, MessageKind>();
  for (const kind of kinds) if (!types.has(MESSAGE_KINDS[kind])) types.set(MESSAGE_KINDS[kind], kind);

  for (const [type, kind] of types) {
    it(`${type}: ts-mls decodes our encoding of every sample and re-encodes the same bytes; ours decodes ts-mls's`, () => {
      const ours = codecs[type as keyof typeof codecs] as Codec<unknown>;
      const theirs = TS_MLS_CODECS[kind];
      const seed = seedFor(`differential ${type}`);
      const covering = coveringSamples(mls, type, ours, seed, { constrain: TS_MLS_SCOPE });
      expect(covering.missing, 'covering samples within the ts-mls scope').toEqual([]);
      const random = fc.sample(arbitraryOf(mls, type, { constrain: TS_MLS_SCOPE }), { numRuns: RANDOM_RUNS, seed });
      const failures: string[] = [];
      const widths = new Set<number>();
      let checked = 0;
      for (const [i, raw] of [...covering.samples, ...random].entries()) {
        const sample = inTsMlsScope(type, raw);
        if (sample === null) continue;
        const label = `${i < covering.samples.length ? 'covering' : 'random'} sample ${i}`;
        try {
          const b = ours.encode(sample.value, sample.context);
          const theirValue = decodeAll(theirs, b);
          const theirBytes = theirs.encode(theirValue);
          if (hex(theirBytes) !== hex(b)) failures.push(`${label}: ts-mls re-encodes ${theirBytes.length} bytes for our ${b.length}`);
          const { result: back, lengths } = recordVarints(() => ours.decode(theirBytes, { context: sample.context }));
          if (!isDeepStrictEqual(back, sample.value)) failures.push(`${label}: ours decodes ts-mls's bytes to another value`);
          for (const n of lengths) widths.add(varintWidth(n));
        } catch (err) {
          failures.push(`${label}: ${(err as Error).message}`);
        }
        checked++;
      }
      expect(failures.slice(0, 10), SEED_LABEL).toEqual([]);
      expect(checked).toBeGreaterThan(RANDOM_RUNS / 2);
      if (covering.vectors) expect([...widths].sort(), 'varint widths ts-mls was given').toEqual([1, 2, 4]);
    });
  }
});
