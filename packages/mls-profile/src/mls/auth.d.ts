/**
 * The authentication-service hook: our AuthService function, adapted to the object ts-mls calls.
 *
 * ts-mls 1.6.4 keeps the authentication service in its ClientConfig and defaults to one that accepts
 * every credential; the adapter always replaces it, so no group state it makes runs with accept-all
 * unless the caller asks for it by name (unsafeAcceptAnyCredential).
 */
import { type ClientConfig, type Credential } from './backend.ts';
import type { AuthService, MlsCredential } from './types.ts';
/** Accepts every credential. For tests and tools only: a real profile passes the identity module's. */
export declare const unsafeAcceptAnyCredential: AuthService;
/** @internal ts-mls credential → ours. */
export declare function credentialView(c: Credential): MlsCredential;
/** @internal The ClientConfig every state the adapter makes or restores carries. */
export declare function clientConfigFor(authService: AuthService): ClientConfig;
//# sourceMappingURL=auth.d.ts.map