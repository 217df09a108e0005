/**
 * Contract: spec/openapi/mimi-protocol.yaml and the generated code agree. Every operation has a
 * table entry, a client method and a handler slot; every x-mimi-tls-type names a generated codec.
 */
import SwaggerParser from '@apidevtools/swagger-parser';
import { describe, expect, expectTypeOf, it } from 'vitest';
import Fastify from 'fastify';
import { codecs as protocolCodecs } from '@mimikit/mimi-protocol';
import { createMimiClient, type MimiClient } from '@mimikit/mimi-protocol/client';
import { operations, api, type OperationId } from '@mimikit/mimi-protocol/operations';
import { registerMimiRoutes, type MimiHandlers } from '@mimikit/mimi-protocol/server';
import { Directory } from '@mimikit/mimi-protocol/schemas';
import { codecs as mlsCodecs } from '@mimikit/mls';
import { fastifyPath, mimiServerOptions } from '@mimikit/transport/server';

const YAML = new URL('../../spec/openapi/mimi-protocol.yaml', import.meta.url).pathname;

interface Media {
  'x-mimi-tls-type'?: string;
  'x-mimi-tls-context'?: Record<string, string>;
}
interface Op {
  operationId: string;
  requestBody?: { content: Record<string, Media> };
  responses: Record<string, { content?: Record<string, Media> }>;
  'x-mimi-role': string;
  'x-mimi-directory-key'?: string;
}

const doc = (await SwaggerParser.validate(YAML)) as unknown as { paths: Record<string, Record<string, Op>> };
const yamlOps = Object.entries(doc.paths).flatMap(([path, item]) =>
  Object.entries(item)
    .filter(([m]) => ['get', 'put', 'post', 'delete', 'patch'].includes(m))
    .map(([method, op]) => ({ path, method: method.toUpperCase(), op })),
);

describe('spec/openapi/mimi-protocol.yaml ↔ generated code', () => {
  it('has operations', () => {
    expect(yamlOps.length).toBe(11);
  });

  it('MimiHandlers and MimiClient have exactly one member per operation (types)', () => {
    expectTypeOf<keyof MimiHandlers>().toEqualTypeOf<OperationId>();
    expectTypeOf<keyof MimiClient>().toEqualTypeOf<OperationId>();
  });

  it('the generated table has every operation, as described', () => {
    expect(Object.keys(operations).sort()).toEqual(yamlOps.map((o) => o.op.operationId).sort());
    for (const { path, method, op } of yamlOps) {
      const entry = operations[op.operationId as OperationId];
      expect(entry.method).toBe(method);
      expect(entry.path).toBe(path);
      expect(entry.role).toBe(op['x-mimi-role']);
      expect(entry.directoryKey).toBe(op['x-mimi-directory-key'] ?? null);
      const statuses = Object.keys(op.responses).map(Number);
      expect(entry.response.status).toBe(statuses.find((s) => s >= 200 && s < 300));
      expect([...entry.errorStatuses]).toEqual(statuses.filter((s) => s >= 400));
    }
    expect(api.directoryOperation).toBe('directory');
  });

  it('the client has a method for every operation', () => {
    const client = createMimiClient({ baseUrl: 'https://mimi.example.com' });
    expect(Object.keys(client).sort()).toEqual(yamlOps.map((o) => o.op.operationId).sort());
    for (const { op } of yamlOps) expect(typeof client[op.operationId as OperationId]).toBe('function');
  });

  it('the server has a handler slot for every operation: a handler registers exactly its route', async () => {
    for (const { path, method, op } of yamlOps) {
      const app = Fastify(mimiServerOptions());
      registerMimiRoutes(app, { [op.operationId]: async () => undefined } as Partial<MimiHandlers>, { publicBaseUrl: 'https://mimi.example.com' });
      await app.ready();
      expect(app.hasRoute({ method, url: fastifyPath(path) })).toBe(true);
      const others = yamlOps.filter((o) => o.op.operationId !== op.operationId && o.op.operationId !== 'directory');
      for (const o of others) expect(app.hasRoute({ method: o.method, url: fastifyPath(o.path) })).toBe(false);
      await app.close();
    }
  });

  it('every x-mimi-tls-type names a generated codec, with the context it needs', () => {
    const registries: Record<string, unknown> = { ...mlsCodecs, ...protocolCodecs };
    let seen = 0;
    for (const { op } of yamlOps) {
      const bodies: Array<[string, Media, boolean]> = [
        ...Object.entries(op.requestBody?.content ?? {}).map(([t, m]): [string, Media, boolean] => [`${op.operationId} request ${t}`, m, true]),
        ...Object.entries(op.responses).flatMap(([s, r]) =>
          Object.entries(r.content ?? {}).map(([t, m]): [string, Media, boolean] => [`${op.operationId} ${s} ${t}`, m, false]),
        ),
      ];
      for (const [where, media, isRequest] of bodies) {
        const name = media['x-mimi-tls-type'];
        if (where.includes('application/mimi-protocol')) expect(name, where).toBeTypeOf('string');
        if (name === undefined) continue;
        seen++;
        const codec = registries[name] as { contextNames: readonly string[] } | undefined;
        expect(codec, `${where}: ${name}`).toBeDefined();
        expect(Object.keys(media['x-mimi-tls-context'] ?? {}).sort(), where).toEqual([...codec!.contextNames].sort());
        const entry = operations[op.operationId as OperationId];
        const spec = isRequest ? entry.request : entry.response.body;
        expect(spec && 'codec' in spec ? spec.codec : null, where).toBe(codec);
      }
    }
    expect(seen).toBe(14); // 9 request bodies, 5 response bodies
  });

  it('the Directory schema lists every directory key', () => {
    const keys = Object.values(operations).flatMap((o) => (o.directoryKey ? [o.directoryKey] : []));
    expect(Object.keys(Directory.properties).sort()).toEqual([...keys].sort());
    expect([...Directory.required].sort()).toEqual([...keys].sort());
  });
});
