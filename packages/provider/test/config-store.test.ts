/**
 * The configuration's store, node and delivery fields (config/schema.ts, config/load.ts): a
 * PostgreSQL URL string, `{ path }` (SQLite) or `{ url, maxConnections }`; each bad value refused
 * with the file, the JSON pointer and what is expected, and a URL's password never repeated in an
 * error or a log line.
 */
import { describe, expect, it } from 'vitest';
import { ConfigError, describeStore, validateConfig } from '../src/index.ts';

const BASE = {
  domain: 'a.example',
  listen: { host: '127.0.0.1', port: 8443 },
  clientListen: { host: '127.0.0.1', port: 8080 },
  publicBaseUrl: 'https://a.example',
  store: { path: 'a.db' },
  tls: { cert: 'a.pem', key: 'a.key.pem', ca: 'ca.pem' },
  peers: [],
  users: [],
};
const check = (fields: Record<string, unknown>) => validateConfig({ ...BASE, ...fields }, 'a.json', '/etc/mimi');
const refusal = (fields: Record<string, unknown>): ConfigError => {
  try {
    check(fields);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('accepted');
};

describe('the store, node and delivery fields', () => {
  it('takes a PostgreSQL URL string, { url, maxConnections } and { path } (resolved against the file)', () => {
    expect(check({ store: 'postgres://mimi@127.0.0.1:5432/mimi' }).store).toEqual({ url: 'postgres://mimi@127.0.0.1:5432/mimi' });
    expect(check({ store: 'postgresql://db.internal/mimi?sslmode=require' }).store).toEqual({ url: 'postgresql://db.internal/mimi?sslmode=require' });
    expect(check({ store: { url: 'postgres://db/mimi', maxConnections: 20 } }).store).toEqual({ url: 'postgres://db/mimi', maxConnections: 20 });
    expect(check({ store: { path: 'a.db' } }).store).toEqual({ path: '/etc/mimi/a.db' });
    expect(check({ store: { path: ':memory:' } }).store).toEqual({ path: ':memory:' });
    expect(check({ node: 'hub-1', delivery: { leaseMs: 5000, pollMs: 250 } })).toMatchObject({ node: 'hub-1', delivery: { leaseMs: 5000, pollMs: 250 } });
  });

  it('refuses other shapes and values with the field at fault', () => {
    const cases: Array<[Record<string, unknown>, string, RegExp]> = [
      [{ store: 'mysql://db/mimi' }, '/store', /PostgreSQL URL/],
      [{ store: 'postgres://db/mi mi' }, '/store', /without spaces/],
      [{ store: `postgres://db/${'x'.repeat(2048)}` }, '/store', /at most 2048/],
      [{ store: 'postgres://db:99999/mimi' }, '/store', /port|URL/],
      [{ store: 42 }, '/store', /PostgreSQL URL .*path.*url/],
      [{ store: {} }, '/store', /PostgreSQL URL .*path.*url/],
      [{ store: { path: '' } }, '/store/path', /fewer than 1/],
      [{ store: { path: 'a.db', url: 'postgres://db/mimi' } }, '/store', /not both/],
      [{ store: { url: 'http://db/mimi' } }, '/store/url', /postgres:\/\/ or postgresql:\/\//],
      [{ store: { url: 'postgres://db/mimi', maxConnections: 0 } }, '/store/maxConnections', />= 1/],
      [{ node: '' }, '/node', /pattern/],
      [{ node: 'hub 1' }, '/node', /pattern/],
      [{ node: 'h'.repeat(129) }, '/node', /pattern/],
      [{ delivery: { leaseMs: 999 } }, '/delivery/leaseMs', />= 1000/],
      [{ delivery: { pollMs: 0 } }, '/delivery/pollMs', />= 10/],
    ];
    for (const [fields, pointer, message] of cases) {
      const err = refusal(fields);
      expect({ fields, pointer: err.pointer }).toEqual({ fields, pointer });
      expect(err.message).toMatch(message);
      expect(err.message.startsWith(`a.json at ${pointer}: `)).toBe(true);
    }
  });

  it('never repeats a password: not in errors, not in the store description', () => {
    for (const store of ['postgres://mimi:s3cret@db/mi mi', { url: 'postgres://mimi:s3cret@db/mimi\u0001' }])
      expect(refusal({ store }).message).not.toContain('s3cret');
    expect(describeStore({ url: 'postgres://mimi:s3cret@db:5432/mimi' })).toBe('postgres://mimi:***@db:5432/mimi');
    expect(describeStore({ url: 'postgres://mimi@db/mimi' })).toBe('postgres://mimi@db/mimi');
    expect(describeStore({ path: '/var/lib/mimi/a.db' })).toBe('/var/lib/mimi/a.db');
  });
});
