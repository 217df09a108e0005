/**
 * `mimi provider start` whose client API port is taken fails and exits, instead of staying up with
 * its federation port bound and never saying it started (the start used to leave the federation
 * server listening, which kept the process alive; a test harness waiting for "provider started"
 * then waited forever). And spawnProvider (@mimikit/provider/process) gives up on a process that
 * never says it started: it kills it and rejects with what it logged.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freeLoopbackPort, writeLocalFederation } from '@mimikit/provider';
import { spawnProvider } from '@mimikit/provider/process';
import { mimi } from '../support/run-cli.ts';

let dir: string;
let squatter: Server;
let taken: number;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mimikit-start-port-'));
  taken = await freeLoopbackPort();
  squatter = createServer();
  await new Promise<void>((resolve) => squatter.listen(taken, '127.0.0.1', resolve));
});

afterAll(async () => {
  await new Promise((resolve) => squatter.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

/** Whether something accepts connections on 127.0.0.1:port. */
function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(true));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(false)));
  });
}

describe('mimi provider start with its client API port in use', () => {
  it('exits with the error, its federation port released', async () => {
    const files = await writeLocalFederation({ dir, domains: ['a.example'], users: ['alice'] });
    const file = files.get('a.example')!;
    const config = JSON.parse(readFileSync(file, 'utf8')) as { listen: { port: number }; clientListen: { port: number } };
    config.clientListen.port = taken;
    writeFileSync(file, JSON.stringify(config));
    const r = mimi(['provider', 'start', '--config', file], undefined, { timeout: 60_000 });
    expect(r.code).not.toBe(0);
    expect(r.code).not.toBe(-1); // -1: killed at the timeout, i.e. it hung
    expect(`${r.stdout}${r.stderr}`).toMatch(new RegExp(`EADDRINUSE.*127\\.0\\.0\\.1:${taken}`));
    expect(r.stdout).not.toContain('provider started');
    expect(await listening(config.listen.port)).toBe(false);
  });
});

describe('spawnProvider', () => {
  it('kills a process that never says it started, and rejects with what it wrote', async () => {
    const silent = [process.execPath, '-e', "process.stderr.write('still thinking\\n'); setInterval(() => {}, 1000)", '--'];
    const started = Date.now();
    await expect(spawnProvider(silent, 'a.example', join(dir, 'none.json'), undefined, undefined, 500)).rejects.toThrow(
      /a\.example: provider did not start within 500 ms \(killed\)\n[\s\S]*still thinking/,
    );
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
