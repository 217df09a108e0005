/**
 * The authentication-service hook: our AuthService function, adapted to the object ts-mls calls.
 *
 * ts-mls 1.6.4 keeps the authentication service in its ClientConfig and defaults to one that accepts
 * every credential; the adapter always replaces it, so no group state it makes runs with accept-all
 * unless the caller asks for it by name (unsafeAcceptAnyCredential).
 */
import { defaultClientConfig, type AuthenticationService, type ClientConfig, type Credential } from './backend.ts';
import type { AuthService, MlsCredential } from './types.ts';

/** Accepts every credential. For tests and tools only: a real profile passes the identity module's. */
export const unsafeAcceptAnyCredential: AuthService = () => true;

/** @internal ts-mls credential → ours. */
export function credentialView(c: Credential): MlsCredential {
  return c.credentialType === 'basic' ? { credentialType: 1, identity: c.identity } : { credentialType: 2, certificates: c.certificates };
}

/** @internal The ClientConfig every state the adapter makes or restores carries. */
export function clientConfigFor(authService: AuthService): ClientConfig {
  const service: AuthenticationService = {
    async validateCredential(credential, signaturePublicKey) {
      return (await authService(credentialView(credential), signaturePublicKey)) === true;
    },
  };
  return { ...defaultClientConfig, authService: service };
}
