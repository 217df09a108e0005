/**
 * Valid values of every TLS body type in spec/openapi/mimi-protocol.yaml, built from the MLS interop
 * vectors (key packages, MLS messages) and small literal fields.
 */
import { codecs as mlsCodecs, type KeyPackage, type MLSMessage } from '@mimikit/mls';
import { codecs } from '@mimikit/mimi-protocol';
import { encodeUtf8 as utf8 } from '@mimikit/bytes';
import type { Codec, CodecContext } from '@mimikit/tls';
import type {
  AbuseReport,
  ConsentEntry,
  FanoutMessage,
  Frank,
  GroupInfoRequest,
  GroupInfoResponse,
  IdentifierRequest,
  IdentifierResponse,
  IdentifierUri,
  KeyMaterialRequest,
  KeyMaterialResponse,
  SubmitMessageRequest,
  SubmitMessageResponse,
  UpdateRequest,
  UpdateRoomResponse,
} from '@mimikit/mimi-protocol';
import { bytes, loadMessages } from './mls-vectors.ts';

/** The value as the codec decodes it (numeric enum values become names), so toEqual compares like with like. */
function canonical<T>(codec: Codec<T>, value: T, context?: CodecContext): T {
  return codec.decode(codec.encode(value, context), { context });
}

const filled = (n: number, b: number) => new Uint8Array(n).fill(b);
export const uri = (s: string): IdentifierUri => ({ uri: utf8(s) });

const vector = loadMessages()[0]!;
const mls = (hex: string): MLSMessage => mlsCodecs.MLSMessage.decode(bytes(hex));

function keyPackage(): KeyPackage {
  const m = mls(vector.mls_key_package);
  if (m.wire_format !== 'mls_key_package') throw new Error('vector is not a key package');
  return m.key_package;
}

function groupInfo() {
  const m = mls(vector.mls_group_info);
  if (m.wire_format !== 'mls_group_info') throw new Error('vector is not a group info');
  return m.group_info;
}

export const ALICE = 'mimi://a.example/u/alice';
export const BOB = 'mimi://b.example/u/bob';
export const ROOM = 'mimi://a.example/r/room1';

const frank: Frank = { server_frank: filled(32, 1), franking_signature_ciphersuite: 1, franking_integrity_signature: filled(64, 2) };

export const keyMaterialRequest: KeyMaterialRequest = canonical(codecs.KeyMaterialRequest, {
  requestingUser: uri(ALICE),
  targetUser: uri(BOB),
  roomId: uri(ROOM),
  protocol: 'mls10',
  acceptableCiphersuites: [1, 3],
  requiredCapabilities: { extension_types: [], proposal_types: [], credential_types: ['basic'] },
  requesterSignatureKey: filled(32, 3),
  requesterCredential: { credential_type: 'basic', identity: utf8(ALICE) },
  key_material_request_signature: filled(64, 4),
});

export const keyMaterialResponse: KeyMaterialResponse = canonical(codecs.KeyMaterialResponse, {
  protocol: 'mls10',
  userStatus: 'success',
  userUri: uri(BOB),
  clients: [{ clientStatus: 'success', clientUri: uri(`${BOB}/c/1`), keyPackage: keyPackage() }],
});

export const updateRequest: UpdateRequest = canonical(
  codecs.UpdateRequest,
  {
    bundle: {
      proposalOrCommit: mls(vector.public_message_commit),
      welcome: null,
      groupInfoOption: { representation: 'full', groupInfo: groupInfo() },
      ratchetTreeOption: { representation: 'distributionService' },
      moreProposals: [],
    },
  },
  { 'room.protocol': 'mls10' },
);

export const updateRoomResponse: UpdateRoomResponse = canonical(codecs.UpdateRoomResponse, {
  errorDescription: new Uint8Array(0),
  responseCode: 'success',
  accepted_timestamp: 1_700_000_000_000n,
});

export const submitMessageRequest: SubmitMessageRequest = canonical(codecs.SubmitMessageRequest, {
  protocol: 'mls10',
  appMessage: mls(vector.private_message),
  sendingUri: uri(`${ALICE}/c/1`),
});

export const submitMessageResponse: SubmitMessageResponse = canonical(codecs.SubmitMessageResponse, {
  protocol: 'mls10',
  statusCode: 'accepted',
  accepted_timestamp: 1_700_000_000_001n,
  frank,
});

export const fanoutMessage: FanoutMessage = canonical(
  codecs.FanoutMessage,
  { timestamp: 1_700_000_000_002n, message: mls(vector.private_message), frank },
  { protocol: 'mls10' },
);

export const groupInfoRequest: GroupInfoRequest = canonical(codecs.GroupInfoRequest, {
  protocol: 'mls10',
  cipher_suite: 1,
  requestingSignatureKey: filled(32, 5),
  requestingCredential: { credential_type: 'basic', identity: utf8(ALICE) },
  groupInfoPublicKey: filled(32, 6),
  joiningCode: utf8('join-123'),
  signature: filled(64, 7),
});

export const groupInfoResponse: GroupInfoResponse = canonical(codecs.GroupInfoResponse, {
  version: 'mls10',
  room_id: utf8(ROOM),
  status: 'success',
  cipher_suite: 1,
  hub_sender: { signature_key: filled(32, 8), credential: { credential_type: 'basic', identity: utf8('mimi://a.example') } },
  encrypted_groupinfo_and_tree: { kem_output: filled(32, 9), ciphertext: filled(100, 10) },
  signature: filled(64, 11),
});

export const consentEntry: ConsentEntry = canonical(codecs.ConsentEntry, {
  requesterUri: uri(ALICE),
  targetUri: uri(BOB),
  roomId: uri(ROOM),
  consent_extensions: { component_data: [] },
  consentOperation: 'grant',
  clientKeyPackages: [keyPackage()],
});

export const identifierRequest: IdentifierRequest = canonical(codecs.IdentifierRequest, {
  query_elements: [{ searchValue: utf8('bob@b.example'), searchType: 'oidcStdClaim', claimName: utf8('email') }],
  id_request_extensions: { component_data: [] },
});

export const identifierResponse: IdentifierResponse = canonical(codecs.IdentifierResponse, {
  responseCode: 'success',
  uri: [uri(BOB)],
  foundProfiles: [{ stableUri: uri(BOB), fields: [{ fieldSource: 'oidcStdClaim', fieldName: utf8('email'), fieldValue: utf8('bob@b.example') }] }],
  id_response_extensions: { component_data: [] },
});

export const abuseReport: AbuseReport = canonical(codecs.AbuseReport, {
  reportingUser: uri(ALICE),
  allegedAbuserUri: uri(BOB),
  reasonCode: 'reserved',
  note: utf8('spam'),
  messages: [{ message_content: utf8('buy now'), frank, accepted_timestamp: 1_700_000_000_003n }],
  abuse_extensions: { component_data: [] },
});
