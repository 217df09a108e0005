/**
 * A running provider: the hub and follower roles over one store, the provider-to-provider endpoint
 * (the generated MIMI routes over HTTPS with mutual TLS, allowlisted peers only), the delivery
 * worker, and the local-client operations the client API serves. `startProvider` opens nothing it
 * does not close again in `close()`, which finishes in-flight requests first.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import Fastify, { type FastifyInstance } from 'fastify';
import pino, { type Logger } from 'pino';
import { mimiServerOptions, registerMimiRoutes, type MimiRequestContext } from '@mimikit/mimi-protocol/server';
import { MimiHttpError, peerIdentityFromSocket } from '@mimikit/transport';
import type { ProviderConfig } from './config/schema.ts';
import { DeliveryWorker } from './delivery/worker.ts';
import { Peers } from './federation/peers.ts';
import { Follower } from './follower/follower.ts';
import { Hub, type RequestOrigin } from './hub/hub.ts';
import { InboxWaiters } from './inbox-waiters.ts';
import { LocalClients } from './local-clients.ts';
import type { ProviderStore } from './store/index.ts';

export interface StartProviderOptions {
  config: ProviderConfig;
  store: ProviderStore;
  logger?: Logger;
  now?: () => number;
  /** This process's id for delivery leases (several nodes of one domain); default a random UUID. */
  node?: string;
}

export interface RunningProvider {
  domain: string;
  /** Where the MIMI endpoints listen (https://host:port). */
  federationUrl: string;
  clients: LocalClients;
  store: ProviderStore;
  log: Logger;
  /** Stops accepting, finishes in-flight requests and deliveries, closes the store. */
  close(): Promise<void>;
}

const DEFAULTS = { baseDelayMs: 500, maxDelayMs: 60_000, batch: 32, timeoutMs: 10_000, maxInboxWaitMs: 30_000 };

export async function startProvider(options: StartProviderOptions): Promise<RunningProvider> {
  const { config, store } = options;
  const now = options.now ?? Date.now;
  const log = options.logger ?? pino({ level: config.logLevel ?? 'info', base: { domain: config.domain } });
  const delivery = { ...DEFAULTS, ...config.delivery };
  const peers = new Peers(config, { timeoutMs: delivery.timeoutMs });
  const waiters = new InboxWaiters();
  let worker: DeliveryWorker | null = null;
  const hub = new Hub({ domain: config.domain, store, now, queued: () => worker?.kick() });
  const follower = new Follower({ domain: config.domain, store, now, requireConsent: config.requireConsent ?? false, delivered: () => waiters.wake() });
  worker = new DeliveryWorker({
    domain: config.domain,
    store,
    peers,
    local: (entry) => follower.apply(entry.roomId, entry.body),
    now,
    log: log.child({ component: 'delivery' }),
    node: options.node ?? randomUUID(),
    ...delivery,
  });
  const clients = new LocalClients({ domain: config.domain, store, hub, follower, peers, waiters, now, maxInboxWaitMs: config.limits?.maxInboxWaitMs ?? DEFAULTS.maxInboxWaitMs });

  const app = federationServer(config, log);
  /** The one allowlisted provider the client certificate speaks for. */
  const origin = (ctx: MimiRequestContext): RequestOrigin => {
    if (!ctx.peer) throw new MimiHttpError(401, { detail: 'a client certificate is required' });
    const peer = ctx.peer;
    const domains = peers.domains().filter((d) => peer.isProvider(d));
    if (domains.length !== 1) throw new MimiHttpError(403, { detail: 'the client certificate is not valid for exactly one allowlisted provider' });
    return { domain: domains[0]! };
  };
  registerMimiRoutes(
    app,
    {
      keyMaterial: (ctx) => follower.keyMaterial(ctx.params.targetUser, ctx.body, origin(ctx)),
      update: (ctx) => hub.update(ctx.params.roomId, ctx.body, origin(ctx)),
      submitMessage: (ctx) => hub.submitMessage(ctx.params.roomId, ctx.body, origin(ctx)),
      notify: async (ctx) => {
        await follower.notify(ctx.params.roomId, ctx.body, origin(ctx));
      },
    },
    {
      publicBaseUrl: config.publicBaseUrl,
      requirePeer: true,
      ...(config.limits?.bodyLimit === undefined ? {} : { bodyLimit: config.limits.bodyLimit }),
      ...(config.limits?.maxBodiesInFlightPerPeer === undefined ? {} : { maxBodiesInFlightPerPeer: config.limits.maxBodiesInFlightPerPeer }),
    },
  );
  // Before anything is decoded: a certificate that verifies but names no allowlisted provider gets 403.
  app.addHook('onRequest', async (request) => {
    const peer = peerIdentityFromSocket(request.raw.socket);
    if (peer && !peers.domains().some((d) => peer.isProvider(d))) throw new MimiHttpError(403, { detail: 'not an allowlisted provider' });
  });
  await app.listen({ host: config.listen.host, port: config.listen.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.listen.port;
  const federationUrl = `https://${config.listen.host.includes(':') ? `[${config.listen.host}]` : config.listen.host}:${port}`;
  worker.kick(); // queues left by a previous run
  log.info({ federationUrl }, 'provider started');

  let closing: Promise<void> | null = null;
  return {
    domain: config.domain,
    federationUrl,
    clients,
    store,
    log,
    close: () =>
      (closing ??= (async () => {
        waiters.wakeAll();
        await app.close();
        await worker.stop();
        await peers.close();
        await store.close();
        log.info('provider stopped');
      })()),
  };
}

function federationServer(config: ProviderConfig, log: Logger): FastifyInstance {
  const cas = [readFileSync(config.tls.ca, 'utf8'), ...config.peers.flatMap((p) => (p.ca === undefined ? [] : [readFileSync(p.ca, 'utf8')]))];
  return Fastify(
    mimiServerOptions({
      https: {
        key: readFileSync(config.tls.key, 'utf8'),
        cert: readFileSync(config.tls.cert, 'utf8'),
        ca: cas,
        // Verify client certificates but let unauthenticated requests through to a clean 401.
        requestCert: true,
        rejectUnauthorized: false,
      },
      loggerInstance: log.child({ component: 'federation' }),
      requestIdHeader: false as const,
      genReqId: () => randomUUID(),
      forceCloseConnections: 'idle' as const,
    }),
  ) as unknown as FastifyInstance;
}
