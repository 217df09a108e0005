/**
 * Fresh PostgreSQL databases for store tests on one throwaway cluster (test/support/postgres.ts):
 * the schema is migrated once into a template database, and each test gets a copy
 * (`CREATE DATABASE ... TEMPLATE`, a file copy: much faster than running the migrations again).
 */
import { migratePostgresStore } from '@mimikit/provider/store/postgres';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { type PostgresCluster, startPostgres } from './postgres.ts';

export interface PostgresDatabases {
  /** A new database holding the current store schema; its URL. */
  migrated(): Promise<string>;
  /** A new, empty database; its URL. */
  empty(): Promise<string>;
  /** Drops a database made here (closing any connection still open to it). */
  drop(url: string): Promise<void>;
}

/** The URL of database `name` on the cluster. */
export function databaseUrl(cluster: PostgresCluster, name: string): string {
  const url = new URL(cluster.url);
  url.pathname = `/${name}`;
  return url.toString();
}

async function admin<T>(cluster: PostgresCluster, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: cluster.url });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

export function postgresDatabases(cluster: PostgresCluster, prefix: string): PostgresDatabases {
  let n = 0;
  let template: Promise<string> | undefined;
  const create = async (from?: string) => {
    const name = `${prefix}_${++n}`;
    await admin(cluster, (c) => c.query(`CREATE DATABASE ${name}${from ? ` TEMPLATE ${from}` : ''}`));
    return databaseUrl(cluster, name);
  };
  return {
    empty: () => create(),
    migrated: async () => {
      template ??= (async () => {
        const name = `${prefix}_template`;
        await admin(cluster, (c) => c.query(`CREATE DATABASE ${name}`));
        await migratePostgresStore(databaseUrl(cluster, name));
        return name;
      })();
      return create(await template);
    },
    drop: (url) => admin(cluster, (c) => c.query(`DROP DATABASE IF EXISTS ${new URL(url).pathname.slice(1)} WITH (FORCE)`)).then(() => {}),
  };
}

/** Polls `check` every 20 ms until it is true; fails after `timeoutMs` (a notice or a recovery that never comes). */
export async function waitFor(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * One throwaway cluster for the calling test file (started before its tests, stopped after them)
 * and its databases named `<prefix>_<n>`; call at the top level of the file.
 */
export function clusterPerFile(prefix: string): PostgresDatabases & { cluster(): PostgresCluster } {
  let cluster: PostgresCluster | undefined;
  let databases: PostgresDatabases | undefined;
  beforeAll(async () => {
    cluster = await startPostgres();
    databases = postgresDatabases(cluster, prefix);
  });
  afterAll(() => cluster?.stop());
  const started = <T>(x: T | undefined): T => {
    if (x === undefined) throw new Error('the test cluster is not started (clusterPerFile starts it in beforeAll)');
    return x;
  };
  return {
    cluster: () => started(cluster),
    migrated: () => started(databases).migrated(),
    empty: () => started(databases).empty(),
    drop: (url) => started(databases).drop(url),
  };
}
