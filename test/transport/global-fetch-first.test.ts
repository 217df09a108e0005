/**
 * A generated client in a process whose first HTTP request was Node's own fetch(): that installs
 * Node's bundled undici as the global dispatcher before @mimikit/transport loads undici, and its
 * handler interface is not ours. The client must still work (it falls back to an Agent of its own).
 * A child process, because this test runner's process has loaded undici long ago.
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/workspaces.ts';

const SCRIPT = `
await fetch('http://127.0.0.1:1/').catch(() => {});
const { createServer } = await import('node:http');
const server = createServer((_req, res) => { res.setHeader('content-type', 'application/json'); res.end('{"status":"ok"}'); });
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const { createMimiClient } = await import('@mimikit/provider-client/client');
const client = createMimiClient({ baseUrl: 'http://127.0.0.1:' + server.address().port });
try { console.log(JSON.stringify(await client.healthz())); } finally { server.close(); }
`;

describe('a generated client after a global fetch()', () => {
  it('still reaches the server', () => {
    const out = execFileSync(process.execPath, ['--conditions=mimikit-source', '--import', 'tsx', '--input-type=module', '-e', SCRIPT], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(JSON.parse(out.trim())).toEqual({ status: 'ok' });
  });
});
