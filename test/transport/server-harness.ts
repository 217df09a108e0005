/**
 * A fastify server running the generated routes with handlers for every operation of
 * spec/openapi/mimi-protocol.yaml, recording what each handler received.
 */
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { Writable } from 'node:stream';
import { registerMimiRoutes, type MimiHandlers, type MimiServerOptions, type PeerIdentity } from '@mimikit/mimi-protocol/server';
import * as v from './values.ts';

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
  // maxParamLength: identifiers (download URLs above all) are longer than find-my-way's default 100.
  const app = Fastify({ logger: { level: 'info', stream }, routerOptions: { maxParamLength: 2048 }, ...fastifyOptions } as FastifyServerOptions) as unknown as FastifyInstance;
  registerMimiRoutes(app, handlers, options);
  configure?.(app);
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  return { app, url: address, logs };
}
