/**
 * startLocalDeployment (@mimikit/provider/local-deployment) on a real PostgreSQL cluster with
 * `databaseConnections`: a domain's nodes share that many database connections (each node's store
 * gets ⌈total / n⌉ as maxConnections), the nodes start on their databases and answer /readyz, and
 * stop() drops the databases. The bench gives one and two hub nodes the same total this way.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalDeployment, startLocalDeployment } from '@mimikit/provider/local-deployment';
import { clusterPerFile } from '../support/postgres-databases.ts';
import { MIMI_COMMAND } from '../support/run-cli.ts';

const postgres = clusterPerFile('deployment');
let dir: string;
let deployment: LocalDeployment;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mimikit-deployment-pg-'));
  deployment = await startLocalDeployment({
    command: MIMI_COMMAND,
    dir,
    domains: ['a.example', 'b.example'],
    users: ['alice'],
    postgres: postgres.cluster().url,
    nodes: { 'a.example': ['hub-1', 'hub-2'] },
    databaseConnections: 3,
  });
}, 60_000);

afterAll(async () => {
  await deployment?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const storeOf = (file: string) => (JSON.parse(readFileSync(join(dir, file), 'utf8')) as { store: unknown }).store;

async function databases(): Promise<string[]> {
  const client = new pg.Client({ connectionString: postgres.cluster().url });
  await client.connect();
  try {
    const r = await client.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE '%_example' ORDER BY datname");
    return r.rows.map((row) => row.datname);
  } finally {
    await client.end();
  }
}

describe('startLocalDeployment with databaseConnections', () => {
  it("gives each node of a domain its share of the domain's connections, on the domain's database", () => {
    const a = deployment.databases.get('a.example')!;
    expect(a).toMatch(/\/a_example$/);
    // Two hub nodes share 3: each gets ⌈3 / 2⌉ = 2; b.example's only node gets all 3.
    expect(storeOf('a.example.hub-1.json')).toEqual({ url: a, maxConnections: 2 });
    expect(storeOf('a.example.hub-2.json')).toEqual({ url: a, maxConnections: 2 });
    expect(storeOf('b.example.json')).toEqual({ url: deployment.databases.get('b.example'), maxConnections: 3 });
  });

  it('starts every node on its database: each answers /readyz 200', async () => {
    expect(deployment.nodes.map((n) => n.node ?? n.domain).sort()).toEqual(['b.example', 'hub-1', 'hub-2']);
    for (const n of deployment.nodes) expect((await fetch(new URL('/readyz', n.process.clientUrl))).status).toBe(200);
  });

  it('drops the databases on stop()', async () => {
    expect(await databases()).toEqual(['a_example', 'b_example']);
    await deployment.stop();
    expect(await databases()).toEqual([]);
  });
});
