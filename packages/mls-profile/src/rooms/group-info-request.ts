/**
 * The GroupInfoRequest of an external join (draft-ietf-mimi-protocol-06 §5.6, "Cathy adds a new
 * device"): a client that is not a member yet asks the room's hub (POST /groupInfo/{roomId}) for the
 * room's GroupInfo and ratchet tree, naming itself by the credential and signature key of the
 * KeyPackage it will join with, signed with that key (SignWithLabel "GroupInfoRequestTBS"), and
 * giving a fresh HPKE key for the hub to encrypt the answer to.
 *
 * joiningCode: the request has `opaque joiningCode<V>`, its TBS `optional opaque joiningCode<V>`.
 * An empty code in the request is an absent one in the TBS, and a non-empty one is present: the
 * request cannot tell "present and empty" from "absent" (docs/deviations.md).
 * @spec draft-ietf-mimi-protocol §Claim group key information
 */
import type { GroupInfoRequest, GroupInfoRequestTBS } from '@mimikit/mimi-protocol';
import { codecs as protocolCodecs } from '@mimikit/mimi-protocol';
import { cipherSuiteById, generateHpkeKeyPair, signWithKeyPackage, verifyWithLabel, type CipherSuite, type KeyPackageBundle } from '../mls/index.ts';
import type { AuthService } from '../identity/index.ts';
import { GroupInfoError } from './errors.ts';
import { adapterAuth, clientOf, keyPackageOf, userOfClientUri } from './identity.ts';

/** RFC 9420 SignWithLabel label of a GroupInfoRequest's signature (draft §5.6). */
export const GROUP_INFO_REQUEST_LABEL = 'GroupInfoRequestTBS';

/** A signed request and what its sender keeps to open the answer. */
export interface PreparedGroupInfoRequest {
  request: GroupInfoRequest;
  /** The private half of request.groupInfoPublicKey: openGroupInfoResponse needs it. Secret; use once. */
  responsePrivateKey: Uint8Array;
}

function groupInfoRequestTbs(r: Omit<GroupInfoRequest, 'signature'>): Uint8Array {
  const tbs: GroupInfoRequestTBS = {
    protocol: r.protocol,
    cipher_suite: r.cipher_suite,
    requestingSignatureKey: r.requestingSignatureKey,
    requestingCredential: r.requestingCredential,
    groupInfoPublicKey: r.groupInfoPublicKey,
    joiningCode: r.joiningCode.length > 0 ? r.joiningCode : null,
  };
  return protocolCodecs.GroupInfoRequestTBS.encode(tbs);
}

/**
 * The GroupInfoRequest of the client whose KeyPackage this is (the one it will join with: the hub
 * can tie the request to the External Commit by credential and signature key), signed with its
 * signature key, in its cipher suite, with a fresh HPKE key pair for the response.
 */
export async function groupInfoRequest(p: { keyPackage: KeyPackageBundle; joiningCode?: Uint8Array }): Promise<PreparedGroupInfoRequest> {
  const kp = keyPackageOf(p.keyPackage.keyPackage);
  const hpke = await generateHpkeKeyPair(await cipherSuiteById(kp.cipher_suite));
  const unsigned: Omit<GroupInfoRequest, 'signature'> = {
    protocol: 'mls10',
    cipher_suite: kp.cipher_suite,
    requestingSignatureKey: kp.leaf_node.signature_key,
    requestingCredential: kp.leaf_node.credential,
    groupInfoPublicKey: hpke.publicKey,
    joiningCode: p.joiningCode ?? new Uint8Array(),
  };
  const { signature } = await signWithKeyPackage(p.keyPackage, GROUP_INFO_REQUEST_LABEL, groupInfoRequestTbs(unsigned));
  return { request: { ...unsigned, signature }, responsePrivateKey: hpke.privateKey };
}

/** Who a verified GroupInfoRequest comes from. */
export interface GroupInfoRequester {
  /** The client URI its credential names, and that client's user. */
  client: string;
  user: string;
  cipherSuite: CipherSuite;
  /** The joining code, or null when the request has none (empty). */
  joiningCode: Uint8Array | null;
}

/**
 * The hub's check of a GroupInfoRequest: its signature verifies with requestingSignatureKey over
 * GroupInfoRequestTBS, in its cipher suite, and its credential names a MIMI client (of a user);
 * with `authService`, the credential must also pass it, bound to that key. Returns the client and
 * user, which the hub then authorizes (a participant whose role holds canAddOwnClient; the External
 * Commit is judged again by hubCheckCommit). GroupInfoError otherwise.
 */
export async function verifyGroupInfoRequest(r: GroupInfoRequest, o: { authService?: AuthService } = {}): Promise<GroupInfoRequester> {
  let cipherSuite: CipherSuite;
  try {
    cipherSuite = await cipherSuiteById(r.cipher_suite);
  } catch (e) {
    throw new GroupInfoError('unsupported', 'cipher_suite', `${String(r.cipher_suite)}: ${(e as Error).message}`, { cause: e });
  }
  if (!(await verifyWithLabel(cipherSuite, r.requestingSignatureKey, GROUP_INFO_REQUEST_LABEL, groupInfoRequestTbs(r), r.signature)))
    throw new GroupInfoError('bad-signature', 'signature', 'does not verify with requestingSignatureKey over GroupInfoRequestTBS');
  let client: string;
  let user: string;
  try {
    const uri = clientOf(r.requestingCredential);
    client = uri.text;
    user = userOfClientUri(uri);
  } catch (e) {
    throw new GroupInfoError('bad-credential', 'requestingCredential', (e as Error).message, { cause: e });
  }
  if (o.authService) {
    const c = r.requestingCredential;
    const mls = c.credential_type === 'basic' ? { credentialType: 1, identity: c.identity } : { credentialType: 2 };
    if (!(await adapterAuth(o.authService)(mls, r.requestingSignatureKey)))
      throw new GroupInfoError('bad-credential', 'requestingCredential', `the authentication service does not accept ${client} with requestingSignatureKey`);
  }
  return { client, user, cipherSuite, joiningCode: r.joiningCode.length > 0 ? r.joiningCode : null };
}
