/**
 * A TCP round-robin balancer for several provider nodes of one domain on one machine (the demo, the
 * fault tests, the benchmark): what an L4 load balancer does in front of a real deployment. Each
 * accepted connection is piped to the next backend in turn; a backend that refuses the connection
 * (a node that is down) or does not accept it within `connectTimeoutMs` is skipped for that
 * connection, so peers keep reaching the domain while one node is dead. TLS passes through: mutual
 * TLS still ends at the node, which sees the peer's certificate itself.
 */
import { createServer, type Server, type Socket, connect } from 'node:net';

export interface BalancerBackend {
  host: string;
  port: number;
}

export interface BalancerOptions {
  backends: readonly BalancerBackend[];
  /** Where to listen (default 127.0.0.1, port 0: a free one). */
  host?: string;
  port?: number;
  /** How long one backend may take to accept a connection before the next is tried, ms (default 2000). */
  connectTimeoutMs?: number;
  /** Most connections open at once; later ones are refused (default 10,000). */
  maxConnections?: number;
}

export interface Balancer {
  host: string;
  port: number;
  /** Replaces the backends (new connections use the new list; open ones stay where they are). */
  setBackends(backends: readonly BalancerBackend[]): void;
  /** Connections piped so far, per backend `host:port`. */
  connections(): ReadonlyMap<string, number>;
  /** Stops listening and closes every open connection. Idempotent. */
  close(): Promise<void>;
}

const DEFAULT_CONNECT_TIMEOUT_MS = 2000;
const DEFAULT_MAX_CONNECTIONS = 10_000;

function checkBackends(backends: readonly BalancerBackend[]): void {
  if (backends.length === 0 || backends.length > 1024) throw new RangeError(`a balancer needs 1 to 1024 backends, got ${backends.length}`);
  for (const b of backends) {
    if (typeof b.host !== 'string' || b.host.length === 0 || !Number.isInteger(b.port) || b.port < 1 || b.port > 65535) {
      throw new RangeError(`not a backend: ${JSON.stringify(b)}`);
    }
  }
}

/** Connects to `backend`; resolves with the socket once connected, rejects on refusal or timeout. */
function connectTo(backend: BalancerBackend, timeoutMs: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: backend.host, port: backend.port });
    const timer = setTimeout(() => socket.destroy(new Error(`${backend.host}:${backend.port} did not accept within ${timeoutMs} ms`)), timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.removeListener('error', reject);
      resolve(socket);
    });
    socket.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}

export async function startBalancer(options: BalancerOptions): Promise<Balancer> {
  let backends = [...options.backends];
  checkBackends(backends);
  const connectTimeoutMs = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  let next = 0;
  const counts = new Map<string, number>();
  const open = new Set<Socket>();

  /** Tries each backend once, starting with the next in turn; the first that accepts gets the connection. */
  const pipe = async (client: Socket): Promise<void> => {
    open.add(client);
    client.once('close', () => open.delete(client));
    // Errors of either side end both: the peer sees a reset connection and retries, as with a dead node.
    client.on('error', () => client.destroy());
    const start = next++;
    const list = backends;
    for (let i = 0; i < list.length && !client.destroyed; i++) {
      const backend = list[(start + i) % list.length]!;
      let upstream: Socket;
      try {
        upstream = await connectTo(backend, connectTimeoutMs);
      } catch {
        continue;
      }
      if (client.destroyed) {
        upstream.destroy();
        return;
      }
      const key = `${backend.host}:${backend.port}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
      open.add(upstream);
      upstream.once('close', () => {
        open.delete(upstream);
        client.destroy();
      });
      upstream.on('error', () => upstream.destroy());
      client.once('close', () => upstream.destroy());
      client.pipe(upstream);
      upstream.pipe(client);
      return;
    }
    client.destroy();
  };

  const server: Server = createServer({ pauseOnConnect: false }, (client) => {
    void pipe(client);
  });
  server.maxConnections = options.maxConnections ?? DEFAULT_MAX_CONNECTIONS;
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.removeListener('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  let closing: Promise<void> | undefined;
  return {
    host,
    port,
    setBackends: (list) => {
      checkBackends(list);
      backends = [...list];
    },
    connections: () => counts,
    close: () =>
      (closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of open) s.destroy();
      })),
  };
}
