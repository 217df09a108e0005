/**
 * The hub's signing identity for GroupInfoResponses (draft-ietf-mimi-protocol-06 §5.6, external
 * joins: `hub_sender`, an ExternalSender whose credential names this provider): made once and kept
 * beside the store (key-file.ts), so joiners see one stable key per hub.
 *
 * One cipher suite: the request's suite decides which key signs the response ("one ciphersuite in
 * common with the hub"), and this hub offers the suite of its franking key, which its rooms use.
 */
import { cipherSuiteById, type CipherSuiteName } from '@mimikit/mls-profile/mls';
import { generateHubSender, hubSenderFromParts, hubSenderParts, type HubSender } from '@mimikit/mls-profile/rooms';
import { FRANKING_CIPHER_SUITE } from './franking-key.ts';
import { type KeyHome, loadOrCreateKeyFile } from './key-file.ts';

export function loadOrCreateHubSender(home: KeyHome, domain: string): Promise<HubSender> {
  return loadOrCreateKeyFile(home, domain, {
    what: 'GroupInfo signing key',
    create: async () => generateHubSender({ cipherSuite: await cipherSuiteById(FRANKING_CIPHER_SUITE), domain }),
    fields: (key) => {
      const p = hubSenderParts(key);
      return { cipherSuite: key.cipherSuite.name, signaturePublicKey: p.signaturePublicKey, signaturePrivateKey: p.signaturePrivateKey };
    },
    // hubSenderFromParts refuses key halves that do not belong together.
    read: (f) =>
      hubSenderFromParts({
        cipherSuite: f.text('cipherSuite') as CipherSuiteName,
        domain,
        signaturePublicKey: f.bytes('signaturePublicKey'),
        signaturePrivateKey: f.bytes('signaturePrivateKey'),
      }),
  });
}
