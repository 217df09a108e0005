/**
 * The keys a provider keeps beside its store (src/hub/key-file.ts): made once, the same key on the
 * next start, and a file that is not this domain's usable key is an error naming the file and the
 * fault, never replaced by a fresh key.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { toHex } from '@mimikit/bytes';
import { loadOrCreateFrankingKey } from '../src/hub/franking-key.ts';
import { loadOrCreateHubSender } from '../src/hub/hub-sender-key.ts';
import { openSqliteStore } from '../src/store/sqlite/index.ts';

describe('key files beside the store', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mimikit-key-file-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('the GroupInfo signing key is made once, kept with mode 0600, and the same on the next load', async () => {
    const file = join(dir, 'hub-sender.json');
    const made = await loadOrCreateHubSender(file, 'a.example');
    const again = await loadOrCreateHubSender(file, 'a.example');
    expect(toHex(again.sender.signature_key)).toBe(toHex(made.sender.signature_key));
    expect(toHex(again.signaturePrivateKey)).toBe(toHex(made.signaturePrivateKey));
    expect(again.cipherSuite.name).toBe(made.cipherSuite.name);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('creators racing for one file end with one key, the first one linked, which all of them use', async () => {
    const file = join(dir, 'hub-sender.json');
    // Each creator finds no file, makes its own key, and links it: one link wins, the others read the winner.
    const made = await Promise.all(Array.from({ length: 6 }, () => loadOrCreateHubSender(file, 'a.example')));
    const keys = new Set(made.map((k) => toHex(k.signaturePrivateKey)));
    expect(keys.size).toBe(1);
    const stored = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
    expect(toHex(new Uint8Array(Buffer.from(stored.signaturePrivateKey!, 'base64url')))).toBe([...keys][0]);
    // No temp file left behind.
    expect(readdirSync(dir)).toEqual(['hub-sender.json']);
  });

  it('in the store (several nodes on one database): the first key kept wins, checked like a file', async () => {
    const store = openSqliteStore(join(dir, 's.db'));
    try {
      const home = { store, secret: 'hub-franking-key' };
      const made = await Promise.all([loadOrCreateFrankingKey(home, 'a.example'), loadOrCreateFrankingKey(home, 'a.example')]);
      const again = await loadOrCreateFrankingKey(home, 'a.example');
      expect(new Set([...made, again].map((k) => toHex(k.agent.franking_signature_key))).size).toBe(1);
      await expect(loadOrCreateFrankingKey(home, 'b.example')).rejects.toThrow(
        "the store's secret hub-franking-key: the franking key of a.example, not b.example",
      );
      await store.secret('broken', new TextEncoder().encode('{ half'));
      await expect(loadOrCreateFrankingKey({ store, secret: 'broken' }, 'a.example')).rejects.toThrow("the store's secret broken: not a franking key file");
    } finally {
      await store.close();
    }
  });

  it('the franking key round-trips through its file', async () => {
    const file = join(dir, 'franking.json');
    const made = await loadOrCreateFrankingKey(file, 'a.example');
    const again = await loadOrCreateFrankingKey(file, 'a.example');
    expect(toHex(again.agent.franking_signature_key)).toBe(toHex(made.agent.franking_signature_key));
  });

  it("refuses another domain's file, a private key of another pair, a missing field and bad JSON, naming the file", async () => {
    const file = join(dir, 'hub-sender.json');
    await loadOrCreateHubSender(file, 'a.example');
    await expect(loadOrCreateHubSender(file, 'b.example')).rejects.toThrow(`${file}: the GroupInfo signing key of a.example, not b.example`);

    const other = join(dir, 'other.json');
    await loadOrCreateHubSender(other, 'a.example');
    const stored = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
    const foreignKey = (JSON.parse(readFileSync(other, 'utf8')) as Record<string, string>).signaturePrivateKey!;
    writeFileSync(file, JSON.stringify({ ...stored, signaturePrivateKey: foreignKey }));
    await expect(loadOrCreateHubSender(file, 'a.example')).rejects.toThrow(/not a usable GroupInfo signing key .*signaturePublicKey: is not the public half/);

    const { signaturePublicKey: _, ...missing } = stored;
    writeFileSync(file, JSON.stringify(missing));
    await expect(loadOrCreateHubSender(file, 'a.example')).rejects.toThrow(`${file}: signaturePublicKey is missing or not a string`);

    writeFileSync(file, JSON.stringify({ ...stored, signaturePublicKey: 'not base64url!' }));
    await expect(loadOrCreateHubSender(file, 'a.example')).rejects.toThrow(`${file}: signaturePublicKey is not base64url`);

    writeFileSync(file, '{ half');
    await expect(loadOrCreateHubSender(file, 'a.example')).rejects.toThrow(`${file}: not a GroupInfo signing key file`);
    // Never replaced: the broken file is still there for the operator.
    expect(readFileSync(file, 'utf8')).toBe('{ half');
  });
});
