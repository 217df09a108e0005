/**
 * `mimi demo` as a user runs it: three provider processes, the protocol draft's example flow, the
 * transcript, and the final agreement check (exit 0 only when every remaining client agrees).
 */
import { describe, expect, it } from 'vitest';
import { mimi } from '../support/run-cli.ts';

describe('mimi demo', () => {
  it('plays the example flow across three provider processes and ends with the clients in agreement', () => {
    const r = mimi(['demo'], undefined, { timeout: 240_000 });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    for (const step of [
      'Alice creates a room',
      'Alice adds Bob',
      'Bob adds Cathy',
      'Cathy sends a message',
      'A franked message is reported and verified',
      'Bob leaves the room',
      'Cathy adds a new device',
    ])
      expect(r.stdout).toContain(step);
    // Bob's request for Cathy's KeyPackages goes b → hub a → c, as the draft's figure shows.
    expect(r.stdout).toMatch(/b\.example\s+→ a\.example\s+POST \/v1\/keyMaterial\/mimi:\/\/c\.example\/u\/cathy\s+200/);
    expect(r.stdout).toMatch(/a\.example\s+→ c\.example\s+POST \/v1\/keyMaterial\/mimi:\/\/c\.example\/u\/cathy\s+200/);
    // Every notify was accepted; no request failed.
    const requests = r.stdout.split('\n').filter((l) => / → .*POST \/v1\//.test(l));
    expect(requests.length).toBeGreaterThan(30);
    for (const l of requests) expect(l).toMatch(/ (200|201) /);
    const count = /(\d+) provider-to-provider requests/.exec(r.stdout);
    expect(Number(count?.[1])).toBe(requests.length);
    // Each user's decrypted view: Alice saw Cathy's hello and its edit; Bob left before the new device spoke.
    const views = r.stdout.split('\n-- ');
    const alice = views.find((v) => v.startsWith('mimi://a.example/u/alice sees')) ?? '';
    const bob = views.find((v) => v.startsWith('mimi://b.example/u/bob sees')) ?? '';
    expect(alice).toContain('Hello, clubhouse!');
    expect(alice).toContain('Hi from my new desktop');
    expect(bob).toContain('Hello, clubhouse!');
    expect(bob).not.toContain('Hi from my new desktop');
    expect(r.stdout).toContain('OK: every remaining client agrees on epoch, epoch authenticator and participant list');
    // The franked message: every receiver verified the Frank, and the hub verified Alice's report.
    expect(r.stdout).toContain('verified the Frank against the room’s franking agent');
    expect(r.stdout).toMatch(/hub a\.example checked an abuse report for mimi:\/\/a\.example\/r\/clubhouse: verified\n/);
  }, 300_000);
});
