/**
 * startLocalDeployment (@mimikit/provider/local-deployment) refuses a node layout it cannot run with
 * a RangeError that says why, before it writes or starts anything. Running deployments are
 * exercised by `mimi demo` (test/cli/demo.test.ts: SQLite, one node each; test/cli/demo-postgres.test.ts:
 * PostgreSQL, the hub as two nodes behind balancers).
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { databaseName, type LocalDeploymentOptions, startLocalDeployment } from '@mimikit/provider/local-deployment';
import { MIMI_COMMAND } from '../support/run-cli.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function options(extra: Partial<LocalDeploymentOptions>): LocalDeploymentOptions {
  const dir = mkdtempSync(join(tmpdir(), 'mimikit-deployment-test-'));
  dirs.push(dir);
  return { command: MIMI_COMMAND, dir, domains: ['a.example', 'b.example'], users: ['alice'], ...extra };
}

describe('startLocalDeployment refuses what it cannot run, before starting anything', () => {
  const cases: Array<[string, Partial<LocalDeploymentOptions>, RegExp]> = [
    [
      'several nodes on SQLite',
      { nodes: { 'a.example': ['hub-1', 'hub-2'] } },
      /a\.example as 2 nodes needs a PostgreSQL store .*a SQLite file belongs to one process/,
    ],
    ['nodes of a domain it does not run', { nodes: { 'z.example': ['z-1'] } }, /z\.example is not one of the domains \(a\.example, b\.example\)/],
    ['no node id', { nodes: { 'a.example': [] } }, /a\.example needs 1 to 16 node ids, got 0/],
    [
      'a repeated node id',
      { postgres: 'postgres://postgres@127.0.0.1:1/postgres', nodes: { 'a.example': ['hub-1', 'hub-1'] } },
      /node ids repeat: hub-1, hub-1/,
    ],
    ['a node id that cannot name a file', { nodes: { 'a.example': ['../hub'] } }, /"\.\.\/hub" is not a node id/],
    ['database connections without PostgreSQL', { databaseConnections: 4 }, /databaseConnections needs a PostgreSQL store \(postgres\)/],
    [
      'no database connection',
      { postgres: 'postgres://postgres@127.0.0.1:1/postgres', databaseConnections: 0 },
      /databaseConnections must be an integer from 1 to 1000, got 0/,
    ],
    [
      'a fraction of a database connection',
      { postgres: 'postgres://postgres@127.0.0.1:1/postgres', databaseConnections: 2.5 },
      /databaseConnections must be an integer from 1 to 1000, got 2\.5/,
    ],
  ];
  for (const [what, extra, message] of cases) {
    it(what, async () => {
      const o = options(extra);
      await expect(startLocalDeployment(o)).rejects.toThrow(RangeError);
      await expect(startLocalDeployment(o)).rejects.toThrow(message);
      expect(readdirSync(o.dir)).toEqual([]);
    });
  }
});

describe('databaseName', () => {
  it("is the domain with every character but letters and digits as '_'", () => {
    expect(databaseName('a.example')).toBe('a_example');
    expect(databaseName('Mail-1.Example.ORG')).toBe('mail_1_example_org');
  });
});
