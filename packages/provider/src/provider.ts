/**
 * A running provider: the hub and follower roles over one store, the provider-to-provider endpoint
 * (the generated MIMI routes over HTTPS with mutual TLS, allowlisted peers only), the delivery
 * worker, and the local-client operations the client API serves. `startProvider` opens nothing it
 * does not close again in `close()`, which finishes in-flight requests first.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import Fastify, { type FastifyInstance, LogController } from 'fastify';
import pino, { type Logger } from 'pino';
import { mimiServerOptions, registerMimiRoutes, type MimiRequestContext } from '@mimikit/mimi-protocol/server';
import { toJson } from '@mimikit/tls/json';
import { MimiHttpError, peerIdentityFromSocket, type PeerIdentity } from '@mimikit/transport';
import type { ProviderConfig } from './config/schema.ts';
import { DeliveryWorker } from './delivery/worker.ts';
import { Peers } from './federation/peers.ts';
import { Follower } from './follower/follower.ts';
import { DEFAULT_DEDUPE_RETENTION_MS, DEFAULT_PRUNE_INTERVAL_MS, InboundPruner } from './follower/inbound-pruner.ts';
import { Hub, type RequestOrigin } from './hub/hub.ts';
import { loadOrCreateFrankingKey } from './hub/franking-key.ts';
import { loadOrCreateHubSender } from './hub/hub-sender-key.ts';
import type { KeyHome } from './hub/key-file.ts';
import { InboxWaiters } from './inbox-waiters.ts';
import { domainOfUri } from './identifiers.ts';
import { LocalClients } from './local-clients.ts';
import { AssetStore } from './assets.ts';
import { proxyDownload } from './hub/proxy-download.ts';
import { registerClientApi } from './client-api.ts';
import type { ProviderStore } from './store/index.ts';
import { describeStore, openConfiguredStoreWaiting, sqlitePath } from './configured-store.ts';
import { answeringStoreOutages, storeOutageAnswer } from './store-outage.ts';
import { StoreReadiness } from './store-readiness.ts';

export interface StartProviderOptions {
  config: ProviderConfig;
  /** Default: the store config.store names (opened here, closed by close()). */
  store?: ProviderStore;
  logger?: Logger;
  now?: () => number;
  /**
   * This node's id for delivery leases (several nodes of one domain). Default: config.node, else
   * `<host name>:<bound listen port>`, so two nodes on one host differ and a node restarted after a
   * crash (on a fixed port) takes its own leases back at once instead of waiting for them to expire.
   */
  node?: string;
}

export interface RunningProvider {
  domain: string;
  /** Where the MIMI endpoints listen (https://host:port). */
  federationUrl: string;
  /** Where the client API listens (http://host:port). */
  clientUrl: string;
  /** This node's id (delivery leases). */
  node: string;
  clients: LocalClients;
  store: ProviderStore;
  log: Logger;
  /** Stops accepting, finishes in-flight requests and deliveries, closes the store. */
  close(): Promise<void>;
}

const DEFAULTS = { baseDelayMs: 500, maxDelayMs: 60_000, batch: 32, timeoutMs: 10_000, maxInboxWaitMs: 30_000, leaseMs: 30_000, pollMs: 1000 };

/**
 * How long startProvider waits for a store that is unavailable at start (the database starting with
 * the nodes, or restarting) before giving up with its error: long enough for a restart, short
 * enough that a misconfigured node fails visibly (its supervisor restarts it).
 */
export const STORE_OPEN_WAIT_MS = 15_000;
/** How long /readyz reuses a store ping, and how long a ping may take. */
const READINESS = { cacheMs: 1000, timeoutMs: 2000 };

export async function startProvider(options: StartProviderOptions): Promise<RunningProvider> {
  const { config } = options;
  const now = options.now ?? Date.now;
  const log = options.logger ?? pino({ level: config.logLevel ?? 'info', base: { domain: config.domain } });
  const store =
    options.store ??
    (await openConfiguredStoreWaiting(config.store, STORE_OPEN_WAIT_MS, (err, retryInMs) =>
      log.warn({ store: describeStore(config.store), err: err.message, retryInMs }, 'the store is unavailable: waiting for it to start'),
    ));
  try {
    return await startOnStore(options, store, log, now);
  } catch (err) {
    // A start that fails half-way (a bad key file, a port in use) must not leave the store's
    // connections (PostgreSQL: a pool and a LISTEN connection) holding the process open.
    if (!options.store) await store.close().catch(() => {});
    throw err;
  }
}

async function startOnStore(options: StartProviderOptions, store: ProviderStore, log: Logger, now: () => number): Promise<RunningProvider> {
  const { config } = options;
  // The directory comes from the configuration: the store mirrors it for queries.
  for (const u of config.users) await store.putUser({ uri: u.uri, fields: u.fields ?? {} });
  const delivery = { ...DEFAULTS, ...config.delivery };
  const peers = new Peers(config, { timeoutMs: delivery.timeoutMs });
  const waiters = new InboxWaiters();
  let worker: DeliveryWorker | null = null;
  // Other nodes sharing the store (PostgreSQL) say what they committed: their fanout to deliver,
  // their inbox items for clients long-polling here. This node's own changes come here too.
  const unwatch = store.watch((change) => {
    if (change.kind === 'outbox') worker?.changed(change.destinations);
    else waiters.wake(change.clients ?? undefined);
  });
  // The hub's keys: beside a SQLite file (as always), else in the store, shared by every node.
  const sqliteFile = sqlitePath(config.store);
  const keyHome = (configured: string | undefined, suffix: string, secret: string): KeyHome =>
    configured ?? (sqliteFile !== null && sqliteFile !== ':memory:' ? `${sqliteFile}${suffix}` : { store, secret });
  const frankingKey = await loadOrCreateFrankingKey(keyHome(config.frankingKey, '.franking-key.json', 'hub-franking-key'), config.domain);
  const sender = await loadOrCreateHubSender(keyHome(config.hubSenderKey, '.hub-sender.json', 'hub-sender-key'), config.domain);
  const hub = new Hub({
    domain: config.domain,
    store,
    now,
    queued: (destinations) => worker?.changed(destinations),
    frankingKey,
    sender,
    log: log.child({ component: 'hub' }),
  });
  const follower = new Follower({ domain: config.domain, store, now, requireConsent: config.requireConsent ?? false, delivered: () => waiters.wake() });
  const pruner = new InboundPruner({
    store,
    now,
    retentionMs: config.limits?.dedupeRetentionMs ?? DEFAULT_DEDUPE_RETENTION_MS,
    intervalMs: DEFAULT_PRUNE_INTERVAL_MS,
    log: log.child({ component: 'follower' }),
  });
  const legacyAssets = sqliteFile === null ? null : `${sqliteFile}.assets`;
  const assets = new AssetStore({ store, now, legacyDir: legacyAssets !== null && existsSync(legacyAssets) ? legacyAssets : null });
  const cas = [readFileSync(config.tls.ca, 'utf8'), ...config.peers.flatMap((p) => (p.ca === undefined ? [] : [readFileSync(p.ca, 'utf8')]))];
  const proxy = (url: string) =>
    proxyDownload(url, {
      assetDomains: new Set([config.domain, ...peers.domains()]),
      ca: cas,
      ...(config.downloads?.maxBytes === undefined ? {} : { maxBytes: config.downloads.maxBytes }),
      ...(config.downloads?.resolve ? { resolve: config.downloads.resolve } : {}),
      ...(config.downloads?.allowAddresses ? { allowAddresses: config.downloads.allowAddresses } : {}),
    });
  const clients = new LocalClients({
    domain: config.domain,
    store,
    hub,
    follower,
    peers,
    waiters,
    now,
    maxInboxWaitMs: config.limits?.maxInboxWaitMs ?? DEFAULTS.maxInboxWaitMs,
    assets,
    assetBaseUrl: config.assetBaseUrl ?? config.publicBaseUrl,
    proxyDownload: proxy,
    maxAssetBytes: config.limits?.bodyLimit ?? 4 * 1024 * 1024,
  });

  const app = federationServer(config, cas, log);
  /**
   * The allowlisted domains a peer's certificate is valid for, worked out once per identity
   * (@mimikit/transport keeps one identity per TLS connection) rather than per request and hook.
   */
  const certDomains = new WeakMap<PeerIdentity, string[]>();
  const allowlisted = (peer: PeerIdentity): string[] => {
    let domains = certDomains.get(peer);
    if (!domains) {
      domains = peers.domains().filter((d) => peer.isProvider(d));
      certDomains.set(peer, domains);
    }
    return domains;
  };
  /** Decoded request bodies, for the `mimi request` line when config.logBodies is on. */
  const bodies = new WeakMap<object, unknown>();
  /** The one allowlisted provider the client certificate speaks for. */
  const origin = (ctx: MimiRequestContext): RequestOrigin => {
    if (config.logBodies && 'body' in ctx) bodies.set(ctx.request, (ctx as { body: unknown }).body);
    if (!ctx.peer) throw new MimiHttpError(401, { detail: 'a client certificate is required' });
    const domains = allowlisted(ctx.peer);
    if (domains.length !== 1) throw new MimiHttpError(403, { detail: 'the client certificate is not valid for exactly one allowlisted provider' });
    return { domain: domains[0]! };
  };
  registerMimiRoutes(
    app,
    // A store outage anywhere in a handler is a 503 with Retry-After, not a 500 (store-outage.ts).
    answeringStoreOutages({
      keyMaterial: async (ctx) => {
        const from = origin(ctx);
        if (domainOfUri(ctx.params.targetUser) !== config.domain) return hub.keyMaterialForMember(ctx.params.targetUser, ctx.body, from, peers);
        await hub.checkRequester(ctx.body);
        return follower.keyMaterial(ctx.params.targetUser, ctx.body, from);
      },
      update: (ctx) => hub.update(ctx.params.roomId, ctx.body, origin(ctx)),
      groupInfo: (ctx) => hub.groupInfo(ctx.params.roomId, ctx.body, origin(ctx)),
      submitMessage: (ctx) => hub.submitMessage(ctx.params.roomId, ctx.body, origin(ctx)),
      reportAbuse: async (ctx) => {
        await hub.reportAbuse(ctx.params.roomId, ctx.body, origin(ctx));
      },
      identifierQuery: (ctx) => {
        origin(ctx);
        return follower.identifierQuery(ctx.params.domain, ctx.body);
      },
      requestConsent: async (ctx) => {
        if (ctx.params.targetDomain !== config.domain) throw new MimiHttpError(404, { detail: `this provider is ${config.domain}` });
        await follower.consent(ctx.body, origin(ctx), 'request');
      },
      updateConsent: async (ctx) => {
        if (ctx.params.requesterDomain !== config.domain) throw new MimiHttpError(404, { detail: `this provider is ${config.domain}` });
        await follower.consent(ctx.body, origin(ctx), 'update');
      },
      proxyDownload: (ctx) => {
        origin(ctx);
        return proxy(ctx.params.downloadUrl);
      },
      notify: async (ctx) => {
        await follower.notify(ctx.params.roomId, ctx.body, origin(ctx));
      },
    }),
    {
      publicBaseUrl: config.publicBaseUrl,
      requirePeer: true,
      ...(config.limits?.bodyLimit === undefined ? {} : { bodyLimit: config.limits.bodyLimit }),
      ...(config.limits?.maxBodiesInFlightPerPeer === undefined ? {} : { maxBodiesInFlightPerPeer: config.limits.maxBodiesInFlightPerPeer }),
    },
  );
  // The asset server: peers' hubs fetch this provider's users' (encrypted) attachments here.
  app.get<{ Params: { id: string } }>('/assets/:id', async (request, reply) => {
    let bytes: Uint8Array | undefined;
    try {
      bytes = await assets.get(request.params.id);
    } catch (err) {
      throw storeOutageAnswer(err);
    }
    if (!bytes) throw new MimiHttpError(404, { detail: 'no such asset' });
    return reply.type('application/octet-stream').send(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length));
  });
  // Before anything is decoded: a certificate that verifies but names no allowlisted provider gets 403.
  app.addHook('onRequest', async (request) => {
    const peer = peerIdentityFromSocket(request.raw.socket);
    if (peer && allowlisted(peer).length === 0) throw new MimiHttpError(403, { detail: 'not an allowlisted provider' });
  });
  // One line per provider-to-provider request (the demo's transcript reads them): who, what, how big.
  app.addHook('onResponse', async (request, reply) => {
    const peer = peerIdentityFromSocket(request.raw.socket);
    request.log.info(
      {
        event: 'mimi-request',
        from: peer ? (allowlisted(peer)[0] ?? null) : null,
        method: request.method,
        path: request.url,
        status: reply.statusCode,
        requestBytes: Number(request.headers['content-length'] ?? 0),
        responseBytes: Number(reply.getHeader('content-length') ?? 0),
        ms: Math.round(reply.elapsedTime),
        ...(bodies.has(request) ? { body: toJson(bodies.get(request)) } : {}),
      },
      'mimi request',
    );
  });
  let ready = false;
  const clientApp = Fastify(
    mimiServerOptions({
      loggerInstance: log.child({ component: 'client-api' }),
      requestIdHeader: false as const,
      genReqId: () => randomUUID(),
      forceCloseConnections: 'idle' as const,
      logController: new LogController({ disableRequestLogging: true }),
    }),
  );
  const readiness = new StoreReadiness({ store, ...READINESS, log: log.child({ component: 'readiness' }) });
  registerClientApi(clientApp, clients, {
    ready: () => ready,
    storeHealth: () => readiness.check(),
    frankingAgent: { agent: frankingKey.agent, cipherSuite: frankingKey.cipherSuite.id },
  });
  // A response sent while closing closes its connection: a keep-alive connection left open after
  // an in-flight request would hold up close() until the peer or the keep-alive timeout ends it.
  let stopping = false;
  for (const server of [app, clientApp] as FastifyInstance[]) {
    // fastify's own request lines are off (one 'mimi request' line per exchange is logged instead); at
    // debug level each request still says when it arrived.
    server.addHook('onRequest', async (request) => {
      request.log.debug({ event: 'request-received', url: request.url }, 'request received');
    });
    server.addHook('onSend', async (_request, reply) => {
      if (stopping) reply.header('connection', 'close');
    });
  }
  const federation = await listen(app, 'https', config.listen);
  const federationUrl = federation.url;
  let clientUrl: string;
  try {
    clientUrl = (await listen(clientApp, 'http', config.clientListen)).url;
  } catch (err) {
    // The federation port is bound already: a start that fails here (the client API's port in use)
    // must not keep it, or the process would stay up serving peers without ever having started.
    await app.close().catch(() => {});
    throw err;
  }
  const node = options.node ?? config.node ?? `${hostname()}:${federation.port}`;
  worker = new DeliveryWorker({
    domain: config.domain,
    store,
    peers,
    local: (roomId, entries) => follower.applyAll(roomId, entries),
    now,
    log: log.child({ component: 'delivery', node }),
    node,
    ...delivery,
  });
  worker.start(); // queues left by a previous run, then every pollMs
  const running = worker;
  pruner.start();
  // Dead letters wait for the operator (they are never retried on their own): say so at every start.
  const deadLetters = (await store.deadLetters()).length;
  if (deadLetters > 0) log.warn({ deadLetters }, 'FanoutMessages refused for good are waiting: mimi provider dead-letters --config <file>');
  ready = true;
  log.info({ federationUrl, clientUrl, node, store: describeStore(config.store) }, 'provider started');

  let closing: Promise<void> | null = null;
  return {
    domain: config.domain,
    federationUrl,
    clientUrl,
    node,
    clients,
    store,
    log,
    close: () =>
      (closing ??= (async () => {
        ready = false;
        stopping = true;
        waiters.wakeAll();
        await Promise.all([app.close(), clientApp.close()]);
        unwatch();
        await running.stop();
        await pruner.stop();
        await peers.close();
        await store.close();
        log.info('provider stopped');
      })()),
  };
}

/** Listens and returns the URL and the bound port (the one chosen when `port` is 0). */
async function listen(
  app: { listen(o: { host: string; port: number }): Promise<string>; server: { address(): unknown } },
  scheme: 'http' | 'https',
  at: { host: string; port: number },
): Promise<{ url: string; port: number }> {
  await app.listen({ host: at.host, port: at.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null && 'port' in address ? (address as { port: number }).port : at.port;
  return { url: `${scheme}://${at.host.includes(':') ? `[${at.host}]` : at.host}:${port}`, port };
}

/** Accepts client certificates from `cas` (the federation's CA and the peers' own). */
function federationServer(config: ProviderConfig, cas: readonly string[], log: Logger): FastifyInstance {
  return Fastify(
    mimiServerOptions({
      https: {
        key: readFileSync(config.tls.key, 'utf8'),
        cert: readFileSync(config.tls.cert, 'utf8'),
        ca: [...cas],
        // Verify client certificates but let unauthenticated requests through to a clean 401.
        requestCert: true,
        rejectUnauthorized: false,
      },
      loggerInstance: log.child({ component: 'federation' }),
      requestIdHeader: false as const,
      genReqId: () => randomUUID(),
      forceCloseConnections: 'idle' as const,
      logController: new LogController({ disableRequestLogging: true }),
    }),
  ) as unknown as FastifyInstance;
}
