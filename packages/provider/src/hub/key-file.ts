/**
 * Keys a provider makes once and keeps in a file beside its store (the hub's franking key, its
 * GroupInfoResponse signing key): mode 0600, written to a temp file and renamed, so a crash never
 * leaves half a key. A file that is not what it should be (not JSON, another domain, a field missing
 * or of the wrong type) is an error naming the file and field, never silently replaced: a lost key
 * invalidates what was signed with it.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';

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

const BASE64URL = /^[A-Za-z0-9_-]*$/;

/** Loads the key of `domain` from `file`, or makes one and writes it there; `file` null keeps it in memory only. */
export async function loadOrCreateKeyFile<K>(file: string | null, domain: string, kind: KeyFileKind<K>): Promise<K> {
  if (file === null) return kind.create();
  if (existsSync(file)) {
    let stored: unknown;
    try {
      stored = JSON.parse(readFileSync(file, 'utf8'));
    } catch (err) {
      throw new Error(`${file}: not a ${kind.what} file (${(err as Error).message})`);
    }
    if (typeof stored !== 'object' || stored === null || Array.isArray(stored)) throw new Error(`${file}: not a ${kind.what} file (not a JSON object)`);
    const record = stored as Record<string, unknown>;
    const text = (name: string): string => {
      const v = record[name];
      if (typeof v !== 'string') throw new Error(`${file}: ${name} is missing or not a string`);
      return v;
    };
    if (text('domain') !== domain) throw new Error(`${file}: the ${kind.what} of ${text('domain')}, not ${domain}`);
    const bytes = (name: string): Uint8Array => {
      const v = text(name);
      if (!BASE64URL.test(v)) throw new Error(`${file}: ${name} is not base64url`);
      return new Uint8Array(Buffer.from(v, 'base64url'));
    };
    try {
      return await kind.read({ text, bytes });
    } catch (err) {
      throw new Error(`${file}: not a usable ${kind.what} (${(err as Error).message})`, { cause: err });
    }
  }
  const key = await kind.create();
  const out: Record<string, string> = { domain };
  for (const [name, v] of Object.entries(kind.fields(key))) out[name] = typeof v === 'string' ? v : Buffer.from(v).toString('base64url');
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(out, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  renameSync(temp, file);
  return key;
}
