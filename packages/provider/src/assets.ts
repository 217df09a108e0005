/**
 * The provider's asset server (draft-ietf-mimi-protocol-06 §5.10 "Download Files"): its clients
 * upload encrypted attachments, which peers' hubs fetch over HTTPS for proxyDownload. Assets are kept
 * in the store (putAsset: durable before the upload is answered, and shared by every node of the
 * domain), named by a random id.
 *
 * Before assets moved into the store, a SQLite provider kept them as files in a folder beside the
 * store (`<store>.assets/`). Such a folder is still read, never written: an asset the store does not
 * have is looked up there, so URLs handed out before keep working without a migration step at start
 * (which would copy a folder of any size before the provider could serve).
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ProviderStore } from './store/index.ts';

/** An asset id: 22 base64url characters (16 random bytes). Anything else names no asset. */
const ASSET_ID = /^[A-Za-z0-9_-]{22}$/;

export interface AssetStoreOptions {
  store: ProviderStore;
  now: () => number;
  /** The folder a SQLite provider kept its assets in before (read only), or null. */
  legacyDir: string | null;
}

export class AssetStore {
  readonly #o: AssetStoreOptions;

  constructor(options: AssetStoreOptions) {
    this.#o = options;
  }

  /** Stores the bytes; returns the new asset's id. */
  async put(bytes: Uint8Array): Promise<string> {
    const id = randomBytes(16).toString('base64url');
    await this.#o.store.putAsset(id, bytes, this.#o.now());
    return id;
  }

  /** The asset's bytes, or undefined for an unknown or malformed id. */
  async get(id: string): Promise<Uint8Array | undefined> {
    if (!ASSET_ID.test(id)) return undefined;
    const stored = await this.#o.store.getAsset(id);
    if (stored !== undefined || this.#o.legacyDir === null) return stored;
    const file = join(this.#o.legacyDir, id);
    return existsSync(file) ? new Uint8Array(readFileSync(file)) : undefined;
  }
}
