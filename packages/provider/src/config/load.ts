/**
 * Loading and validating a provider configuration: every problem is reported with the file and the
 * JSON pointer of the offending value, never as a crash later on. Relative paths are resolved
 * against the configuration file's folder, so a config works from any working directory.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Value from 'typebox/value';
import { ProviderConfigSchema, type ProviderConfig } from './schema.ts';

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
  const first = Value.Errors(ProviderConfigSchema, value)[0];
  if (first) throw new ConfigError(file, first.instancePath, first.message);
  const config = value as ProviderConfig;
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
    store: { path: config.store.path === ':memory:' ? ':memory:' : at(config.store.path) },
    ...(config.frankingKey === undefined ? {} : { frankingKey: at(config.frankingKey) }),
    tls: { cert: at(config.tls.cert), key: at(config.tls.key), ca: at(config.tls.ca) },
    peers: config.peers.map((p) => (p.ca === undefined ? p : { ...p, ca: at(p.ca) })),
  };
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
