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
import { type CiphersuiteImpl } from './backend.ts';
export type CipherSuiteName = Exclude<keyof typeof CipherSuiteIds, 'reserved'>;
export interface CipherSuite {
    readonly name: CipherSuiteName;
    /** The RFC 9420 codepoint. */
    readonly id: number;
}
export declare function cipherSuite(name: CipherSuiteName): Promise<CipherSuite>;
/** @internal The library implementation behind a handle made by cipherSuite(). */
export declare function suiteImpl(suite: CipherSuite): CiphersuiteImpl;
/** @internal Handle for a suite named by a group's state (import, join). */
export declare function suiteForName(name: string): Promise<CipherSuite>;
//# sourceMappingURL=cipher-suite.d.ts.map