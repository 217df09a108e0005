/**
 * Keys a provider makes once and keeps (the hub's franking key, its GroupInfoResponse signing key),
 * as a JSON object of named fields: in a file (mode 0600) beside a SQLite store or where the
 * configuration says, or in the store itself (`ProviderStore.secret`) when several nodes of one
 * domain share a PostgreSQL store and so must share the keys.
 *
 * Made once, whoever comes first: a file is written to a temp file and then linked to its name
 * (link fails if the name exists, unlike rename, which would replace a key another process just
 * made and used), so two processes creating it at once end with the first one's key, which both
 * use; a crash never leaves half a key. A store secret is first-writer-wins by contract.
 *
 * A key that is not what it should be (not JSON, another domain, a field missing or of the wrong
 * type) is an error naming the file (or secret) and field, never silently replaced: a lost key
 * invalidates what was signed with it.
 */
import { closeSync, fsyncSync, linkSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { decodeUtf8OrNull, encodeUtf8 } from '@mimikit/bytes';
import type { ProviderStore } from '../store/index.ts';

/** Named fields of a key file: text as is, bytes as base64url. */
export type KeyFileFields = Record<string, string | Uint8Array>;

/** Read access to the fields of a loaded key file; a missing or mistyped field throws naming it. */
export interface KeyFileReader {
  text(name: string): string;
  bytes(name: string): Uint8Array;
}

export interface KeyFileKind<K> {
  /** What the file holds, for errors ("franking key"). */
  what: string;
  create(): Promise<K>;
  fields(key: K): KeyFileFields;
  read(fields: KeyFileReader): K | Promise<K>;
}

/** Where a key is kept: a file path, a secret of the store, or (null) nowhere: in memory for this run only. */
export type KeyHome = string | { store: ProviderStore; secret: string } | null;

const BASE64URL = /^[A-Za-z0-9_-]*$/;

/** Loads the key of `domain` from its home, or makes one and keeps it there (the first one made wins). */
export async function loadOrCreateKeyFile<K>(home: KeyHome, domain: string, kind: KeyFileKind<K>): Promise<K> {
  if (home === null) return kind.create();
  if (typeof home !== 'string') {
    const where = `the store's secret ${home.secret}`;
    const candidate = encodeUtf8(await keyRecord(domain, kind));
    const kept = decodeUtf8OrNull(await home.store.secret(home.secret, candidate));
    if (kept === null) throw new Error(`${where}: not a ${kind.what} (not UTF-8)`);
    return parseKeyRecord(kept, where, domain, kind);
  }
  const existing = readIfExists(home);
  if (existing !== null) return parseKeyRecord(existing, home, domain, kind);
  const temp = `${home}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  const fd = openSync(temp, 'wx', 0o600);
  try {
    writeSync(fd, await keyRecord(domain, kind));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(temp, home);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    // Another process made it first: its key is the one, and it may already be in use.
  } finally {
    unlinkSync(temp);
  }
  return parseKeyRecord(readFileSync(home, 'utf8'), home, domain, kind);
}

function readIfExists(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

/** A new key of `domain` as its JSON record: `domain` and the kind's fields (bytes as base64url). */
async function keyRecord<K>(domain: string, kind: KeyFileKind<K>): Promise<string> {
  const out: Record<string, string> = { domain };
  for (const [name, v] of Object.entries(kind.fields(await kind.create()))) out[name] = typeof v === 'string' ? v : Buffer.from(v).toString('base64url');
  return `${JSON.stringify(out, null, 2)}\n`;
}

/** Reads a key record (JSON text) kept at `where`, checking it is `domain`'s and usable. */
async function parseKeyRecord<K>(json: string, where: string, domain: string, kind: KeyFileKind<K>): Promise<K> {
  let stored: unknown;
  try {
    stored = JSON.parse(json);
  } catch (err) {
    throw new Error(`${where}: not a ${kind.what} file (${(err as Error).message})`);
  }
  if (typeof stored !== 'object' || stored === null || Array.isArray(stored)) throw new Error(`${where}: not a ${kind.what} file (not a JSON object)`);
  const record = stored as Record<string, unknown>;
  const text = (name: string): string => {
    const v = record[name];
    if (typeof v !== 'string') throw new Error(`${where}: ${name} is missing or not a string`);
    return v;
  };
  if (text('domain') !== domain) throw new Error(`${where}: the ${kind.what} of ${text('domain')}, not ${domain}`);
  const bytes = (name: string): Uint8Array => {
    const v = text(name);
    if (!BASE64URL.test(v)) throw new Error(`${where}: ${name} is not base64url`);
    return new Uint8Array(Buffer.from(v, 'base64url'));
  };
  try {
    return await kind.read({ text, bytes });
  } catch (err) {
    throw new Error(`${where}: not a usable ${kind.what} (${(err as Error).message})`, { cause: err });
  }
}
