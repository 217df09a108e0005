/**
 * The SQLite store: the ProviderStore contract (test/support/store-contract.ts) on a file in a
 * temporary folder, and what only a file can show: which files it refuses to open, the schema
 * version check, WAL mode.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StoreError, type StoreErrorCode } from '@mimikit/provider/store';
import { openSqliteStore, SCHEMA_VERSION } from '@mimikit/provider/store/sqlite';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeStoreContract } from '../support/store-contract.ts';

describeStoreContract('SQLite (better-sqlite3)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mimikit-store-'));
  const path = join(dir, 'provider.db');
  return {
    open: async () => openSqliteStore(path),
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
});

describe('SQLite store files', () => {
  let dir: string;
  let path: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mimikit-store-'));
    path = join(dir, 'provider.db');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function openFails(code: StoreErrorCode, file = path, options = {}): StoreError {
    let err: unknown;
    try {
      openSqliteStore(file, options).close();
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(StoreError);
    expect((err as StoreError).code).toBe(code);
    expect((err as StoreError).location).toBe(file);
    expect((err as StoreError).message).toContain(file);
    return err as StoreError;
  }

  it('creates the file in WAL mode, with the mimikit application id and the schema version', async () => {
    await openSqliteStore(path).close();
    const db = new Database(path, { readonly: true });
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('application_id', { simple: true })).toBe(0x4d494d49);
      expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    } finally {
      db.close();
    }
  });

  it('brings a version-1 store up to the current version, keeping its rows', async () => {
    const store = openSqliteStore(path);
    await store.putUser({ uri: 'mimi://a.example/u/alice', fields: { handle: 'alice' } });
    await store.close();
    // What a version-1 file looks like: without the objects migration 2 adds.
    const db = new Database(path);
    db.exec(
      `DROP TABLE dead_letters; DROP TABLE consent_key_packages; DROP INDEX inbound_by_received_at; DROP INDEX inbox_by_inbound; DROP TABLE assets; DROP TABLE secrets;`,
    );
    db.pragma('user_version = 1');
    db.close();
    const upgraded = openSqliteStore(path);
    try {
      expect(await upgraded.getUser('mimi://a.example/u/alice')).toEqual({ uri: 'mimi://a.example/u/alice', fields: { handle: 'alice' } });
      expect(await upgraded.deadLetters()).toEqual([]);
      expect(await upgraded.getAsset('none')).toBeUndefined();
    } finally {
      await upgraded.close();
    }
    const check = new Database(path, { readonly: true });
    try {
      expect(check.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    } finally {
      check.close();
    }
  });

  it('refuses a store of a newer schema version, naming the file', async () => {
    await openSqliteStore(path).close();
    const db = new Database(path);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    expect(openFails('newer-schema').message).toMatch(new RegExp(`schema version ${SCHEMA_VERSION + 1} is newer`));
  });

  it('refuses a file that is not SQLite', () => {
    writeFileSync(path, 'this is a text file, not a database\n'.repeat(200));
    openFails('not-a-store');
    expect(readFileSync(path, 'utf8')).toBe('this is a text file, not a database\n'.repeat(200));
  });

  it("refuses another application's SQLite database and leaves it as it was", () => {
    const other = new Database(path);
    other.exec('CREATE TABLE notes (body TEXT)');
    other.close();
    expect(openFails('not-a-store').message).toMatch(/not a mimikit provider store/);
    const db = new Database(path, { readonly: true });
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('delete');
      expect(db.prepare('SELECT name FROM sqlite_schema').pluck().all()).toEqual(['notes']);
    } finally {
      db.close();
    }
  });

  it('refuses a missing folder and bad options with clear errors', () => {
    openFails('open-failed', join(dir, 'missing', 'provider.db'));
    openFails('invalid-argument', path, { maxBatch: 0 });
    openFails('invalid-argument', path, { busyTimeoutMs: -1 });
    expect(existsSync(path)).toBe(false);
  });
});
