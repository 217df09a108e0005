/**
 * The provider's asset server (draft-ietf-mimi-protocol-06 §5.10 "Download Files"): its clients
 * upload encrypted attachments, which peers' hubs fetch over HTTPS for proxyDownload. Assets are
 * files in a folder beside the store, named by a random id, written to a temp file, synced and
 * renamed before the upload is answered, so an acknowledged asset survives a crash.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/** An asset id: 22 base64url characters (16 random bytes). Anything else names no asset. */
const ASSET_ID = /^[A-Za-z0-9_-]{22}$/;

export class AssetStore {
  readonly #dir: string;

  constructor(dir: string) {
    this.#dir = dir;
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  }

  /** Stores the bytes; returns the new asset's id. */
  put(bytes: Uint8Array): string {
    const id = randomBytes(16).toString('base64url');
    const temp = join(this.#dir, `${id}.tmp`);
    const fd = openSync(temp, 'wx', 0o600);
    try {
      writeSync(fd, bytes);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, join(this.#dir, id));
    return id;
  }

  /** The asset's bytes, or undefined for an unknown or malformed id. */
  get(id: string): Uint8Array | undefined {
    if (!ASSET_ID.test(id)) return undefined;
    const file = join(this.#dir, id);
    return existsSync(file) ? new Uint8Array(readFileSync(file)) : undefined;
  }
}
