/**
 * What the SQLite store acknowledged survives SIGKILL. A child process (fixtures/store-crash-writer.ts)
 * writes concurrently (acceptAtEpoch chains in several rooms, applyInbound chains) and prints a
 * line after each write's promise resolved; the test kills it with SIGKILL after a seeded random
 * number of acknowledgements, so at an arbitrary point of a batch, reopens the file and checks:
 * every acknowledged write is there, and each room's epoch, GroupInfo and outbox agree (an
 * acceptance is applied entirely or not at all; each destination's queue holds exactly one entry
 * per epoch, in order). Several runs on the same file: each restart continues from what the
 * killed one left, and the check delivers (markDelivered) the outbox entries it verified, as a
 * delivery worker would.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ProviderStore } from '@mimikit/provider/store';
import { openSqliteStore } from '@mimikit/provider/store/sqlite';
import fc from 'fast-check';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { CRASH_CLIENT, CRASH_DESTINATIONS, CRASH_ROOMS } from './fixtures/store-crash-plan.ts';

const WRITER = fileURLToPath(new URL('./fixtures/store-crash-writer.ts', import.meta.url));
const RUNS = 4;
const seed = inject('fcSeed');
const killAfter = fc.sample(fc.integer({ min: 1, max: 1500 }), { seed, numRuns: RUNS });

const dir = mkdtempSync(join(tmpdir(), 'mimikit-crash-'));
const path = join(dir, 'provider.db');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Acknowledged {
  /** Highest epoch each room was acknowledged at. */
  epochs: Map<string, bigint>;
  inbound: Set<string>;
}

/** Runs the writer until `acks` acknowledgements were read, kills it with SIGKILL, returns every acknowledged write it printed. */
async function writeUntilKilled(run: number, acks: number): Promise<{ lines: string[]; signal: string | null; stderr: string }> {
  const child = spawn(process.execPath, ['--conditions=mimikit-source', '--import', 'tsx', WRITER, path, String(run)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  let pending = '';
  const lines: string[] = [];
  child.stdout.on('data', (d: Buffer) => {
    const parts = (pending + d.toString()).split('\n');
    // A last line without its newline was not completely printed: not counted.
    pending = parts.pop()!;
    lines.push(...parts);
    if (lines.length > acks && child.exitCode === null && !child.killed) child.kill('SIGKILL');
  });
  const [, signal] = (await once(child, 'close')) as [number | null, string | null];
  return { lines: lines.filter((l) => l !== 'ready'), signal, stderr };
}

async function inboxBodies(store: ProviderStore): Promise<string[]> {
  const bodies: string[] = [];
  let after = 0n;
  for (;;) {
    const page = await store.inbox(CRASH_CLIENT, after, 1000);
    if (page.length === 0) return bodies;
    for (const item of page) bodies.push(new TextDecoder().decode(item.body));
    after = page.at(-1)!.seq;
  }
}

describe(`SIGKILL during concurrent writes (seed ${seed})`, () => {
  const acknowledged: Acknowledged = { epochs: new Map(), inbound: new Set() };
  /** Outbox entries verified (and delivered) so far, per "destination room". */
  const delivered = new Map<string, number>();

  it.each(killAfter.map((acks, run) => ({ run, label: `run ${run + 1}/${RUNS}`, acks })))(
    '$label: killed after $acks acknowledgements, nothing acknowledged is lost',
    async ({ run, acks }) => {
      const { lines, signal, stderr } = await writeUntilKilled(run, acks);
      expect(stderr).toBe('');
      expect(signal).toBe('SIGKILL');
      expect(lines.length).toBeGreaterThanOrEqual(acks);
      for (const line of lines) {
        const [kind, a, b] = line.split(' ');
        if (kind === 'A') acknowledged.epochs.set(a!, BigInt(b!));
        else if (kind === 'I') acknowledged.inbound.add(a!);
        else throw new Error(`unexpected line from the writer: ${line}`);
      }

      const store = openSqliteStore(path);
      try {
        for (const roomId of CRASH_ROOMS) {
          const room = await store.getRoom(roomId);
          expect(room).toBeDefined();
          const epoch = room!.epoch;
          expect(epoch).toBeGreaterThanOrEqual(acknowledged.epochs.get(roomId) ?? 0n);
          expect(new TextDecoder().decode(room!.groupInfo)).toBe(`gi ${epoch}`);
          expect(new TextDecoder().decode(room!.ratchetTree)).toBe(`tree ${epoch}`);
        }
        // One outbox entry per accepted epoch and destination, in epoch order: no half-applied
        // acceptance. Entries verified by an earlier run were delivered then.
        for (const destination of CRASH_DESTINATIONS) {
          for (let page = await store.outboxHead(destination, 1000); page.length > 0; page = await store.outboxHead(destination, 1000)) {
            for (const entry of page) {
              const next = delivered.get(`${destination} ${entry.roomId}`) ?? 0;
              expect(new TextDecoder().decode(entry.body)).toBe(`${entry.roomId} ${next}`);
              delivered.set(`${destination} ${entry.roomId}`, next + 1);
            }
            await store.markDelivered(
              destination,
              page.map((e) => e.seq),
            );
          }
          for (const roomId of CRASH_ROOMS) expect(BigInt(delivered.get(`${destination} ${roomId}`) ?? 0)).toBe((await store.getRoom(roomId))!.epoch);
        }
        const inbox = await inboxBodies(store);
        expect(new Set(inbox).size).toBe(inbox.length);
        const inInbox = new Set(inbox);
        for (const id of acknowledged.inbound) expect(inInbox.has(id), `inbound ${id} acknowledged but not in the inbox`).toBe(true);
      } finally {
        await store.close();
      }
    },
    30_000,
  );
});
