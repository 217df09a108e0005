/**
 * The hub's signing identity for GroupInfoResponses (draft-ietf-mimi-protocol-06 §5.6, external
 * joins: `hub_sender`, an ExternalSender whose credential names this provider): made once and kept
 * beside the store (key-file.ts), so joiners see one stable key per hub.
 *
 * One cipher suite: the request's suite decides which key signs the response ("one ciphersuite in
 * common with the hub"), and this hub offers the suite of its franking key, which its rooms use.
 */
import { codecs } from '@mimikit/mls';
import { cipherSuiteById, signWithLabel, verifyWithLabel, type CipherSuiteName } from '@mimikit/mls-profile/mls';
import { encodeUtf8 } from '@mimikit/bytes';
import { generateHubSender, type HubSender } from '@mimikit/mls-profile/rooms';
import { FRANKING_CIPHER_SUITE } from './franking-key.ts';
import { loadOrCreateKeyFile } from './key-file.ts';

export function loadOrCreateHubSender(file: string | null, domain: string): Promise<HubSender> {
  return loadOrCreateKeyFile(file, domain, {
    what: 'GroupInfo signing key',
    create: async () => generateHubSender({ cipherSuite: await cipherSuiteById(FRANKING_CIPHER_SUITE), domain }),
    fields: (key) => ({ cipherSuite: key.cipherSuite.name, sender: codecs.ExternalSender.encode(key.sender), signaturePrivateKey: key.signaturePrivateKey }),
    read: async (f) => {
      const key: HubSender = {
        cipherSuite: await cipherSuiteById(f.text('cipherSuite') as CipherSuiteName),
        sender: codecs.ExternalSender.decode(f.bytes('sender')),
        signaturePrivateKey: f.bytes('signaturePrivateKey'),
      };
      // A private key that does not match the public one would sign responses no joiner accepts.
      const probe = encodeUtf8(domain);
      const signature = await signWithLabel(key.cipherSuite, key.signaturePrivateKey, KEY_CHECK_LABEL, probe);
      if (!(await verifyWithLabel(key.cipherSuite, key.sender.signature_key, KEY_CHECK_LABEL, probe, signature)))
        throw new Error('signaturePrivateKey does not belong to sender.signature_key');
      return key;
    },
  });
}

const KEY_CHECK_LABEL = 'mimikit hub sender key check';
