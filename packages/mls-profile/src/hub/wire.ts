/**
 * The hub's reader of MLSMessages: the generated RFC 9420 readers, except that a Proposal of a type
 * the generated `Proposal` select has no arm for (a custom or private-use type, `app_ack`) is read
 * as `uint16 proposal_type; opaque data<V>` instead of failing the whole message. RFC 9420 gives no
 * encoding for such proposals; this is the one OpenMLS, mls-rs and ts-mls write. A hub must see the
 * type to apply its policy (and reject the commit), which a decode failure would not let it do.
 *
 * Everything else is the generated code: same DecodeError kinds, offsets and type paths
 * (`MLSMessage.public_message.content.commit.proposals[1].proposal.add.key_package…`).
 */
import {
  readContentType,
  readFramedContentAuthData,
  readGroupInfo,
  readKeyPackage,
  readMAC,
  readPrivateMessage,
  readProposal,
  readProposalOrRefType,
  readProposalRef,
  readProtocolVersion,
  readRatchetTreeOption,
  readSender,
  readUpdatePath,
  readWelcome,
  readWireFormat,
  ProposalType,
  type FramedContentAuthData,
  type GroupInfo,
  type KeyPackage,
  type MAC,
  type PrivateMessage,
  type Proposal,
  type ProposalRef,
  type RatchetTreeOption,
  type Sender,
  type UpdatePath,
  type Welcome,
} from '@mimikit/mls';
import { readFrank, readGroupInfoOption, type Frank, type GroupInfoOption } from '@mimikit/mimi-protocol';
import { DecodeError, Reader, decodeContext, decodeWith, rethrowWithin, type CodecContext, type DecodeOptions } from '@mimikit/tls';

/** A proposal whose type has no arm in the generated `Proposal`: its type number and its body. */
export interface CustomProposal {
  proposal_type: number;
  data: Uint8Array;
}

export type AnyProposal = Proposal | CustomProposal;

export function isCustomProposal(p: AnyProposal): p is CustomProposal {
  return typeof p.proposal_type === 'number' && 'data' in p;
}

export type AnyProposalOrRef = { type: 'proposal'; proposal: AnyProposal } | { type: 'reference'; reference: ProposalRef };

export interface AnyCommit {
  proposals: AnyProposalOrRef[];
  path: UpdatePath | null;
}

export type AnyFramedContent = { group_id: Uint8Array; epoch: bigint; sender: Sender; authenticated_data: Uint8Array } & (
  | { content_type: 'application'; application_data: Uint8Array }
  | { content_type: 'proposal'; proposal: AnyProposal }
  | { content_type: 'commit'; commit: AnyCommit }
);

export interface AnyPublicMessage {
  content: AnyFramedContent;
  auth: FramedContentAuthData;
  membership_tag?: MAC;
  /** The encoded AuthenticatedContent (wire_format, content, auth): what a ProposalRef hashes. */
  authenticatedContent: Uint8Array;
}

/** MLSMessage as the hub reads it: the generated type, with AnyPublicMessage for public messages. */
export type HubMessage = { version: 'mls10' } & (
  | { wire_format: 'mls_public_message'; public_message: AnyPublicMessage }
  | { wire_format: 'mls_private_message'; private_message: PrivateMessage }
  | { wire_format: 'mls_welcome'; welcome: Welcome }
  | { wire_format: 'mls_group_info'; group_info: GroupInfo }
  | { wire_format: 'mls_key_package'; key_package: KeyPackage }
);

function readAnyProposal(r: Reader): AnyProposal {
  const start = r.p;
  const depth = r.depth;
  try {
    return readProposal(r);
  } catch (e) {
    // Only the generated select's own "no arm" (path exactly ['proposal_type']) falls back; a
    // failure inside a known arm, or the reserved value 0, stays an error.
    if (!(e instanceof DecodeError) || e.kind !== 'unknown-select-case' || e.path.length !== 1 || e.path[0] !== 'proposal_type') throw e;
    r.p = start;
    r.depth = depth;
    if (r.u16() === ProposalType.reserved) throw e;
    r.p = start;
  }
  const o: CustomProposal = { proposal_type: 0, data: new Uint8Array(0) };
  let f = '';
  r.enter();
  try {
    f = 'proposal_type';
    o.proposal_type = r.u16();
    f = 'data';
    o.data = r.opaqueV();
  } catch (e) {
    rethrowWithin(e, f, r.p);
  }
  r.leave();
  return o;
}

function readAnyProposalOrRef(r: Reader): AnyProposalOrRef {
  const o: any = {};
  let f = '';
  r.enter();
  try {
    f = 'type';
    o.type = readProposalOrRefType(r);
    f = 'type';
    switch (o.type) {
      case 'proposal':
        f = 'proposal';
        o.proposal = readAnyProposal(r);
        break;
      case 'reference':
        f = 'reference';
        o.reference = readProposalRef(r);
        break;
      default:
        r.fail('unknown-select-case', `no arm for ProposalOrRef.type = ${String(o.type)}`);
    }
  } catch (e) {
    rethrowWithin(e, f, r.p);
  }
  r.leave();
  return o;
}

/** A `T x<V>` vector, with the generated code's element checks and `[i]` path segments. */
export function readVector<T>(r: Reader, read: (r: Reader) => T): T[] {
  const end = r.vectorEnd();
  const a: T[] = [];
  let i = 0;
  try {
    for (; r.p < end; i++) {
      const s = r.p;
      a.push(read(r));
      if (r.p === s) r.fail('zero-size-element', 'a vector element took no bytes');
    }
  } catch (e) {
    rethrowWithin(e, `[${i}]`, r.p);
  }
  r.endVector(end);
  return a;
}

function readAnyCommit(r: Reader): AnyCommit {
  const o: any = {};
  let f = '';
  r.enter();
  try {
    f = 'proposals';
    o.proposals = readVector(r, readAnyProposalOrRef);
    f = 'path';
    o.path = r.present() ? readUpdatePath(r) : null;
  } catch (e) {
    rethrowWithin(e, f, r.p);
  }
  r.leave();
  return o;
}

function readAnyFramedContent(r: Reader): AnyFramedContent {
  const o: any = {};
  let f = '';
  r.enter();
  try {
    f = 'group_id';
    o.group_id = r.opaqueV();
    f = 'epoch';
    o.epoch = r.u64();
    f = 'sender';
    o.sender = readSender(r);
    f = 'authenticated_data';
    o.authenticated_data = r.opaqueV();
    f = 'content_type';
    o.content_type = readContentType(r);
    f = 'content_type';
    switch (o.content_type) {
      case 'application':
        f = 'application_data';
        o.application_data = r.opaqueV();
        break;
      case 'proposal':
        f = 'proposal';
        o.proposal = readAnyProposal(r);
        break;
      case 'commit':
        f = 'commit';
        o.commit = readAnyCommit(r);
        break;
      default:
        r.fail('unknown-select-case', `no arm for FramedContent.content_type = ${String(o.content_type)}`);
    }
  } catch (e) {
    rethrowWithin(e, f, r.p);
  }
  r.leave();
  return o;
}

const PUBLIC_MESSAGE_WIRE_FORMAT = Uint8Array.of(0x00, 0x01);

function readAnyPublicMessage(r: Reader): AnyPublicMessage {
  const o: any = {};
  let f = '';
  r.enter();
  try {
    const start = r.p;
    f = 'content';
    o.content = readAnyFramedContent(r);
    f = 'auth';
    o.auth = readFramedContentAuthData(r, { 'FramedContent.content_type': o.content.content_type } as CodecContext);
    const ac = new Uint8Array(2 + r.p - start);
    ac.set(PUBLIC_MESSAGE_WIRE_FORMAT, 0);
    ac.set(r.b.subarray(start, r.p), 2);
    o.authenticatedContent = ac;
    f = 'content';
    switch (o.content?.sender?.sender_type) {
      case 'member':
        f = 'membership_tag';
        o.membership_tag = readMAC(r);
        break;
      case 'external':
      case 'new_member_commit':
      case 'new_member_proposal':
        break;
      default:
        r.fail('unknown-select-case', `no arm for PublicMessage.content.sender.sender_type = ${String(o.content?.sender?.sender_type)}`);
    }
  } catch (e) {
    rethrowWithin(e, f, r.p);
  }
  r.leave();
  return o;
}

export function readHubMessage(r: Reader): HubMessage {
  const o: any = {};
  let f = '';
  r.enter();
  try {
    f = 'version';
    o.version = readProtocolVersion(r);
    if (o.version !== 'mls10') r.fail('fixed-value-mismatch', `expected mls10, got ${String(o.version)}`, r.p - 2);
    f = 'wire_format';
    o.wire_format = readWireFormat(r);
    f = 'wire_format';
    switch (o.wire_format) {
      case 'mls_public_message':
        f = 'public_message';
        o.public_message = readAnyPublicMessage(r);
        break;
      case 'mls_private_message':
        f = 'private_message';
        o.private_message = readPrivateMessage(r);
        break;
      case 'mls_welcome':
        f = 'welcome';
        o.welcome = readWelcome(r);
        break;
      case 'mls_group_info':
        f = 'group_info';
        o.group_info = readGroupInfo(r);
        break;
      case 'mls_key_package':
        f = 'key_package';
        o.key_package = readKeyPackage(r);
        break;
      default:
        r.fail('unknown-select-case', `no arm for MLSMessage.wire_format = ${String(o.wire_format)}`);
    }
  } catch (e) {
    rethrowWithin(e, f, r.p);
  }
  r.leave();
  return o;
}

/** A strict top-level decode, as `Codec.decode` does it (@mimikit/tls `decodeWith`). */
export function decodeTop<T>(bytes: Uint8Array, typeName: string, read: (r: Reader, ctx?: CodecContext) => T, options?: DecodeOptions): T {
  return decodeWith(typeName, read, bytes, options);
}

/** One MLSMessage, read as the hub reads it (see the module comment). */
export function decodeHubMessage(bytes: Uint8Array, options?: DecodeOptions): HubMessage {
  return decodeTop(bytes, 'MLSMessage', readHubMessage, options);
}

/** HandshakeBundle (draft-ietf-mimi-protocol-06 §5.3) with hub-read MLSMessages. */
export interface HubHandshakeBundle {
  proposalOrCommit: HubMessage;
  welcome?: Welcome | null;
  groupInfoOption?: GroupInfoOption;
  ratchetTreeOption?: RatchetTreeOption;
  moreProposals?: HubMessage[];
}

/** Mirrors the generated readHandshakeBundle (its select on the public message's content type). */
export function readHubHandshakeBundle(r: Reader): HubHandshakeBundle {
  const o: any = {};
  let f = '';
  r.enter();
  try {
    f = 'proposalOrCommit';
    o.proposalOrCommit = readHubMessage(r);
    f = 'proposalOrCommit';
    switch (o.proposalOrCommit?.public_message?.content?.content_type) {
      case 'commit':
        f = 'welcome';
        o.welcome = r.present() ? readWelcome(r) : null;
        f = 'groupInfoOption';
        o.groupInfoOption = readGroupInfoOption(r);
        f = 'ratchetTreeOption';
        o.ratchetTreeOption = readRatchetTreeOption(r);
        break;
      case 'proposal':
        f = 'moreProposals';
        o.moreProposals = readVector(r, readHubMessage);
        break;
      default:
        r.fail('unknown-select-case', `no arm for proposalOrCommit.public_message.content.content_type = ${String(o.proposalOrCommit?.public_message?.content?.content_type)}`);
    }
  } catch (e) {
    rethrowWithin(e, f, r.p);
  }
  r.leave();
  return o;
}

/** FanoutMessage (draft-ietf-mimi-protocol-06 §5.5) with hub-read MLSMessages. */
export interface HubFanoutMessage {
  timestamp: bigint;
  message?: HubMessage;
  frank?: Frank | null;
  ratchetTreeOption?: RatchetTreeOption;
  moreProposals?: HubMessage[];
  externalProposals?: HubMessage[];
}

/** Mirrors the generated readFanoutMessage; `protocol` comes from the context as there. */
export function readHubFanoutMessage(r: Reader, ctx?: CodecContext): HubFanoutMessage {
  const o: any = {};
  let f = '';
  r.enter();
  try {
    f = 'timestamp';
    o.timestamp = r.u64();
    f = '';
    const protocol = decodeContext(ctx, 'protocol', r.p);
    switch (protocol) {
      case 'mls10': {
        f = 'message';
        o.message = readHubMessage(r);
        f = 'message';
        switch (o.message?.wire_format) {
          case 'mls_private_message':
            f = 'frank';
            o.frank = r.present() ? readFrank(r) : null;
            break;
          case 'mls_welcome':
            f = 'ratchetTreeOption';
            o.ratchetTreeOption = readRatchetTreeOption(r);
            break;
          case 'mls_public_message':
            f = 'message';
            switch (o.message?.public_message?.content?.content_type) {
              case 'application':
                break;
              case 'proposal':
                f = 'moreProposals';
                o.moreProposals = readVector(r, readHubMessage);
                break;
              case 'commit':
                f = 'externalProposals';
                o.externalProposals = readVector(r, readHubMessage);
                break;
              default:
                r.fail('unknown-select-case', `no arm for message.public_message.content.content_type = ${String(o.message?.public_message?.content?.content_type)}`);
            }
            break;
          default:
            r.fail('unknown-select-case', `no arm for message.wire_format = ${String(o.message?.wire_format)}`);
        }
        break;
      }
      default:
        r.fail('unknown-select-case', `no arm for protocol = ${String(protocol)}`);
    }
  } catch (e) {
    rethrowWithin(e, f, r.p);
  }
  r.leave();
  return o;
}
