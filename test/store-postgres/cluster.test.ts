// The throwaway PostgreSQL cluster (@mimikit/provider/postgres-cluster, re-exported by
// test/support/postgres.ts): a real server (initdb + postgres on a free loopback port) that the
// PostgreSQL store adapter's tests, the fault tests and `mimi demo --store postgres` run against.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { type PostgresCluster, startPostgres } from '../support/postgres.ts';

function portAccepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe('test PostgreSQL cluster', () => {
  let cluster: PostgresCluster | undefined;
  afterAll(() => cluster?.stop());

  it('starts, stores and reads rows across connections, and stops leaving nothing behind', async () => {
    cluster = await startPostgres();
    expect(cluster.url).toMatch(/^postgres:\/\/postgres@127\.0\.0\.1:\d+\/postgres$/);
    expect(existsSync(cluster.dir)).toBe(true);
    expect(await portAccepts(cluster.port)).toBe(true);

    const a = new pg.Client({ connectionString: cluster.url });
    const b = new pg.Client({ connectionString: cluster.url });
    await a.connect();
    await b.connect();
    try {
      const version = await a.query<{ server_version_num: string }>('SHOW server_version_num');
      expect(Number(version.rows[0]?.server_version_num)).toBeGreaterThanOrEqual(150000);

      await a.query('CREATE TABLE note (id integer PRIMARY KEY, body text NOT NULL)');
      await a.query('INSERT INTO note VALUES ($1, $2)', [1, 'hello']);
      expect((await a.query('SELECT body FROM note WHERE id = 1')).rows).toEqual([{ body: 'hello' }]);
      // Committed by a: b sees it.
      expect((await b.query('SELECT id, body FROM note ORDER BY id')).rows).toEqual([{ id: 1, body: 'hello' }]);

      // Uncommitted work of one connection is invisible to the other until it commits.
      await a.query('BEGIN');
      await a.query('INSERT INTO note VALUES (2, $1)', ['pending']);
      expect((await b.query('SELECT count(*)::int AS n FROM note')).rows).toEqual([{ n: 1 }]);
      await a.query('COMMIT');
      expect((await b.query('SELECT count(*)::int AS n FROM note')).rows).toEqual([{ n: 2 }]);

      // Both connections at once: concurrent inserts, all visible afterwards to each.
      await Promise.all([
        ...[10, 11, 12].map((id) => a.query('INSERT INTO note VALUES ($1, $2)', [id, 'from a'])),
        ...[20, 21, 22].map((id) => b.query('INSERT INTO note VALUES ($1, $2)', [id, 'from b'])),
      ]);
      for (const c of [a, b]) expect((await c.query('SELECT count(*)::int AS n FROM note')).rows).toEqual([{ n: 8 }]);
    } finally {
      await a.end();
      await b.end();
    }

    const { dir, port } = cluster;
    await cluster.stop();
    expect(existsSync(dir)).toBe(false);
    expect(await portAccepts(port)).toBe(false);
  });

  it('stops the server keeping its data, and starts it again on the same port', async () => {
    const c = await startPostgres();
    try {
      const before = new pg.Client({ connectionString: c.url });
      await before.connect();
      await before.query('CREATE TABLE kept (n integer)');
      await before.query('INSERT INTO kept VALUES (7)');
      await before.end();
      await c.stopServer('immediate');
      expect(await portAccepts(c.port)).toBe(false);
      const refused = new pg.Client({ connectionString: c.url, connectionTimeoutMillis: 2000 });
      await expect(refused.connect()).rejects.toThrow();
      await refused.end().catch(() => {});
      await c.startServer();
      const after = new pg.Client({ connectionString: c.url });
      await after.connect();
      expect((await after.query('SELECT n FROM kept')).rows).toEqual([{ n: 7 }]);
      await after.end();
    } finally {
      await c.stop();
    }
    expect(existsSync(c.dir)).toBe(false);
  });

  it('is stopped and removed by its watchdog when the process that started it is SIGKILLed', async () => {
    // A child process starts a cluster, prints where it is, and is killed without any exit hook.
    const child = spawn(
      process.execPath,
      [
        '--conditions=mimikit-source',
        '--import',
        'tsx',
        '-e',
        "import('@mimikit/provider/postgres-cluster').then(async (m) => { const c = await m.startPostgres(); console.log(JSON.stringify({ dir: c.dir, port: c.port })); setInterval(() => {}, 1000); });",
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const started = await new Promise<{ dir: string; port: number }>((resolve, reject) => {
      let out = '';
      child.stdout!.setEncoding('utf8').on('data', (d: string) => {
        out += d;
        const line = out.split('\n').find((l) => l.startsWith('{'));
        if (line) resolve(JSON.parse(line) as { dir: string; port: number });
      });
      child.once('exit', (code) => reject(new Error(`the child exited (${code}) before its cluster started`)));
    });
    expect(await portAccepts(started.port)).toBe(true);
    child.kill('SIGKILL');
    // The watchdog looks once a second, then stops the server (immediate) and removes the folder.
    const deadline = Date.now() + 30_000;
    while ((existsSync(started.dir) || (await portAccepts(started.port))) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    expect(existsSync(started.dir)).toBe(false);
    expect(await portAccepts(started.port)).toBe(false);
  }, 60_000);
});
