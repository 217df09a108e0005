// The TCP round-robin balancer the demo, fault tests and benchmark put in front of several nodes.
import { connect, createServer, type Server } from 'node:net';
import { type Balancer, startBalancer } from '@mimikit/provider/balancer';
import { afterEach, describe, expect, it } from 'vitest';

/** A backend that answers every connection with its name, then closes. */
async function namedServer(name: string): Promise<{ server: Server; port: number }> {
  const server = createServer((socket) => socket.end(name));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as { port: number }).port };
}

/** What one connection through the balancer reads before it closes ('' when it was closed at once). */
function readOnce(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    let out = '';
    socket.setEncoding('utf8').on('data', (d: string) => (out += d));
    socket.on('error', () => {});
    socket.on('close', () => resolve(out));
  });
}

describe('TCP balancer', () => {
  const cleanup: Array<() => unknown> = [];
  afterEach(async () => {
    for (const f of cleanup.splice(0).reverse()) await f();
  });
  const serve = async (name: string) => {
    const s = await namedServer(name);
    cleanup.push(() => new Promise((r) => s.server.close(r)));
    return s;
  };
  const balance = async (...ports: number[]): Promise<Balancer> => {
    const b = await startBalancer({ backends: ports.map((port) => ({ host: '127.0.0.1', port })) });
    cleanup.push(() => b.close());
    return b;
  };

  it('hands connections to the backends in turn', async () => {
    const [a, b] = [await serve('a'), await serve('b')];
    const lb = await balance(a.port, b.port);
    const seen = [];
    for (let i = 0; i < 6; i++) seen.push(await readOnce(lb.port));
    expect(seen).toEqual(['a', 'b', 'a', 'b', 'a', 'b']);
    expect([...lb.connections().values()]).toEqual([3, 3]);
  });

  it('skips a backend that is down, and every connection still gets through', async () => {
    const a = await serve('a');
    const down = await serve('down');
    await new Promise((r) => down.server.close(r));
    const lb = await balance(down.port, a.port);
    const seen = [];
    for (let i = 0; i < 4; i++) seen.push(await readOnce(lb.port));
    expect(seen).toEqual(['a', 'a', 'a', 'a']);
  });

  it('closes the connection when every backend is down, and uses new backends after setBackends', async () => {
    const down = await serve('down');
    await new Promise((r) => down.server.close(r));
    const lb = await balance(down.port);
    expect(await readOnce(lb.port)).toBe('');
    const c = await serve('c');
    lb.setBackends([{ host: '127.0.0.1', port: c.port }]);
    expect(await readOnce(lb.port)).toBe('c');
    expect(() => lb.setBackends([])).toThrow(RangeError);
    expect(() => lb.setBackends([{ host: '127.0.0.1', port: 70000 }])).toThrow(RangeError);
  });

  it('close() ends open connections', async () => {
    const silent = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    cleanup.push(() => new Promise((r) => silent.close(r)));
    const lb = await startBalancer({ backends: [{ host: '127.0.0.1', port: (silent.address() as { port: number }).port }] });
    const pending = readOnce(lb.port);
    await new Promise((r) => setTimeout(r, 100));
    await lb.close();
    expect(await pending).toBe('');
  });
});
