/**
 * A hub killed with SIGKILL delivers, after its restart, everything it acknowledged: real
 * `mimi provider start` processes. Bob's provider is down while Alice's hub accepts messages (they
 * wait in the hub's outbox); the hub is then killed without warning, restarted from its store, and
 * Bob's provider comes back: Bob's client gets every acknowledged message exactly once, in order.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { textMessage } from '@mimikit/content';
import type { Role } from '@mimikit/mimi-room-policy';
import { mimiAuthService } from '@mimikit/mls-profile/identity';
import { cipherSuite } from '@mimikit/mls-profile/mls';
import { defineRole } from '@mimikit/mls-profile/policy';
import { writeLocalFederation } from '@mimikit/provider';
import { Agent } from '@mimikit/provider/agent';
import { type ProviderProcess, spawnProvider } from '@mimikit/provider/process';
import { MIMI_COMMAND } from '../support/run-cli.ts';

const ROOM = 'mimi://a.example/r/crash';
const roles: Role[] = [
  defineRole({ index: 1, name: 'participant', capabilities: ['canSendMessage'], changes: [] }),
  defineRole({ index: 3, name: 'admin', capabilities: ['canSendMessage', 'canAddParticipant'], changes: [[0, [1]]] }),
];

describe('a hub killed with SIGKILL', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mimikit-crash-'));
  const running = new Map<string, ProviderProcess>();
  afterAll(async () => {
    await Promise.all([...running.values()].map((p) => p.kill()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('restarts from its store and delivers every message it acknowledged, once each', async () => {
    const files = await writeLocalFederation({
      dir,
      domains: ['a.example', 'b.example'],
      users: ['alice', 'bob'],
      delivery: { baseDelayMs: 50, maxDelayMs: 500 },
    });
    const start = async (d: string) => {
      const p = await spawnProvider(MIMI_COMMAND, d, files.get(d)!);
      running.set(d, p);
      return p;
    };
    const [a, b] = await Promise.all([start('a.example'), start('b.example')]);
    const suite = await cipherSuite('MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519');
    const authService = mimiAuthService({ domains: ['a.example', 'b.example'], acceptUnverified: true });
    const alice = await Agent.register({
      clientUrl: a.clientUrl,
      user: 'mimi://a.example/u/alice',
      client: 'mimi://a.example/d/alice/laptop',
      cipherSuite: suite,
      authService,
    });
    const bob = await Agent.register({
      clientUrl: b.clientUrl,
      user: 'mimi://b.example/u/bob',
      client: 'mimi://b.example/d/bob/phone',
      cipherSuite: suite,
      authService,
    });
    await bob.publishKeyPackages(1);
    await alice.createRoom({ roomUri: ROOM, roles: { roles }, creatorRole: 3 });
    const { keyPackages } = await alice.keyMaterial(bob.user, ROOM);
    expect((await alice.commit(ROOM, (m) => m.addParticipant({ user: bob.user, role: 1, keyPackages }))).responseCode).toBe('success');
    await bob.syncUntil((e) => e.some((x) => x.kind === 'joined'));

    // Bob's provider goes away; the hub keeps accepting and queues for b.example.
    await b.stop();
    running.delete('b.example');
    const sent: string[] = [];
    for (let i = 0; i < 5; i++) {
      const text = `message ${i}`;
      const { response } = await alice.send(ROOM, textMessage(text));
      expect(response.statusCode).toBe('accepted');
      sent.push(text);
    }
    // No warning, no shutdown: the hub dies with its queue on disk only.
    await a.kill();
    running.delete('a.example');
    const [a2, b2] = await Promise.all([start('a.example'), start('b.example')]);
    expect(a2.domain).toBe('a.example');

    const received: string[] = [];
    const events = await bob.withClientUrl(b2.clientUrl).syncUntil((seen) => seen.filter((e) => e.kind === 'message').length >= sent.length, 30_000);
    for (const e of events) if (e.kind === 'message') received.push(renderText(e.message.content));
    expect(received).toEqual(sent);
    // Nothing more arrives: each was applied once.
    const more = await bob.sync(500);
    expect(more.filter((e) => e.kind === 'message')).toEqual([]);
  }, 120_000);
});

function renderText(content: import('@mimikit/mimi-content').MimiContent): string {
  const p = content.nestedPart;
  return p.cardinality === 1 ? new TextDecoder().decode(p.content) : '';
}
