/**
 * Issue 11, finding 2 end to end: eight worst-case 4 MiB request bodies at once used to kill a
 * server (each decoded to ~160 heap bytes per input byte: a V8 out-of-memory abort, exit 134).
 * The server runs in a child process with a 384 MiB heap; the bodies are KeyMaterialRequests whose
 * requester credential is x509 with ~4 Mi empty certificates. Now each is refused by the decoder's
 * allocation budget (400, kind allocation-limit), and the server keeps serving.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'undici';

const BODY_LIMIT = 4 * 1024 * 1024;
const PARALLEL = 8;

/** KeyMaterialRequest (mls10): empty URIs, lists and key, an x509 credential of `n` empty certificates, an empty signature. */
function keyMaterialRequestOfEmptyCertificates(n: number): Uint8Array {
  const head = Uint8Array.of(
    0x01,
    0x00,
    0x00,
    0x00,
    0x00,
    0x00,
    0x00,
    0x00,
    0x00,
    0x00,
    0x02,
    0x80 | (n >>> 24),
    (n >>> 16) & 0xff,
    (n >>> 8) & 0xff,
    n & 0xff,
  );
  const out = new Uint8Array(head.length + n + 1);
  out.set(head);
  return out;
}

let child: ChildProcess;
let url: string;
let exit: { code: number | null; signal: string | null } | null = null;

beforeAll(async () => {
  child = spawn(
    process.execPath,
    ['--max-old-space-size=384', '--conditions=mimikit-source', '--import', 'tsx', new URL('./hostile-bodies-server.ts', import.meta.url).pathname],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  child.on('exit', (code, signal) => (exit = { code, signal }));
  const [line] = (await once(child.stdout!, 'data')) as [Buffer];
  url = line.toString().trim();
}, 60_000);

afterAll(() => {
  child?.kill();
});

describe('worst-case request bodies in parallel', () => {
  it('are refused by the allocation budget, and the server stays up and answers', async () => {
    const body = keyMaterialRequestOfEmptyCertificates(BODY_LIMIT - 16);
    expect(body.length).toBeLessThanOrEqual(BODY_LIMIT);
    const answers = await Promise.all(
      Array.from({ length: PARALLEL }, () =>
        request(`${url}/v1/keyMaterial/${encodeURIComponent('mimi://b.example/u/bob')}`, {
          method: 'POST',
          headers: { 'content-type': 'application/mimi-protocol' },
          body,
        }).then(async (r) => ({ status: r.statusCode, doc: (await r.body.json()) as { kind?: string } })),
      ),
    );
    for (const a of answers) expect(a).toMatchObject({ status: 400, doc: { kind: 'allocation-limit' } });
    const directory = await request(`${url}/.well-known/mimi-protocol-directory`);
    expect(directory.statusCode).toBe(200);
    await directory.body.dump();
    expect(exit).toBeNull();
  }, 60_000);
});
