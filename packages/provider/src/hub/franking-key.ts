/**
 * The hub's franking key (draft-ietf-mimi-protocol-06 §Message Franking): made once per provider
 * and kept in a file beside the store (mode 0600, written to a temp file and renamed, so a crash
 * never leaves half a key), because Franks made with a lost key can no longer be verified when
 * their messages are reported.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { cipherSuiteById } from '@mimikit/mls-profile/mls';
import {
  generateHubFrankingKey,
  hubFrankingKeyFromParts,
  hubFrankingKeyParts,
  type HubFrankingKey,
  type HubFrankingKeyParts,
} from '@mimikit/mls-profile/franking';

/** The suite of the hub's franking key: the rooms it franks use it (the draft: the agent's key is of the group's suite). */
export const FRANKING_CIPHER_SUITE = 'MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519';

interface StoredKey {
  cipherSuite: HubFrankingKeyParts['cipherSuite'];
  domain: string;
  signaturePublicKey: string;
  signaturePrivateKey: string;
  hubKey: string;
}

const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64url');
const bytes = (s: string) => new Uint8Array(Buffer.from(s, 'base64url'));

/** Loads the key from `file`, or makes one and writes it there; `file` null keeps it in memory only. */
export async function loadOrCreateFrankingKey(file: string | null, domain: string): Promise<HubFrankingKey> {
  if (file !== null && existsSync(file)) {
    let stored: StoredKey;
    try {
      stored = JSON.parse(readFileSync(file, 'utf8')) as StoredKey;
    } catch (err) {
      throw new Error(`${file}: not a franking key file (${(err as Error).message})`);
    }
    if (stored.domain !== domain) throw new Error(`${file}: the franking key of ${stored.domain}, not ${domain}`);
    return hubFrankingKeyFromParts({
      cipherSuite: stored.cipherSuite,
      domain: stored.domain,
      signaturePublicKey: bytes(stored.signaturePublicKey),
      signaturePrivateKey: bytes(stored.signaturePrivateKey),
      hubKey: bytes(stored.hubKey),
    });
  }
  const key = await generateHubFrankingKey({ cipherSuite: await cipherSuiteById(FRANKING_CIPHER_SUITE), domain });
  if (file !== null) {
    const p = hubFrankingKeyParts(key);
    const stored: StoredKey = {
      cipherSuite: p.cipherSuite,
      domain: p.domain,
      signaturePublicKey: b64(p.signaturePublicKey),
      signaturePrivateKey: b64(p.signaturePrivateKey),
      hubKey: b64(p.hubKey),
    };
    const temp = `${file}.${process.pid}.tmp`;
    writeFileSync(temp, `${JSON.stringify(stored, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
    renameSync(temp, file);
  }
  return key;
}
