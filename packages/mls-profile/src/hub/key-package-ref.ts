/**
 * Hash-based references (RFC 9420 §5.2) that a hub computes without any group secret:
 * KeyPackageRef (§5.2, §5.3.1 of draft-ietf-mls-protocol-20 as "MLS 1.0 KeyPackage Reference") and
 * ProposalRef, and Welcome routing by KeyPackageRef (draft-ietf-mimi-protocol-06 §5.5: "An MLS
 * Welcome message is sent to the providers and local users associated with the KeyPackageRef
 * values in the secrets array of the Welcome").
 *
 *   RefHash(label, value) = Hash(RefHashInput)
 *   struct { opaque label<V>; opaque value<V>; } RefHashInput;
 *
 * Hash is the cipher suite's hash (RFC 9420 §17.1 table: SHA-256 for 0x0001–0x0003, SHA-512 for
 * 0x0004–0x0006, SHA-384 for 0x0007), computed with node:crypto.
 * @spec draft-ietf-mimi-protocol §Fanout Messages and Room Events
 */
import { createHash } from 'node:crypto';
import {
  CipherSuite,
  codecs,
  type AuthenticatedContent,
  type KeyPackage,
  type KeyPackageRef,
  type MLSMessage,
  type ProposalRef,
  type PublicMessage,
  type Welcome,
} from '@mimikit/mls';
import { encodeUtf8, toHex } from '@mimikit/bytes';
import type { DecodeOptions } from '@mimikit/tls';

export const KEY_PACKAGE_REF_LABEL = 'MLS 1.0 KeyPackage Reference';
export const PROPOSAL_REF_LABEL = 'MLS 1.0 Proposal Reference';

export type HashName = 'sha256' | 'sha384' | 'sha512';

/** RFC 9420 §17.1: the hash of each registered cipher suite (node:crypto names). */
export const CIPHER_SUITE_HASH: Readonly<Record<number, HashName>> = Object.freeze({
  1: 'sha256',
  2: 'sha256',
  3: 'sha256',
  4: 'sha512',
  5: 'sha512',
  6: 'sha512',
  7: 'sha384',
});

/** A cipher suite whose hash function this module does not know (reserved, GREASE, private use). */
export class UnknownCipherSuiteError extends Error {
  readonly cipherSuite: number;
  constructor(cipherSuite: number) {
    super(`cipher suite 0x${cipherSuite.toString(16).padStart(4, '0')} has no known hash function`);
    this.name = 'UnknownCipherSuiteError';
    this.cipherSuite = cipherSuite;
  }
}

/** The numeric value of a cipher suite given by name (as the codecs decode it) or number. */
export function cipherSuiteValue(suite: CipherSuite): number {
  if (typeof suite === 'number') return suite;
  const n = (CipherSuite as Record<string, number>)[suite];
  if (n === undefined) throw new TypeError(`${String(suite)} is not a CipherSuite name`);
  return n;
}

/** The hash function of a cipher suite; UnknownCipherSuiteError for one outside RFC 9420's table. */
export function cipherSuiteHash(suite: CipherSuite): HashName {
  const n = cipherSuiteValue(suite);
  const h = CIPHER_SUITE_HASH[n];
  if (h === undefined) throw new UnknownCipherSuiteError(n);
  return h;
}

/** RefHash(label, value) with the hash of `cipherSuite` (RFC 9420 §5.2). */
export function refHash(label: string | Uint8Array, value: Uint8Array, cipherSuite: CipherSuite): Uint8Array {
  const hash = cipherSuiteHash(cipherSuite);
  const input = codecs.RefHashInput.encode({ label: typeof label === 'string' ? encodeUtf8(label) : label, value });
  return new Uint8Array(createHash(hash).update(input).digest());
}

/** A KeyPackage as a value, as an MLSMessage holding one, or as the encoded KeyPackage struct. */
export type KeyPackageInput = KeyPackage | MLSMessage | Uint8Array;

function keyPackageBytes(input: KeyPackageInput, options?: DecodeOptions): { bytes: Uint8Array; keyPackage: KeyPackage } {
  if (input instanceof Uint8Array) return { bytes: input, keyPackage: codecs.KeyPackage.decode(input, options) };
  if ('wire_format' in input) {
    if (input.wire_format !== 'mls_key_package') throw new TypeError(`expected an MLSMessage with a KeyPackage, got ${String(input.wire_format)}`);
    return { bytes: codecs.KeyPackage.encode(input.key_package), keyPackage: input.key_package };
  }
  return { bytes: codecs.KeyPackage.encode(input), keyPackage: input };
}

/**
 * KeyPackageRef = RefHash("MLS 1.0 KeyPackage Reference", encoded KeyPackage). Bytes are hashed as
 * given (after a strict decode, which throws DecodeError for anything but one KeyPackage). The hash
 * is that of `cipherSuite` when given (the group's), else of the KeyPackage's own cipher suite.
 * An MLSMessage is unwrapped: the reference covers the KeyPackage struct, not the framing.
 */
export function keyPackageRef(keyPackage: KeyPackageInput, cipherSuite?: CipherSuite): KeyPackageRef {
  const { bytes, keyPackage: kp } = keyPackageBytes(keyPackage);
  return refHash(KEY_PACKAGE_REF_LABEL, bytes, cipherSuite ?? kp.cipher_suite);
}

/**
 * ProposalRef = RefHash("MLS 1.0 Proposal Reference", AuthenticatedContent) for a proposal sent as
 * a PublicMessage (RFC 9420 §5.2, §12.4: the value a Commit lists `by reference`). The cipher suite
 * is the group's: a PublicMessage does not carry it. Bytes are an MLSMessage.
 */
export function proposalRef(message: MLSMessage | PublicMessage | Uint8Array, cipherSuite: CipherSuite, options?: DecodeOptions): ProposalRef {
  // Every proposal type re-encodes byte-identically (unknown ones as `opaque data<V>`), so the
  // AuthenticatedContent is rebuilt from the decoded message.
  const decoded = message instanceof Uint8Array ? codecs.MLSMessage.decode(message, options) : message;
  let pm: PublicMessage;
  if ('wire_format' in decoded) {
    if (decoded.wire_format !== 'mls_public_message') throw new TypeError(`a ProposalRef needs a PublicMessage, got ${String(decoded.wire_format)}`);
    pm = decoded.public_message;
  } else {
    pm = decoded;
  }
  if (pm.content.content_type !== 'proposal') throw new TypeError(`a ProposalRef needs proposal content, got ${pm.content.content_type}`);
  const ac: AuthenticatedContent = { wire_format: 'mls_public_message', content: pm.content, auth: pm.auth };
  return refHash(PROPOSAL_REF_LABEL, codecs.AuthenticatedContent.encode(ac), cipherSuite);
}

/** The KeyPackageRefs a Welcome is encrypted to (`secrets[].new_member`), in order. */
export function welcomeTargets(welcome: Welcome | MLSMessage | Uint8Array, options?: DecodeOptions): KeyPackageRef[] {
  return asWelcome(welcome, options).secrets.map((s) => s.new_member);
}

function asWelcome(welcome: Welcome | MLSMessage | Uint8Array, options?: DecodeOptions): Welcome {
  if (welcome instanceof Uint8Array) {
    const m = codecs.MLSMessage.decode(welcome, options);
    if (m.wire_format !== 'mls_welcome') throw new TypeError(`expected an MLSMessage with a Welcome, got ${String(m.wire_format)}`);
    return m.welcome;
  }
  if ('wire_format' in welcome) {
    if (welcome.wire_format !== 'mls_welcome') throw new TypeError(`expected an MLSMessage with a Welcome, got ${String(welcome.wire_format)}`);
    return welcome.welcome;
  }
  return welcome;
}

/**
 * A KeyPackage the hub handed out (claimed through its key-material endpoint) and the provider of
 * the client it belongs to. A hub that stored only the reference gives `ref` instead.
 */
export type WelcomeCandidate = { provider: string; keyPackage: KeyPackageInput } | { provider: string; ref: KeyPackageRef };

export interface WelcomeRoute {
  /** Provider → the Welcome's KeyPackageRefs of its clients, in Welcome order, without repeats. */
  byProvider: Map<string, KeyPackageRef[]>;
  /** Welcome targets that match no candidate, in Welcome order (the hub cannot deliver these). */
  unmatched: KeyPackageRef[];
}

/**
 * Which providers a Welcome must go to: each `secrets[].new_member` is matched against the
 * candidates' KeyPackageRefs (each computed with its KeyPackage's own cipher suite; a candidate
 * with an unknown suite throws UnknownCipherSuiteError). A ref that several candidates share goes
 * to each of their providers. Providers appear in the order of their first target in the Welcome.
 */
export function routeWelcome(welcome: Welcome | MLSMessage | Uint8Array, candidates: readonly WelcomeCandidate[], options?: DecodeOptions): WelcomeRoute {
  const providersOf = new Map<string, Set<string>>();
  for (const c of candidates) {
    const key = toHex('ref' in c ? c.ref : keyPackageRef(c.keyPackage));
    let providers = providersOf.get(key);
    if (providers === undefined) providersOf.set(key, (providers = new Set()));
    providers.add(c.provider);
  }
  /** Per provider, in the order of its first target: its targets and their hex keys (for repeats). */
  const routes = new Map<string, { refs: KeyPackageRef[]; keys: Set<string> }>();
  const unmatched: KeyPackageRef[] = [];
  for (const target of welcomeTargets(welcome, options)) {
    const key = toHex(target);
    const providers = providersOf.get(key);
    if (providers === undefined) {
      unmatched.push(target);
      continue;
    }
    for (const p of providers) {
      let route = routes.get(p);
      if (route === undefined) routes.set(p, (route = { refs: [], keys: new Set() }));
      if (route.keys.has(key)) continue;
      route.keys.add(key);
      route.refs.push(target);
    }
  }
  return { byProvider: new Map([...routes].map(([p, route]) => [p, route.refs])), unmatched };
}
