/**
 * A TCP proxy in front of one provider's federation port, for the fault tests: the port peers
 * configure stays the gate's while the provider listens elsewhere, so a test can cut the provider
 * off (a partition: the port refuses connections, open ones are reset) and heal it on the same
 * port, or stall it (connections are accepted, bytes are held in both directions: a peer that is
 * slow to the point of silence) and let the bytes through again. TLS passes through untouched.
 */
import { connect, createServer, type Server, type Socket } from 'node:net';

export interface TcpGate {
  port: number;
  /** Closes the port: new connections are refused, open ones reset. */
  partition(): Promise<void>;
  /** Listens again on the same port. */
  heal(): Promise<void>;
  /** Holds every byte of every connection, open or new, until release(). */
  stall(): void;
  /** Sends what was held and lets bytes through again. */
  release(): void;
  /** Where new connections go from now on. */
  setBackend(backend: { host: string; port: number }): void;
  /** Connections accepted so far. */
  accepted(): number;
  close(): Promise<void>;
}

/** One direction of a piped connection: writes at once, or queues while the gate stalls. */
interface Direction {
  held: Buffer[];
  to: Socket;
  /** The source ended while bytes were held: end `to` once they are sent. */
  ended: boolean;
}

export async function startTcpGate(port: number, initialBackend: { host: string; port: number }): Promise<TcpGate> {
  let backend = initialBackend;
  let stalled = false;
  let accepted = 0;
  const open = new Set<Socket>();
  const directions = new Set<Direction>();
  const flow = (from: Socket, to: Socket) => {
    const d: Direction = { held: [], to, ended: false };
    directions.add(d);
    from.on('data', (chunk: Buffer) => {
      if (stalled) d.held.push(chunk);
      else to.write(chunk);
    });
    from.on('end', () => {
      if (d.held.length === 0) to.end();
      else d.ended = true;
    });
    from.once('close', () => directions.delete(d));
  };
  const onConnection = (client: Socket) => {
    accepted++;
    const upstream = connect(backend);
    for (const s of [client, upstream]) {
      open.add(s);
      s.on('error', () => s.destroy());
      s.once('close', () => {
        open.delete(s);
        client.destroy();
        upstream.destroy();
      });
    }
    flow(client, upstream);
    flow(upstream, client);
  };
  let server: Server | null = null;
  const listen = async () => {
    const s = createServer(onConnection);
    await new Promise<void>((resolve, reject) => {
      s.once('error', reject);
      s.listen(port, '127.0.0.1', () => {
        s.removeListener('error', reject);
        resolve();
      });
    });
    server = s;
  };
  const shut = async () => {
    const s = server;
    server = null;
    for (const socket of open) socket.destroy();
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
  };
  await listen();
  return {
    port,
    partition: shut,
    heal: listen,
    stall: () => {
      stalled = true;
    },
    release: () => {
      stalled = false;
      for (const d of directions) {
        for (const chunk of d.held.splice(0)) d.to.write(chunk);
        if (d.ended) d.to.end();
      }
    },
    setBackend: (b) => {
      backend = b;
    },
    accepted: () => accepted,
    close: shut,
  };
}
