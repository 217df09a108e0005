/**
 * `mimi demo --store postgres` as a user runs it: each provider on its own database of a throwaway
 * PostgreSQL cluster, the hub a.example as two `mimi provider start` nodes (hub-1, hub-2) on its one
 * database behind balancers. The example flow's end checks hold (every remaining client agrees, the
 * hub verified the abuse report), both hub nodes served provider-to-provider requests, and nothing
 * is left behind: the cluster (with its databases) and the temp folder are gone, the ports closed.
 */
import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import { beforeAll, describe, expect, it } from 'vitest';
import { mimi, type RunResult } from '../support/run-cli.ts';

let r: RunResult;

beforeAll(() => {
  r = mimi(['demo', '--store', 'postgres'], undefined, { timeout: 240_000 });
}, 300_000);

/** Whether something accepts TCP connections on 127.0.0.1:port (answers within 2 s either way). */
function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host: '127.0.0.1', port });
    const done = (up: boolean) => {
      s.destroy();
      resolve(up);
    };
    s.setTimeout(2000, () => done(false));
    s.once('connect', () => done(true));
    s.once('error', () => done(false));
  });
}

describe('mimi demo --store postgres', () => {
  it('plays the example flow with every provider on PostgreSQL and the hub as two nodes, and the clients agree', () => {
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('each on its own PostgreSQL database; the hub a.example as two nodes');
    for (const d of ['a_example', 'b_example', 'c_example']) expect(r.stdout).toMatch(new RegExp(`postgres://postgres@127\\.0\\.0\\.1:\\d+/${d}\\n`));
    // Peers reach a.example at one address: the balancer in front of both nodes.
    expect(r.stdout).toMatch(/a\.example: MIMI endpoints https:\/\/127\.0\.0\.1:\d+ \(a balancer in front of hub-1 https:\/\/\S+, hub-2 https:\/\/\S+\)/);
    expect(r.stdout).toContain('OK: every remaining client agrees on epoch, epoch authenticator and participant list');
    expect(r.stdout).toContain('verified the Frank against the room’s franking agent');
    expect(r.stdout).toMatch(/hub a\.example checked an abuse report for mimi:\/\/a\.example\/r\/clubhouse: verified\n/);
    // Bob's request for Cathy's KeyPackages still goes b → hub a → c.
    expect(r.stdout).toMatch(/b\.example\s+→ a\.example\s+POST \/v1\/keyMaterial\/mimi:\/\/c\.example\/u\/cathy\s+200 .* served by hub-[12]\n/);
    expect(r.stdout).toMatch(/a\.example\s+→ c\.example\s+POST \/v1\/keyMaterial\/mimi:\/\/c\.example\/u\/cathy\s+200/);
  });

  it('says which hub node served each request, and both served some', () => {
    const requests = r.stdout.split('\n').filter((l) => / → \S+\s+(GET|POST) \//.test(l));
    expect(requests.length).toBeGreaterThan(30);
    for (const l of requests) expect(l).toMatch(/ (200|201) /);
    const toHub = requests.filter((l) => / → a\.example /.test(l));
    expect(toHub.length).toBeGreaterThan(0);
    for (const l of toHub) expect(l).toMatch(/ served by hub-[12]$/);
    for (const l of requests.filter((x) => !/ → a\.example /.test(x))) expect(l).not.toContain('served by');
    const served = new Map<string, number>();
    for (const node of ['hub-1', 'hub-2']) {
      const line = new RegExp(`\\n   ${node} served (\\d+) provider-to-provider requests`).exec(r.stdout);
      served.set(node, Number(line?.[1]));
      expect(served.get(node)).toBeGreaterThan(0);
      expect(served.get(node)).toBe(toHub.filter((l) => l.endsWith(`served by ${node}`)).length);
    }
    expect(served.get('hub-1')! + served.get('hub-2')!).toBe(toHub.length);
  });

  it('leaves nothing behind: the temp folder and the PostgreSQL cluster are removed, its port closed', async () => {
    const dir = /three providers in (\S+),/.exec(r.stdout)?.[1];
    const port = Number(/throwaway PostgreSQL cluster at 127\.0\.0\.1:(\d+)/.exec(r.stdout)?.[1]);
    expect(dir).toMatch(/mimikit-demo-/);
    expect(existsSync(dir!)).toBe(false);
    expect(port).toBeGreaterThan(0);
    await expect(listening(port)).resolves.toBe(false);
  });

  it('refuses a store it does not know, with the choices', () => {
    const bad = mimi(['demo', '--store', 'mysql']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("option '--store <store>' argument 'mysql' is invalid. Allowed choices are sqlite, postgres.");
  });
});
