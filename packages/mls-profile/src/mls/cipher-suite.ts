/**
 * Cipher suites by their RFC 9420 names (the names @mimikit/mls's CipherSuite enum uses). The handle
 * keeps the library's implementation object out of sight.
 *
 * Only the RFC 9420 suites 1-7 are offered: ts-mls 1.6.4 numbers its post-quantum suites 77-88, which
 * are not the codepoints other stacks use (0xF007-0xF012), so exposing them would create groups no
 * one else can join. Suite 1 works with the installed dependencies; the others need ts-mls's optional
 * peer dependencies (@noble/curves, @hpke/chacha20poly1305, @hpke/dhkem-x448) and fail with
 * MlsError('unsupported') until those are installed.
 */
import { CipherSuite as CipherSuiteIds } from '@mimikit/mls';
import { getCiphersuiteFromName, getCiphersuiteImpl, type CiphersuiteImpl, type CiphersuiteName } from './backend.ts';
import { MlsError } from './errors.ts';

export type CipherSuiteName = Exclude<keyof typeof CipherSuiteIds, 'reserved'>;

export interface CipherSuite {
  readonly name: CipherSuiteName;
  /** The RFC 9420 codepoint. */
  readonly id: number;
}

const impls = new WeakMap<CipherSuite, CiphersuiteImpl>();

export async function cipherSuite(name: CipherSuiteName): Promise<CipherSuite> {
  const id = (CipherSuiteIds as Record<string, number>)[name];
  if (id === undefined || id === 0) throw new MlsError('bad-input', `${String(name)} is not an RFC 9420 cipher suite`);
  let impl: CiphersuiteImpl;
  try {
    // The RFC 9420 names are also ts-mls's names for suites 1-7.
    impl = await getCiphersuiteImpl(getCiphersuiteFromName(name as CiphersuiteName));
  } catch (e) {
    throw new MlsError('unsupported', `cipher suite ${name} is not available: ${(e as Error).message}`, { cause: e });
  }
  const suite: CipherSuite = Object.freeze({ name, id });
  impls.set(suite, impl);
  return suite;
}

/** @internal The library implementation behind a handle made by cipherSuite(). */
export function suiteImpl(suite: CipherSuite): CiphersuiteImpl {
  const impl = impls.get(suite);
  if (!impl) throw new MlsError('bad-input', 'not a cipher suite made by cipherSuite()');
  return impl;
}

/**
 * The suite with this RFC 9420 codepoint, or with this name as @mimikit/mls decodes a CipherSuite
 * field (a name when registered, else the number): for a codepoint read off the wire.
 */
export async function cipherSuiteById(id: number | string): Promise<CipherSuite> {
  const name = typeof id === 'string' ? id : Object.entries(CipherSuiteIds).find(([, v]) => v === id)?.[0];
  if (name === undefined || !(name in CipherSuiteIds) || name === 'reserved')
    throw new MlsError('unsupported', `cipher suite ${String(id)} is not an RFC 9420 suite this adapter offers`);
  return cipherSuite(name as CipherSuiteName);
}

/** @internal Handle for a suite named by a group's state (import, join). */
export async function suiteForName(name: string): Promise<CipherSuite> {
  if (!(name in CipherSuiteIds) || name === 'reserved') throw new MlsError('unsupported', `group uses cipher suite ${name}, which this adapter does not offer`);
  return cipherSuite(name as CipherSuiteName);
}
