/**
 * Opening a PostgreSQL store: the schema migrations (run once however many nodes start at once),
 * the databases it refuses without changing them, and its options.
 */
import { StoreError, type StoreErrorCode } from '@mimikit/provider/store';
import { migratePostgresStore, openPostgresStore, POSTGRES_SCHEMA_VERSION, type PostgresStoreOptions } from '@mimikit/provider/store/postgres';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { freeLoopbackPort } from '@mimikit/provider';
import { clusterPerFile, databaseUrl } from '../support/postgres-databases.ts';

const databases = clusterPerFile('migrations');

async function sql<R extends pg.QueryResultRow>(url: string, text: string): Promise<R[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<R>(text)).rows;
  } finally {
    await client.end();
  }
}

/** The tables of the database's public schema, sorted. */
async function tables(url: string): Promise<string[]> {
  const rows = await sql<{ name: string }>(url, "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename");
  return rows.map((r) => r.name);
}

async function openFails(code: StoreErrorCode, url: string, options?: PostgresStoreOptions): Promise<StoreError> {
  const err = await openPostgresStore(url, options).then(
    async (store) => {
      await store.close();
      return undefined;
    },
    (e: unknown) => e,
  );
  expect(err, `expected StoreError '${code}'`).toBeInstanceOf(StoreError);
  expect((err as StoreError).code).toBe(code);
  return err as StoreError;
}

describe('PostgreSQL store schema', () => {
  it('nodes opening an empty database at the same instant migrate it once, and all of them work', async () => {
    const url = await databases.empty();
    const stores = await Promise.all(Array.from({ length: 4 }, () => openPostgresStore(url, { maxConnections: 2 })));
    try {
      const versions = await sql<{ version: number; description: string }>(url, 'SELECT version, description FROM mimikit_schema ORDER BY version');
      expect(versions.map((v) => v.version)).toEqual(Array.from({ length: POSTGRES_SCHEMA_VERSION }, (_, i) => i + 1));
      await stores[0]!.putUser({ uri: 'mimi://a.example/u/alice', fields: { handle: 'alice' } });
      for (const s of stores) expect(await s.getUser('mimi://a.example/u/alice')).toEqual({ uri: 'mimi://a.example/u/alice', fields: { handle: 'alice' } });
      expect(await tables(url)).toEqual(
        [
          'abuse_reports',
          'assets',
          'clients',
          'consent_key_packages',
          'consents',
          'dead_letters',
          'destinations',
          'inbound',
          'inbox',
          'key_packages',
          'mimikit_schema',
          'outbox',
          'pending_proposals',
          'rooms',
          'secrets',
          'subscriptions',
          'user_fields',
          'users',
        ].sort(),
      );
    } finally {
      await Promise.all(stores.map((s) => s.close()));
      await databases.drop(url);
    }
  });

  it('migratePostgresStore creates the schema once, then has nothing to do; concurrent runs apply it once', async () => {
    const url = await databases.empty();
    const runs = await Promise.all([migratePostgresStore(url), migratePostgresStore(url), migratePostgresStore(url)]);
    expect(runs.filter((r) => r.from === 0)).toHaveLength(1);
    for (const r of runs) expect(r.to).toBe(POSTGRES_SCHEMA_VERSION);
    expect(await migratePostgresStore(url)).toEqual({ from: POSTGRES_SCHEMA_VERSION, to: POSTGRES_SCHEMA_VERSION });
    expect(await sql(url, 'SELECT version FROM mimikit_schema')).toHaveLength(POSTGRES_SCHEMA_VERSION);
    await databases.drop(url);
  });

  it('without migrate, an empty (out-of-date) database is refused, says how to migrate, and stays empty', async () => {
    const url = await databases.empty();
    const err = await openFails('open-failed', url, { migrate: false });
    expect(err.message).toContain('mimi provider migrate');
    expect(await tables(url)).toEqual([]);
    await migratePostgresStore(url);
    const store = await openPostgresStore(url, { migrate: false });
    await store.close();
    await databases.drop(url);
  });

  it('refuses a database of a newer schema version, changing nothing', async () => {
    const url = await databases.migrated();
    await sql(url, `INSERT INTO mimikit_schema (version, description) VALUES (${POSTGRES_SCHEMA_VERSION + 1}, 'from the future')`);
    const before = await tables(url);
    const err = await openFails('newer-schema', url);
    expect(err.message).toContain(`${POSTGRES_SCHEMA_VERSION + 1}`);
    await openFails('newer-schema', url, { migrate: false });
    await expect(migratePostgresStore(url)).rejects.toMatchObject({ code: 'newer-schema' });
    expect(await tables(url)).toEqual(before);
    expect(await sql(url, 'SELECT version FROM mimikit_schema')).toHaveLength(POSTGRES_SCHEMA_VERSION + 1);
    await databases.drop(url);
  });

  it("refuses another application's database (tables, no mimikit_schema), changing nothing", async () => {
    const url = await databases.empty();
    await sql(url, 'CREATE TABLE orders (id integer PRIMARY KEY); INSERT INTO orders VALUES (1)');
    const err = await openFails('not-a-store', url);
    expect(err.message).toContain('mimikit_schema');
    await expect(migratePostgresStore(url)).rejects.toMatchObject({ code: 'not-a-store' });
    expect(await tables(url)).toEqual(['orders']);
    expect(await sql(url, 'SELECT id FROM orders')).toEqual([{ id: 1 }]);
    await databases.drop(url);
  });

  it('refuses bad URLs and options with invalid-argument, before connecting', async () => {
    const url = databaseUrl(databases.cluster(), 'postgres');
    for (const bad of ['', 'mysql://127.0.0.1/x', 'not a url', 42 as unknown as string]) await openFails('invalid-argument', bad);
    const badOptions: PostgresStoreOptions[] = [
      { maxConnections: 0 },
      { maxConnections: 1.5 },
      { maxConnections: '4' as unknown as number },
      { statementTimeoutMs: -1 },
      { connectTimeoutMs: Number.NaN },
      { migrate: 'yes' as unknown as boolean },
      { location: '' },
    ];
    for (const options of badOptions) await openFails('invalid-argument', url, options);
    await openFails('invalid-argument', url, null as unknown as PostgresStoreOptions);
  });

  it('names the store without its password; a missing database is open-failed, a closed port unavailable', async () => {
    const withPassword = new URL(databaseUrl(databases.cluster(), 'no_such_db'));
    withPassword.password = 's3cret';
    const missing = await openFails('open-failed', withPassword.toString());
    expect(missing.location).toBe(`postgres://postgres@127.0.0.1:${databases.cluster().port}/no_such_db`);
    expect(missing.message).not.toContain('s3cret');
    const labelled = await openFails('open-failed', withPassword.toString(), { location: 'hub database' });
    expect(labelled.location).toBe('hub database');

    const closedPort = await freeLoopbackPort();
    await openFails('unavailable', `postgres://postgres@127.0.0.1:${closedPort}/x`, { connectTimeoutMs: 1000 });
  });

  it('refuses text PostgreSQL cannot hold (a NUL character) with invalid-argument, storing nothing', async () => {
    const url = await databases.migrated();
    const store = await openPostgresStore(url);
    try {
      await expect(store.putUser({ uri: 'mimi://a.example/u/nul', fields: { handle: 'a\u0000b' } })).rejects.toMatchObject({ code: 'invalid-argument' });
      expect(await store.getUser('mimi://a.example/u/nul')).toBeUndefined();
      await expect(
        store.createRoom({ roomId: 'r\u0000', epoch: 0n, cipherSuite: 1, groupInfo: new Uint8Array(), ratchetTree: new Uint8Array(), createdAt: 0 }),
      ).rejects.toMatchObject({
        code: 'invalid-argument',
      });
    } finally {
      await store.close();
      await databases.drop(url);
    }
  });
});
