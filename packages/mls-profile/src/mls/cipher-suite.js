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
import { getCiphersuiteFromName, getCiphersuiteImpl } from "./backend.js";
import { MlsError } from "./errors.js";
const impls = new WeakMap();
export async function cipherSuite(name) {
    const id = CipherSuiteIds[name];
    if (id === undefined || id === 0)
        throw new MlsError('bad-input', `${String(name)} is not an RFC 9420 cipher suite`);
    let impl;
    try {
        // The RFC 9420 names are also ts-mls's names for suites 1-7.
        impl = await getCiphersuiteImpl(getCiphersuiteFromName(name));
    }
    catch (e) {
        throw new MlsError('unsupported', `cipher suite ${name} is not available: ${e.message}`, { cause: e });
    }
    const suite = Object.freeze({ name, id });
    impls.set(suite, impl);
    return suite;
}
/** @internal The library implementation behind a handle made by cipherSuite(). */
export function suiteImpl(suite) {
    const impl = impls.get(suite);
    if (!impl)
        throw new MlsError('bad-input', 'not a cipher suite made by cipherSuite()');
    return impl;
}
/** @internal Handle for a suite named by a group's state (import, join). */
export async function suiteForName(name) {
    if (!(name in CipherSuiteIds) || name === 'reserved')
        throw new MlsError('unsupported', `group uses cipher suite ${name}, which this adapter does not offer`);
    return cipherSuite(name);
}
//# sourceMappingURL=cipher-suite.js.map