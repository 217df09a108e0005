/**
 * The client API (spec/openapi/provider-client.yaml, docs/provider-client.md) served with the
 * generated `@mimikit/provider-client` server over LocalClients. The generated code validates the
 * JSON and the bearer token's form; here the token is checked against the store and each base64url
 * value is decoded strictly and then decoded as the TLS struct the operation names, every failure a
 * 400 that says which value is at fault.
 */
import { codecs, type FrankingAgentData } from '@mimikit/mimi-protocol';
import { registerMimiRoutes } from '@mimikit/provider-client/server';
import type { Codec } from '@mimikit/tls';
import { MimiHttpError } from '@mimikit/transport';
import type { AnyFastifyInstance } from '@mimikit/transport/server';
import type { LocalClients } from './local-clients.ts';
import { fromBase64Url, toBase64Url } from './base64url.ts';
import { answeringStoreOutages, STORE_UNAVAILABLE_RETRY_AFTER } from './store-outage.ts';
import type { StoreHealth } from './store-readiness.ts';

/** Decodes base64url TLS bytes as `codec`; a decode error becomes a 400 naming the offset and path. */
function decodeAs<T>(codec: Codec<T>, text: string, what: string, context?: Record<string, string>): T {
  const bytes = fromBase64Url(text, what);
  try {
    return codec.decode(bytes, context ? { context } : undefined);
  } catch (err) {
    throw new MimiHttpError(400, { detail: `${what}: ${(err as Error).message}` });
  }
}

/** The select context of an UpdateRequest (x-mimi-tls-context in spec/openapi/mimi-protocol.yaml). */
const UPDATE_CONTEXT = { 'room.protocol': 'mls10' };

function parseSeq(text: string | undefined): bigint {
  if (text === undefined) return 0n;
  const n = BigInt(text); // the schema allows canonical decimals only
  if (n >= 2n ** 64n) throw new MimiHttpError(400, { detail: 'after is larger than 2^64 - 1' });
  return n;
}

export interface ClientApiOptions {
  /** Ready once the provider has started (readyz); healthz answers while the process runs. */
  ready: () => boolean;
  /** The store's health (null: it answers): readyz is 503 while it is unavailable. */
  storeHealth: () => Promise<StoreHealth>;
  /** The hub's franking agent and its suite's code point, for room creators. */
  frankingAgent: { agent: FrankingAgentData; cipherSuite: number };
}

export function registerClientApi(app: AnyFastifyInstance, clients: LocalClients, options: ClientApiOptions): void {
  const me = (token: string | null) => clients.authenticate(token);
  // A store outage anywhere in a handler is a 503 with Retry-After, not a 500 (store-outage.ts).
  registerMimiRoutes(
    app,
    answeringStoreOutages({
      registerClient: async ({ body }) => ({ client: body.client, token: await clients.register(body.user, body.client) }),
      uploadKeyPackages: async ({ token, body }) => ({
        stored: await clients.uploadKeyPackages(
          await me(token),
          body.keyPackages.map((k, i) => fromBase64Url(k, `keyPackages[${i}]`)),
        ),
      }),
      createRoom: async ({ token, body }) => ({
        roomId: await clients.createRoom(await me(token), fromBase64Url(body.groupInfo, 'groupInfo'), fromBase64Url(body.ratchetTree, 'ratchetTree')),
      }),
      keyMaterial: async ({ token, params, body }) => {
        const request = decodeAs(codecs.KeyMaterialRequest, body.request, 'request');
        return { response: toBase64Url(codecs.KeyMaterialResponse.encode(await clients.keyMaterial(await me(token), params.targetUser, request))) };
      },
      update: async ({ token, params, body }) => {
        const request = decodeAs(codecs.UpdateRequest, body.request, 'request', UPDATE_CONTEXT);
        return { response: toBase64Url(codecs.UpdateRoomResponse.encode(await clients.update(await me(token), params.roomId, request))) };
      },
      groupInfo: async ({ token, params, body }) => {
        const request = decodeAs(codecs.GroupInfoRequest, body.request, 'request');
        return { response: toBase64Url(codecs.GroupInfoResponse.encode(await clients.groupInfo(await me(token), params.roomId, request))) };
      },
      submitMessage: async ({ token, params, body }) => {
        const request = decodeAs(codecs.SubmitMessageRequest, body.request, 'request');
        return { response: toBase64Url(codecs.SubmitMessageResponse.encode(await clients.submitMessage(await me(token), params.roomId, request))) };
      },
      identifierQuery: async ({ token, params, body }) => {
        const request = decodeAs(codecs.IdentifierRequest, body.request, 'request');
        return { response: toBase64Url(codecs.IdentifierResponse.encode(await clients.identifierQuery(await me(token), params.domain, request))) };
      },
      requestConsent: async ({ token, params, body }) => {
        await clients.requestConsent(await me(token), params.targetDomain, decodeAs(codecs.ConsentEntry, body.entry, 'entry'));
      },
      updateConsent: async ({ token, params, body }) => {
        await clients.updateConsent(await me(token), params.requesterDomain, decodeAs(codecs.ConsentEntry, body.entry, 'entry'));
      },
      uploadAsset: async ({ token, body }) => ({ url: await clients.uploadAsset(await me(token), fromBase64Url(body.data, 'data')) }),
      download: async ({ token, query }) => clients.download(await me(token), query.roomId, query.url),
      reportAbuse: async ({ token, params, body }) => {
        await clients.reportAbuse(await me(token), params.roomId, decodeAs(codecs.AbuseReport, body.report, 'report'));
      },
      frankingAgent: async ({ token }) => {
        await me(token);
        return { agent: toBase64Url(codecs.FrankingAgentData.encode(options.frankingAgent.agent)), cipherSuite: options.frankingAgent.cipherSuite };
      },
      inbox: async ({ token, query, request }) => {
        const client = await me(token);
        const abort = new AbortController();
        request.raw.once('close', () => abort.abort());
        const items = await clients.inbox(client, parseSeq(query.after), query.wait ?? 0, abort.signal);
        return { items: items.map((i) => ({ seq: String(i.seq), roomId: i.roomId, message: toBase64Url(i.body) })) };
      },
      acknowledge: async ({ token, body }) => {
        await clients.acknowledge(await me(token), parseSeq(body.upTo));
      },
      leaveRoom: async ({ token, params }) => {
        await clients.leaveRoom(await me(token), params.roomId);
      },
      healthz: () => ({ status: 'ok' }),
      readyz: async () => {
        if (!options.ready()) throw new MimiHttpError(503, { detail: 'starting or stopping' }, { retryAfter: 1 });
        const unhealthy = await options.storeHealth();
        if (unhealthy !== null) throw new MimiHttpError(503, { detail: unhealthy }, { retryAfter: STORE_UNAVAILABLE_RETRY_AFTER });
        return { status: 'ready' as const };
      },
    }),
  );
}
