/** MIMI identities: MIMI URIs, MIMI URIs as MLS credentials, and an authentication service. */
export {
  decodeSegment,
  encodeSegment,
  formatMimiUri,
  isUri,
  MIMI_URI_KINDS,
  mimiUri,
  MimiUriError,
  parseDomain,
  parseMimiUri,
  providerOf,
  sameProvider,
  sameUri,
  userOfClient,
} from './uri.ts';
export type {
  ClientUri,
  GroupUri,
  MimiUri,
  MimiUriErrorCode,
  MimiUriInit,
  MimiUriKind,
  MimiUriOf,
  ProviderUri,
  PseudonymUri,
  RoomUri,
  TeamUri,
  UserUri,
} from './uri.ts';
export { clientUriOfCredential, credentialFor, MimiCredentialError, providerCredential, uriOfCredential } from './credential.ts';
export type { AnyCredential, BasicCredential, MimiCredentialErrorCode } from './credential.ts';
export { mimiAuthService } from './auth-service.ts';
export type { AuthRejectCode, AuthResult, AuthService, CredentialClaim, MimiAuthServiceOptions, VerifyOutcome } from './auth-service.ts';
