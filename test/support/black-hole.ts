/**
 * A TCP listener that accepts connections and never answers: a peer that hangs (no TLS handshake,
 * no response), for tests of what must not wait for it.
 */
import { createServer, type Socket } from 'node:net';

export interface BlackHole {
  /** Connections accepted so far and still open. */
  readonly sockets: ReadonlySet<Socket>;
  /** Drops every connection and stops listening. */
  close(): Promise<void>;
}

export async function blackHole(host: string, port: number): Promise<BlackHole> {
  const sockets = new Set<Socket>();
  const server = createServer((s) => {
    sockets.add(s);
    s.on('error', () => {});
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  let closed: Promise<void> | null = null;
  return {
    sockets,
    close: () =>
      (closed ??= new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      })),
  };
}
