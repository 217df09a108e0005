/**
 * MIMI URIs as MLS credentials (RFC 9420 §5.3).
 *
 * What the drafts say: draft-mahy-mimi-identity-05 does not define how a MIMI identity goes into
 * an MLS credential. It surveys containers that can carry the URIs: X.509 certificates with the
 * client and user URIs as subjectAltName URIs (lines 441-531, example at lines 507-509, "already
 * supported in MLS as a standard credential type", line 462), JWT/CWT `sub` claims (lines
 * 533-577), SD-JWT/SD-CWT credentials (line 579, I-D.mahy-mls-sd-cwt-credential) and Verifiable
 * Credentials (lines 581-742). draft-ietf-mimi-protocol-06 only requires that "the sender's
 * identity in its credential in its MLS LeafNode matches the `sender_uri`" (lines 1327-1330), that
 * the franking agent's credential names the hub's domain (lines 1313-1314), and defines
 * PseudonymousCredential for minimal-metadata rooms (lines 2138-2178).
 *
 * What this module does: the basic credential (RFC 9420 credential_type 1) whose `identity` is
 * the UTF-8 bytes of the client's canonical MIMI URI (`mimi://a.example/d/alice/ClientA1`). A basic
 * credential is only a claim: nothing in it proves that its signature key belongs to that client,
 * which is why the authentication service (auth-service.ts) wants a verification hook.
 *
 * Out of scope here: X.509 (a certificate chain to the provider's CA, the client URI and possibly
 * the user URI in subjectAltName), SD-CWT/SD-JWT and PseudonymousCredential. They plug into the
 * authentication service through its `otherCredentials` hook, which maps a credential it has
 * verified to the client URI it asserts.
 *
 * The identity must be the canonical text: equivalent spellings of one client
 * (`MIMI://A.EXAMPLE/d/x`, `mimi://a.example/d/%78`) would otherwise be different byte strings in
 * the MLS tree, and byte comparisons of identities (duplicate members, block lists) would miss them.
 */
import { decodeUtf8OrNull, encodeUtf8 } from '@mimikit/bytes';
import { type ClientUri, formatMimiUri, type MimiUri, MimiUriError, type MimiUriKind, type MimiUriOf, parseMimiUri } from './uri.ts';

/** RFC 9420 basic credential, in the shape ts-mls uses. */
export interface BasicCredential {
  readonly credentialType: 'basic';
  readonly identity: Uint8Array;
}

/** Any credential: ts-mls `Credential` values (basic, x509, custom) and object literals of them fit. */
export type AnyCredential =
  | BasicCredential
  | { readonly credentialType: string; readonly identity?: unknown; readonly certificates?: unknown; readonly data?: unknown };

export type MimiCredentialErrorCode =
  /** The credential type is not basic. */
  | 'not-basic'
  /** A basic credential whose identity is not a Uint8Array. */
  | 'malformed'
  /** The identity is not UTF-8. */
  | 'bad-utf8'
  /** The identity is not a valid MIMI URI (`uriError` says why). */
  | 'bad-uri'
  /** A valid MIMI URI of another kind than expected. */
  | 'wrong-kind'
  /** A valid MIMI URI, but not in canonical form. */
  | 'not-canonical';

export class MimiCredentialError extends Error {
  readonly code: MimiCredentialErrorCode;
  /** Byte offset in the identity where the problem is (0 when it is about the whole credential). */
  readonly offset: number;
  readonly detail: string;
  /** For 'bad-uri' and 'wrong-kind': the URI error (offsets in UTF-16 code units of the text). */
  readonly uriError: MimiUriError | undefined;
  constructor(code: MimiCredentialErrorCode, offset: number, detail: string, uriError?: MimiUriError) {
    super(`${code} at byte ${offset} of the credential identity: ${detail}`);
    this.name = 'MimiCredentialError';
    this.code = code;
    this.offset = offset;
    this.detail = detail;
    this.uriError = uriError;
  }
}

/**
 * The basic credential of a client: identity = UTF-8 of the canonical client URI. A string is
 * parsed (MimiUriError if it is not a client URI); an object is re-validated and canonicalised.
 */
export function credentialFor(client: ClientUri | string): BasicCredential {
  const text = typeof client === 'string' ? parseMimiUri(client, 'client').text : clientText(client);
  return { credentialType: 'basic', identity: encodeUtf8(text) };
}

function clientText(client: ClientUri): string {
  if (client.kind !== 'client') throw new MimiUriError('wrong-kind', 0, String(client.text), `expected a client URI, got a ${String(client.kind)} URI`);
  return formatMimiUri(client);
}

/** The client URI in a basic credential; MimiCredentialError otherwise. */
export function clientUriOfCredential(credential: AnyCredential): ClientUri {
  return uriOfCredential(credential, 'client');
}

/**
 * The MIMI URI in a basic credential, of any kind or of the one given (e.g. 'provider' for a
 * franking agent's credential, protocol-06 lines 1313-1314). MimiCredentialError otherwise.
 */
export function uriOfCredential(credential: AnyCredential): MimiUri;
export function uriOfCredential<K extends MimiUriKind>(credential: AnyCredential, kind: K): MimiUriOf<K>;
export function uriOfCredential(credential: AnyCredential, kind?: MimiUriKind): MimiUri {
  if (typeof credential !== 'object' || credential === null) throw new MimiCredentialError('malformed', 0, 'not a credential object');
  if (credential.credentialType !== 'basic') {
    throw new MimiCredentialError('not-basic', 0, `credential type ${JSON.stringify(credential.credentialType)} is not basic`);
  }
  const identity = credential.identity;
  if (!(identity instanceof Uint8Array)) throw new MimiCredentialError('malformed', 0, 'a basic credential without identity bytes');
  // Exact decoding (@mimikit/bytes): a leading EF BB BF stays a U+FEFF, so BOM + a canonical URI is
  // not that URI (the parser refuses it), where a plain TextDecoder would drop it and accept it.
  const text = decodeUtf8OrNull(identity);
  if (text === null) {
    const at = firstInvalidUtf8(identity);
    throw new MimiCredentialError('bad-utf8', at, `the identity is not UTF-8 (at byte ${at})`);
  }
  let uri: MimiUri;
  try {
    uri = parseMimiUri(text, kind);
  } catch (e) {
    if (!(e instanceof MimiUriError)) throw e;
    const at = encodeUtf8(text.slice(0, e.offset)).length;
    throw new MimiCredentialError(e.code === 'wrong-kind' ? 'wrong-kind' : 'bad-uri', at, `${e.code}: ${e.detail}`, e);
  }
  if (uri.text !== text) {
    // They differ somewhere: at the latest where the shorter one ends (undefined there).
    let i = 0;
    while (text[i] === uri.text[i]) i++;
    throw new MimiCredentialError('not-canonical', encodeUtf8(text.slice(0, i)).length, `the identity is not in canonical form (${uri.text})`);
  }
  return uri;
}

/** Offset of the first byte where strict UTF-8 decoding fails. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let lo = 0;
  let hi = bytes.length;
  // The longest valid prefix, by bisection over prefixes that end on a complete sequence.
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (validPrefix(bytes, mid)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

function validPrefix(bytes: Uint8Array, n: number): boolean {
  // A prefix cut inside a multi-byte sequence is invalid on its own: let the decoder keep it pending.
  // Only validity is asked here (the text is dropped), so the BOM handling of this decoder is moot;
  // decodeUtf8 has no streaming mode.
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, n), { stream: true });
    return true;
  } catch {
    return false;
  }
}

/**
 * The basic credential of a provider in its wire shape (RFC 9420 Credential): identity = its
 * provider URI, `mimi://<domain>`. A hub names itself so as franking agent and as the ExternalSender
 * that signs GroupInfoResponses (the drafts do not fix the form; docs/deviations.md).
 */
export function providerCredential(domain: string): { credential_type: 'basic'; identity: Uint8Array } {
  return { credential_type: 'basic', identity: encodeUtf8(parseMimiUri(`mimi://${domain}`, 'provider').text) };
}
