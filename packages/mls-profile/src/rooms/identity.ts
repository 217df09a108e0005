/**
 * Who is who in a room: the MLS group id of a room, the user behind a leaf, KeyPackages that can
 * join a room, and the bridge from the identity module's AuthService to the adapter's.
 */
import { decodeUtf8OrNull, encodeUtf8, toHex } from '@mimikit/bytes';
import { codecs, type Credential, type KeyPackage } from '@mimikit/mls';
import { generateMimiKeyPackage } from '../advertise/leaf.ts';
import type { AuthService as MlsAuthService, CipherSuite, KeyPackageBundle, Member, MlsCredential } from '../mls/index.ts';
import {
  type AuthService as IdentityAuthService,
  clientUriOfCredential,
  MimiCredentialError,
  parseMimiUri,
  userOfClient,
  type ClientUri,
  type RoomUri,
} from '../identity/index.ts';
import { RoomError } from './errors.ts';

export { APP_DATA_DICTIONARY } from '../advertise/registry.ts';
/** RFC 9420 required_capabilities. */
export const REQUIRED_CAPABILITIES = 0x0003;

/**
 * The MLS group id of a room. draft-ietf-mimi-protocol-06 ("Alice Creates a Room", and its URI
 * table) gives room `mimi://a.example/r/clubhouse` the group id `mimi://a.example/g/clubhouse`:
 * the same provider and name under `/g/`. The draft shows this as an example, not a rule; we
 * follow it so ids are predictable and a hub can map one to the other. The id is the UTF-8 of the
 * canonical group URI.
 */
export function groupIdForRoom(room: RoomUri | string): Uint8Array {
  const r = typeof room === 'string' ? parseMimiUri(room, 'room') : room;
  if (r.kind !== 'room') throw new RoomError('bad-input', `${String(r.text)} is not a room URI`);
  // parseMimiUri re-checks and canonicalises the segment.
  return encodeUtf8(parseMimiUri(`mimi://${r.domain}/g/${r.room}`, 'group').text);
}

/** The client URI of a leaf or KeyPackage credential; RoomError when it is not a MIMI client. */
export function clientOf(c: MlsCredential | Credential): ClientUri {
  const identity = 'identity' in c ? c.identity : undefined;
  const basic = ('credentialType' in c ? c.credentialType === 1 : c.credential_type === 'basic') && identity instanceof Uint8Array;
  if (!basic) throw new RoomError('bad-input', 'a credential that is not a basic MIMI client credential');
  try {
    return clientUriOfCredential({ credentialType: 'basic', identity });
  } catch (e) {
    if (e instanceof MimiCredentialError) throw new RoomError('bad-input', e.message, { cause: e });
    throw e;
  }
}

/**
 * The user URI text behind a client credential. Only the `/d/{user}/{client}` form names its user;
 * a `/d/{client}` client cannot be tied to a participant without the provider, so rooms refuse it.
 */
export function userOf(c: MlsCredential | Credential): string {
  return userOfClientUri(clientOf(c));
}

/** userOf for a client URI already read from its credential. */
export function userOfClientUri(client: ClientUri): string {
  const user = userOfClient(client);
  if (!user) throw new RoomError('bad-input', `${client.text} does not name its user (use mimi://domain/d/{user}/{client})`);
  return user.text;
}

/**
 * user URI text → the leaves of that user's clients. Leaves whose credential names no user are
 * skipped. `userFor` lets a caller that already knows each member's user (or its Error) reuse it.
 */
export function leavesByUser(members: readonly Member[], userFor: (m: Member) => string | Error = userOrError): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const m of members) {
    const user = userFor(m);
    if (typeof user === 'string') out.set(user, [...(out.get(user) ?? []), m.leafIndex]);
  }
  return out;
}

function userOrError(m: Member): string | Error {
  try {
    return userOf(m.credential);
  } catch (e) {
    return e as Error;
  }
}

/** The KeyPackage inside MLSMessage(mls_key_package) bytes. */
export function keyPackageOf(keyPackage: Uint8Array): KeyPackage {
  const m = codecs.MLSMessage.decode(keyPackage);
  if (m.wire_format !== 'mls_key_package') throw new RoomError('bad-input', `expected a KeyPackage, got ${m.wire_format}`);
  return m.key_package;
}

/** The credential inside MLSMessage(mls_key_package) bytes. */
export function keyPackageCredential(keyPackage: Uint8Array): Credential {
  return keyPackageOf(keyPackage).leaf_node.credential;
}

/**
 * A KeyPackage that can be added to a room: a MIMI KeyPackage (advertise/leaf.ts: the client's
 * credential, app_data_dictionary in its capabilities, which rooms require, and what it accepts)
 * for a client URI that names its user, since rooms tie leaves to participants by it.
 */
export async function roomKeyPackage(p: { client: ClientUri | string; cipherSuite: CipherSuite; mediaTypes?: readonly string[] }): Promise<KeyPackageBundle> {
  const client = typeof p.client === 'string' ? parseMimiUri(p.client, 'client') : p.client;
  if (!userOfClient(client)) throw new RoomError('bad-input', `${client.text} does not name its user (use mimi://domain/d/{user}/{client})`);
  return generateMimiKeyPackage({ client, cipherSuite: p.cipherSuite, ...(p.mediaTypes ? { mediaTypes: p.mediaTypes } : {}) });
}

/**
 * The identity module's AuthService (async, detailed result, ts-mls credential shape) as the
 * adapter's (boolean, RFC 9420 numeric credential types).
 */
export function adapterAuth(auth: IdentityAuthService): MlsAuthService {
  return async (c, key) => {
    if (c.credentialType !== 1 || !c.identity) return false;
    return (await auth({ credentialType: 'basic', identity: c.identity }, key)).ok;
  };
}

/**
 * The text of room-state bytes (user URIs, the room URI, the group id) and back. Decoding is exact
 * (@mimikit/bytes: a leading U+FEFF stays), so different bytes never read as the same text;
 * RoomError when they are not UTF-8. Rooms compare users by their bytes (userKey), never by text.
 */
export const utf8 = {
  encode: (s: string): Uint8Array => encodeUtf8(s),
  decode: (b: Uint8Array): string => {
    const s = decodeUtf8OrNull(b);
    if (s === null) throw new RoomError('bad-input', `not UTF-8: 0x${toHex(b)}`);
    return s;
  },
};

/** Room-state bytes for a message: their text, or hex when they are not UTF-8. Never throws. */
export const shown = (b: Uint8Array): string => decodeUtf8OrNull(b) ?? `0x${toHex(b)}`;
