/**
 * Roots for the `unused-type` check of tls-checks.ts: TLS declarations that no other declaration
 * refers to, yet are used. The TLS-PL of a draft only shows types *inside* other types; a type used
 * on its own is used from somewhere the specs do not show:
 *
 * 1. a transport body: the OpenAPI description names it (`x-mimi-tls-type`), see
 *    {@link openApiTlsRoots};
 * 2. a signature, MAC, encryption, hash or KDF input the prose or pseudocode names
 *    (`SignWithLabel(…, "KeyPackageTBS", KeyPackageTBS)`, `MAC(membership_key,
 *    AuthenticatedContentTBM)`, `TreeHashInput`, `KDFLabel`), which the drafts name by convention
 *    with a suffix (RFC 9420 §5.1 Signing and Public-Key Encryption, §7.8-7.9 tree and parent
 *    hashes, §8 key schedule and transcript hashes): see {@link CRYPTO_INPUT_SUFFIXES};
 * 3. a component payload (draft-ietf-mls-extensions AppDataDictionary / AppDataUpdate), which the
 *    MIMI drafts name `XData` and `XUpdate` ("RoleUpdate (which has the same format as RoleData) is
 *    the format of the update field inside the AppDataUpdate …"): see
 *    {@link COMPONENT_PAYLOAD_SUFFIXES};
 * 4. the content of an `opaque` field the prose assigns it to (an encrypted plaintext, an extension
 *    or credential payload): no convention covers these, so {@link BUILTIN_PROSE_ROOTS} lists the
 *    ones of the built-in specs, each with where the draft says so.
 *
 * A declaration none of these covers is a genuine finding (draft-ietf-mimi-protocol-06's
 * ConsentScope, whose three fields ConsentEntry repeats instead of using it).
 */
import { operationFacts } from './openapi-lint.ts';
import { ownDeclarations, type TlsPackage } from '../tls/model.ts';

/** To-be-signed, to-be-MACed, to-be-encrypted, additional authenticated data, hash and KDF inputs. */
export const CRYPTO_INPUT_SUFFIXES: readonly string[] = ['TBS', 'TBM', 'TBE', 'AAD', 'Input', 'Label'];

/** Component data and update formats (`RoleData`, `RoleUpdate`). */
export const COMPONENT_PAYLOAD_SUFFIXES: readonly string[] = ['Data', 'Update'];

/** Types of the built-in specs used only by prose, with the place that uses them. */
export const BUILTIN_PROSE_ROOTS: Readonly<Record<string, string>> = {
  SignContent: 'RFC 9420 §5.1.2: the content SignWithLabel signs',
  EncryptContext: 'RFC 9420 §5.1.3: the context of EncryptWithLabel',
  AuthenticatedContent: 'RFC 9420 §5.2: the value hashed into a ProposalRef (§8.2 splits it into the transcript hash inputs)',
  PrivateMessageContent: 'RFC 9420 §6.3.1: the plaintext of PrivateMessage.ciphertext',
  GroupSecrets: 'RFC 9420 §12.4.3.1: the plaintext of EncryptedGroupSecrets.encrypted_group_secrets',
  ExternalPub: 'RFC 9420 §12.4.3.2: the extension_data of the external_pub GroupInfo extension',
  MultiCredential: 'draft-ietf-mls-extensions: the credential of the multi credential type',
  WeakMultiCredential: 'draft-ietf-mls-extensions: the credential of the weak-multi credential type',
  AppAck: 'draft-ietf-mls-extensions: the app_ack component, sent in an AppEphemeral proposal',
  ApplicationFraming: 'draft-ietf-mls-extensions: the application_data of a group with the content media types component',
  PseudonymousCredential: 'draft-ietf-mimi-protocol: the credential of every leaf of a pseudonymous (MMR) group',
};

function hasSuffix(name: string, suffixes: readonly string[]): boolean {
  return suffixes.some((s) => name.length > s.length && name.endsWith(s));
}

/** Own declarations of the packages named by the conventions (crypto inputs, component payloads). */
export function conventionalRoots(pkgs: readonly TlsPackage[]): Set<string> {
  const out = new Set<string>();
  for (const pkg of pkgs) {
    for (const d of ownDeclarations(pkg)) {
      if (hasSuffix(d.name, CRYPTO_INPUT_SUFFIXES) || hasSuffix(d.name, COMPONENT_PAYLOAD_SUFFIXES)) out.add(d.name);
    }
  }
  return out;
}

/** Every `x-mimi-tls-type` of an OpenAPI document (parsed, as loadOpenApi gives it). */
export function openApiTlsRoots(doc: unknown): Set<string> {
  const out = new Set<string>();
  for (const op of operationFacts(doc)) {
    for (const m of [...op.request, ...op.responses.flatMap((r) => r.media)]) if (m.tlsType) out.add(m.tlsType);
  }
  return out;
}

/** The roots to lint the built-in specs with: conventions, the built-in prose list, and the OpenAPI bodies. */
export function defaultTlsRoots(pkgs: readonly TlsPackage[], openApiDoc?: unknown): Set<string> {
  const out = conventionalRoots(pkgs);
  for (const name of Object.keys(BUILTIN_PROSE_ROOTS)) out.add(name);
  if (openApiDoc !== undefined) for (const name of openApiTlsRoots(openApiDoc)) out.add(name);
  return out;
}
