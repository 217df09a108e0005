/**
 * An MLS authentication service (RFC 9420 §5.3.1, RFC 9750 §5) for MIMI clients: decides whether a
 * credential presented in a KeyPackage, LeafNode or external sender belongs to a MIMI client this
 * member should accept. ts-mls's default accepts every credential; this one denies whatever it
 * cannot check.
 *
 * Checks, in order (each failure has its own `code`):
 *  1. the credential is basic (`unsupported-credential-type` otherwise), unless an
 *     `otherCredentials` hook handles its type: the hook verifies it (X.509 chain and
 *     subjectAltName, SD-CWT…) and returns the client URI it asserts;
 *  2. its identity is a canonical MIMI client URI (`malformed-credential`, `bad-client-uri`,
 *     `not-a-client`, `not-canonical`);
 *  3. the client's provider is trusted: its domain is in `domains`, or `trust(domain)` says so
 *     (`untrusted-domain`; with neither option, no domain is trusted);
 *  4. with `expectUser`, the client belongs to that user (`user-mismatch`, `user-unknown`): the
 *     user segment of `/d/{user}/{client}`, or the user the `verify` hook reports;
 *  5. the credential is verified (`verification-failed`; `unverified` when there is no `verify`
 *     hook, unless `acceptUnverified`): a basic credential is only a claim, nothing in it binds the
 *     signature key to the client.
 * A hook that throws gives `hook-failed`; the service itself never throws.
 *
 * A real deployment verifies the credential against the client's provider, the options
 * draft-mahy-mimi-identity-05 lays out (lines 284-438: a provider CA or identity provider, web of
 * trust, well-known cross-signing; lines 441-742: X.509, JWT/CWT, SD-CWT, VC). Plug it in as
 * `verify`: look up the client URI in the provider's identity service (or key transparency log)
 * and compare the signature key it vouches for, returning `{ ok: true, user }` with the client's
 * user when the service knows it. For certificate-style credentials, use `otherCredentials`.
 *
 * Plain types: the ts-mls adapter wraps it as
 * `{ validateCredential: async (c, key) => (await auth(c, key)).ok }`.
 */
import { type AnyCredential, clientUriOfCredential, MimiCredentialError } from './credential.ts';
import { type ClientUri, MimiUriError, parseDomain, parseMimiUri, userOfClient, type UserUri } from './uri.ts';

export type AuthRejectCode =
  | 'unsupported-credential-type'
  | 'malformed-credential'
  | 'bad-client-uri'
  | 'not-a-client'
  | 'not-canonical'
  | 'untrusted-domain'
  | 'user-mismatch'
  | 'user-unknown'
  | 'unverified'
  | 'verification-failed'
  | 'hook-failed';

export type AuthResult =
  | { readonly ok: true; readonly client: ClientUri; readonly user?: UserUri }
  | { readonly ok: false; readonly code: AuthRejectCode; readonly reason: string };

export type AuthService = (credential: AnyCredential, signaturePublicKey?: Uint8Array) => Promise<AuthResult>;

/** What `verify` is asked to confirm. */
export interface CredentialClaim {
  readonly credential: AnyCredential;
  readonly client: ClientUri;
  /** The leaf's or KeyPackage's signature key, when the caller has it. */
  readonly signaturePublicKey: Uint8Array | undefined;
}

/** `true`, or `{ ok: true, user }` when the identity service knows the client's user. */
export type VerifyOutcome = boolean | { readonly ok: true; readonly user?: UserUri | string } | { readonly ok: false; readonly reason: string };

export interface MimiAuthServiceOptions {
  /** Trusted provider domains (A-labels, any case); validated when the service is made. */
  readonly domains?: Iterable<string>;
  /** Asked about a domain not in `domains` (canonical lower-case); true trusts it. */
  readonly trust?: (domain: string) => boolean | Promise<boolean>;
  /** The user whose clients are expected (a user URI). */
  readonly expectUser?: UserUri | string;
  /** Verifies the credential with the client's provider: see the module comment. */
  readonly verify?: (claim: CredentialClaim) => VerifyOutcome | Promise<VerifyOutcome>;
  /**
   * Accept basic credentials that no `verify` hook checked: tests, demos, closed deployments. The
   * client URI is then only what the credential claims.
   */
  readonly acceptUnverified?: boolean;
  /**
   * Credentials other than basic: verify the credential, and return the client URI it asserts, or
   * null when its type is not one this hook handles. The result counts as verified (`verify`, if
   * set, still runs).
   */
  readonly otherCredentials?: (
    credential: AnyCredential,
    signaturePublicKey: Uint8Array | undefined,
  ) => string | ClientUri | null | Promise<string | ClientUri | null>;
}

const reject = (code: AuthRejectCode, reason: string): AuthResult => ({ ok: false, code, reason });

/**
 * The authentication service. Throws MimiUriError at once when `domains` or `expectUser` is not
 * valid; the service it returns never throws.
 */
export function mimiAuthService(options: MimiAuthServiceOptions = {}): AuthService {
  const domains = new Set<string>();
  for (const d of options.domains ?? []) domains.add(parseDomain(d));
  const expectUser = typeof options.expectUser === 'string' ? parseMimiUri(options.expectUser, 'user') : options.expectUser;
  if (expectUser !== undefined && expectUser.kind !== 'user') throw new TypeError(`expectUser must be a user URI, got a ${String(expectUser.kind)} URI`);
  const { trust, verify, otherCredentials } = options;
  const acceptUnverified = options.acceptUnverified === true;

  return async (credential, signaturePublicKey) => {
    // 1-2. The client URI.
    if (typeof credential !== 'object' || credential === null || typeof credential.credentialType !== 'string') {
      return reject('malformed-credential', 'not a credential');
    }
    let client: ClientUri;
    let verified = false;
    if (credential.credentialType === 'basic') {
      try {
        client = clientUriOfCredential(credential);
      } catch (e) {
        if (e instanceof MimiCredentialError) return reject(credentialCode(e), e.message);
        return reject('malformed-credential', String(e));
      }
    } else {
      if (!otherCredentials) return reject('unsupported-credential-type', `credential type ${JSON.stringify(credential.credentialType)} is not accepted`);
      let asserted: string | ClientUri | null;
      try {
        asserted = await otherCredentials(credential, signaturePublicKey);
      } catch (e) {
        return reject('hook-failed', `otherCredentials: ${errorText(e)}`);
      }
      if (asserted === null) return reject('unsupported-credential-type', `credential type ${JSON.stringify(credential.credentialType)} is not accepted`);
      try {
        client = parseMimiUri(typeof asserted === 'string' ? asserted : asserted.text, 'client');
      } catch (e) {
        if (e instanceof MimiUriError) return reject(e.code === 'wrong-kind' ? 'not-a-client' : 'bad-client-uri', `otherCredentials: ${e.message}`);
        return reject('hook-failed', `otherCredentials: ${errorText(e)}`);
      }
      verified = true;
    }

    // 3. The provider.
    if (!domains.has(client.domain)) {
      let trusted = false;
      if (trust) {
        try {
          trusted = (await trust(client.domain)) === true;
        } catch (e) {
          return reject('hook-failed', `trust(${client.domain}): ${errorText(e)}`);
        }
      }
      if (!trusted) return reject('untrusted-domain', `clients of ${client.domain} are not trusted`);
    }

    // 4. The user the URI names, checked before asking anyone.
    let user = userOfClient(client);
    if (expectUser && user && user.text !== expectUser.text) {
      return reject('user-mismatch', `${client.text} is a client of ${user.text}, not ${expectUser.text}`);
    }

    // 5. Verification.
    if (verify) {
      let outcome: VerifyOutcome;
      try {
        outcome = await verify({ credential, client, signaturePublicKey });
      } catch (e) {
        return reject('hook-failed', `verify: ${errorText(e)}`);
      }
      if (outcome === false || (typeof outcome === 'object' && outcome !== null && outcome.ok === false)) {
        // outcome is false or an object here (null fails the test above).
        const why = typeof outcome === 'object' && 'reason' in outcome ? outcome.reason : 'not vouched for by its provider';
        return reject('verification-failed', `${client.text}: ${why}`);
      }
      if (outcome !== true && !(typeof outcome === 'object' && outcome !== null && outcome.ok === true)) {
        return reject('hook-failed', `verify returned ${typeof outcome}, not a VerifyOutcome`);
      }
      const reported = typeof outcome === 'object' ? outcome.user : undefined;
      if (reported !== undefined) {
        let r: UserUri;
        try {
          r = typeof reported === 'string' ? parseMimiUri(reported, 'user') : parseMimiUri(reported.text, 'user');
        } catch (e) {
          return reject('hook-failed', `verify reported a user that is not a user URI: ${errorText(e)}`);
        }
        if (r.domain !== client.domain) return reject('user-mismatch', `verify says ${client.text} belongs to ${r.text}, a user of another provider`);
        if (user && user.text !== r.text) return reject('user-mismatch', `verify says ${client.text} belongs to ${r.text}, but the URI names ${user.text}`);
        user = r;
      }
      verified = true;
    }
    if (!verified && !acceptUnverified) {
      return reject('unverified', `nothing verified that this credential belongs to ${client.text} (give mimiAuthService a verify hook)`);
    }

    if (expectUser) {
      if (!user) return reject('user-unknown', `${client.text} does not say whose client it is, and no verify hook did; expected ${expectUser.text}`);
      if (user.text !== expectUser.text) return reject('user-mismatch', `${client.text} is a client of ${user.text}, not ${expectUser.text}`);
    }
    return user ? { ok: true, client, user } : { ok: true, client };
  };
}

function credentialCode(e: MimiCredentialError): AuthRejectCode {
  switch (e.code) {
    case 'not-basic':
      return 'unsupported-credential-type';
    case 'malformed':
      return 'malformed-credential';
    case 'bad-utf8':
    case 'bad-uri':
      return 'bad-client-uri';
    case 'wrong-kind':
      return 'not-a-client';
    case 'not-canonical':
      return 'not-canonical';
  }
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
