/**
 * A fastify server running the generated routes with handlers for every operation of
 * spec/openapi/mimi-protocol.yaml, recording what each handler received.
 */
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { Writable } from 'node:stream';
import { registerMimiRoutes, type MimiHandlers, type MimiServerOptions, type PeerIdentity } from '@mimikit/mimi-protocol/server';
import { mimiServerOptions } from '@mimikit/transport/server';
import * as v from '../support/transport-values.ts';
import { freePort } from '../support/free-port.ts';

export interface Received {
  params: Record<string, string>;
  body?: unknown;
  peer: PeerIdentity | null;
}

export const ASSET = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 255]);

/**
 * Handlers that answer every operation with the values of values.ts and record their input; the
 * directory is left to the built-in document.
 */
export function recordingHandlers(received: Map<string, Received>): Omit<MimiHandlers, 'directory'> {
  const record = (id: string, ctx: { params: object; body?: unknown; peer: PeerIdentity | null }) =>
    received.set(id, { params: { ...(ctx.params as Record<string, string>) }, body: ctx.body, peer: ctx.peer });
  return {
    async keyMaterial(ctx) {
      record('keyMaterial', ctx);
      return v.keyMaterialResponse;
    },
    async update(ctx) {
      record('update', ctx);
      return v.updateRoomResponse;
    },
    async submitMessage(ctx) {
      record('submitMessage', ctx);
      return v.submitMessageResponse;
    },
    async notify(ctx) {
      record('notify', ctx);
    },
    async groupInfo(ctx) {
      record('groupInfo', ctx);
      return v.groupInfoResponse;
    },
    async requestConsent(ctx) {
      record('requestConsent', ctx);
    },
    async updateConsent(ctx) {
      record('updateConsent', ctx);
    },
    async identifierQuery(ctx) {
      record('identifierQuery', ctx);
      return v.identifierResponse;
    },
    async reportAbuse(ctx) {
      record('reportAbuse', ctx);
    },
    async proxyDownload(ctx) {
      record('proxyDownload', ctx);
      return ASSET;
    },
  };
}

export interface Harness {
  app: FastifyInstance;
  url: string;
  /** Lines fastify logged (JSON). */
  logs: string[];
}

/** A port free on 127.0.0.1 right now (the server listens on it next, so its directory can name it). */
export { freePort } from '../support/free-port.ts';

/**
 * Starts the generated routes on 127.0.0.1 on an instance made with mimiServerOptions. Without a
 * directory handler or publicBaseUrl, the directory's publicBaseUrl is the server's own URL.
 */
export async function startServer(
  handlers: Partial<MimiHandlers>,
  options: MimiServerOptions = {},
  fastifyOptions: FastifyServerOptions & { https?: unknown } = {},
  configure?: (app: FastifyInstance) => unknown,
): Promise<Harness> {
  const logs: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      logs.push(String(chunk));
      done();
    },
  });
  const app = Fastify(
    mimiServerOptions({ logger: { level: 'info', stream }, ...fastifyOptions } as Parameters<typeof mimiServerOptions>[0]) as FastifyServerOptions,
  ) as unknown as FastifyInstance;
  let port = 0;
  if (handlers.directory === undefined && options.publicBaseUrl === undefined) {
    port = await freePort();
    const scheme = fastifyOptions.https ? 'https' : 'http';
    options = { ...options, publicBaseUrl: `${scheme}://127.0.0.1:${port}`, allowInsecurePublicBaseUrl: scheme === 'http' };
  }
  registerMimiRoutes(app, handlers, options);
  configure?.(app);
  const address = await app.listen({ host: '127.0.0.1', port });
  return { app, url: address, logs };
}
