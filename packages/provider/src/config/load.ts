/**
 * Loading and validating a provider configuration: every problem is reported with the file and the
 * JSON pointer of the offending value, never as a crash later on. Relative paths are resolved
 * against the configuration file's folder, so a config works from any working directory.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Value from 'typebox/value';
import {
  POSTGRES_URL_PATTERN,
  PostgresStoreConfigSchema,
  ProviderConfigSchema,
  SqliteStoreConfigSchema,
  type ProviderConfig,
  type StoreConfig,
} from './schema.ts';

/** Largest configuration file read (a user directory can be large, a config file no larger). */
export const MAX_CONFIG_BYTES = 64 * 1024 * 1024;

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(
    readonly file: string,
    /** JSON pointer of the value at fault ('' for the whole file). */
    readonly pointer: string,
    message: string,
  ) {
    super(`${file}${pointer ? ` at ${pointer}` : ''}: ${message}`);
  }
}

/** Checks a parsed configuration; `file` names it in errors. Returns it with paths resolved against `baseDir`. */
export function validateConfig(value: unknown, file: string, baseDir: string): ProviderConfig {
  // The store first, by its shape: the schema's union alone would only say "must match a schema in anyOf".
  const store = typeof value === 'object' && value !== null && 'store' in value ? storeConfig(value.store, file) : undefined;
  const first = Value.Errors(ProviderConfigSchema, value)[0];
  if (first) throw new ConfigError(file, first.instancePath, first.message);
  const config = { ...(value as Omit<ProviderConfig, 'store'>), store: store! };
  const seen = new Set<string>();
  config.peers.forEach((p, i) => {
    if (p.domain === config.domain) throw new ConfigError(file, `/peers/${i}/domain`, `${p.domain} is this provider's own domain`);
    if (seen.has(p.domain)) throw new ConfigError(file, `/peers/${i}/domain`, `${p.domain} is listed twice`);
    seen.add(p.domain);
  });
  const users = new Set<string>();
  config.users.forEach((u, i) => {
    let url: URL;
    try {
      url = new URL(u.uri);
    } catch {
      throw new ConfigError(file, `/users/${i}/uri`, `${u.uri} is not a URI`);
    }
    if (url.host !== config.domain || !url.pathname.startsWith('/u/'))
      throw new ConfigError(file, `/users/${i}/uri`, `${u.uri} is not a user of ${config.domain} (mimi://${config.domain}/u/<name>)`);
    if (users.has(u.uri)) throw new ConfigError(file, `/users/${i}/uri`, `${u.uri} is listed twice`);
    users.add(u.uri);
  });
  const at = (p: string) => resolve(baseDir, p);
  return {
    ...config,
    store: 'path' in config.store && config.store.path !== ':memory:' ? { path: at(config.store.path) } : config.store,
    ...(config.frankingKey === undefined ? {} : { frankingKey: at(config.frankingKey) }),
    ...(config.hubSenderKey === undefined ? {} : { hubSenderKey: at(config.hubSenderKey) }),
    tls: { cert: at(config.tls.cert), key: at(config.tls.key), ca: at(config.tls.ca) },
    peers: config.peers.map((p) => (p.ca === undefined ? p : { ...p, ca: at(p.ca) })),
  };
}

const POSTGRES_URL = new RegExp(POSTGRES_URL_PATTERN);

/**
 * The `store` field in its object form: a PostgreSQL URL string becomes `{ url }`. Errors name the
 * field but never repeat the URL: it may carry a password.
 */
function storeConfig(value: unknown, file: string): StoreConfig {
  const shapes = 'a PostgreSQL URL (postgres://user@host:5432/db), { "path": "<SQLite file>" } or { "url": "postgres://…", "maxConnections": n }';
  if (typeof value === 'string') {
    if (value.length > 2048) throw new ConfigError(file, '/store', 'a PostgreSQL URL of at most 2048 characters is expected');
    if (!POSTGRES_URL.test(value)) throw new ConfigError(file, '/store', `a string store must be ${shapes.split(',')[0]} without spaces or control characters`);
    checkPostgresUrl(value, file, '/store');
    return { url: value };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ConfigError(file, '/store', `expected ${shapes}`);
  if ('url' in value && 'path' in value) throw new ConfigError(file, '/store', 'either path (SQLite) or url (PostgreSQL), not both');
  const schema = 'url' in value ? PostgresStoreConfigSchema : 'path' in value ? SqliteStoreConfigSchema : null;
  if (schema === null) throw new ConfigError(file, '/store', `expected ${shapes}`);
  const first = Value.Errors(schema, value)[0];
  if (first) {
    // A URL that does not match the pattern is reported without its value.
    throw new ConfigError(
      file,
      `/store${first.instancePath}`,
      first.instancePath === '/url'
        ? 'a postgres:// or postgresql:// URL of at most 2048 characters, without spaces or control characters, is expected'
        : first.message,
    );
  }
  if ('url' in value) checkPostgresUrl(value.url as string, file, '/store/url');
  return value as StoreConfig;
}

/** The URL must parse (host, port, database), so a typo is refused here rather than at the first connection. */
function checkPostgresUrl(url: string, file: string, pointer: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigError(file, pointer, 'not a valid URL (percent-encode special characters of the user name and password)');
  }
  if (parsed.port !== '' && (Number(parsed.port) < 1 || Number(parsed.port) > 65535)) throw new ConfigError(file, pointer, 'the port must be from 1 to 65535');
}

/** Reads, parses and validates a configuration file. */
export function loadConfig(file: string): ProviderConfig {
  const path = resolve(file);
  let text: string;
  try {
    const bytes = readFileSync(path);
    if (bytes.length > MAX_CONFIG_BYTES) throw new ConfigError(path, '', `larger than ${MAX_CONFIG_BYTES} bytes`);
    text = bytes.toString('utf8');
  } catch (err) {
    if (err instanceof ConfigError) throw err;
    throw new ConfigError(path, '', `cannot read: ${(err as Error).message}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new ConfigError(path, '', `not JSON: ${(err as Error).message}`);
  }
  return validateConfig(value, path, dirname(path));
}
