/**
 * The asset server's storage (src/assets.ts): uploads go into the store (shared by every node of a
 * domain) under random 22-character ids; an asset a SQLite provider wrote as a file before (the
 * `<store>.assets/` folder) is still served from there, read only.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AssetStore } from '../src/assets.ts';
import type { ProviderStore } from '../src/index.ts';
import { openSqliteStore } from '../src/store/sqlite/index.ts';

describe('assets', () => {
  let dir: string;
  let store: ProviderStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mimikit-assets-'));
    store = openSqliteStore(join(dir, 's.db'));
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('are kept in the store under a random id, and read back', async () => {
    const assets = new AssetStore({ store, now: () => 1_700_000_000_000, legacyDir: null });
    const ids = [await assets.put(Uint8Array.of(1, 2, 3)), await assets.put(Uint8Array.of(4))];
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(ids[0]).not.toBe(ids[1]);
    expect(await store.getAsset(ids[0]!)).toEqual(Uint8Array.of(1, 2, 3));
    expect(await assets.get(ids[1]!)).toEqual(Uint8Array.of(4));
    expect(await assets.get('A'.repeat(22))).toBeUndefined();
    // Not an asset id: never looked up.
    expect(await assets.get('../s.db')).toBeUndefined();
    // Nothing written beside the store.
    expect(readdirSync(dir).filter((f) => f.endsWith('.assets'))).toEqual([]);
  });

  it('an asset written to the old folder is still served; new ones go to the store, not the folder', async () => {
    const legacy = join(dir, 's.db.assets');
    mkdirSync(legacy);
    const old = 'OldAssetOldAssetOldAss';
    writeFileSync(join(legacy, old), Uint8Array.of(9, 9));
    writeFileSync(join(legacy, `${'T'.repeat(22)}.tmp`), Uint8Array.of(7));
    const assets = new AssetStore({ store, now: () => 1_700_000_000_000, legacyDir: legacy });
    expect(await assets.get(old)).toEqual(Uint8Array.of(9, 9));
    // A half-written upload of the old layout (temp file) is no asset.
    expect(await assets.get(`${'T'.repeat(22)}.tmp`)).toBeUndefined();
    const id = await assets.put(Uint8Array.of(5));
    expect(readdirSync(legacy).sort()).toEqual([old, `${'T'.repeat(22)}.tmp`].sort());
    expect(await assets.get(id)).toEqual(Uint8Array.of(5));
  });
});
