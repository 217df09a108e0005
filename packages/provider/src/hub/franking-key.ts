/**
 * The hub's franking key (draft-ietf-mimi-protocol-06 §Message Franking): made once per provider
 * and kept beside the store (key-file.ts), because Franks made with a lost key can no longer be
 * verified when their messages are reported.
 */
import { cipherSuiteById, type CipherSuiteName } from '@mimikit/mls-profile/mls';
import { generateHubFrankingKey, hubFrankingKeyFromParts, hubFrankingKeyParts, type HubFrankingKey } from '@mimikit/mls-profile/franking';
import { type KeyHome, loadOrCreateKeyFile } from './key-file.ts';

/** The suite of the hub's franking key: the rooms it franks use it (the draft: the agent's key is of the group's suite). */
export const FRANKING_CIPHER_SUITE: CipherSuiteName = 'MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519';

/** Loads the key from its home (a file, a store secret), or makes one and keeps it there; null keeps it in memory only. */
export function loadOrCreateFrankingKey(home: KeyHome, domain: string): Promise<HubFrankingKey> {
  return loadOrCreateKeyFile(home, domain, {
    what: 'franking key',
    create: async () => generateHubFrankingKey({ cipherSuite: await cipherSuiteById(FRANKING_CIPHER_SUITE), domain }),
    fields: (key) => {
      const p = hubFrankingKeyParts(key);
      return { cipherSuite: key.cipherSuite.name, signaturePublicKey: p.signaturePublicKey, signaturePrivateKey: p.signaturePrivateKey, hubKey: p.hubKey };
    },
    read: (f) =>
      hubFrankingKeyFromParts({
        cipherSuite: f.text('cipherSuite') as CipherSuiteName,
        domain,
        signaturePublicKey: f.bytes('signaturePublicKey'),
        signaturePrivateKey: f.bytes('signaturePrivateKey'),
        hubKey: f.bytes('hubKey'),
      }),
  });
}
