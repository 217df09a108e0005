/**
 * The OpenAPI generator's JSON-only features on test/transport/fixtures/json-mini.yaml, generated
 * without a TLS package (as spec/openapi/provider-client.yaml is): JSON request bodies with their
 * schema in the operation table, query parameters, http bearer auth, 201/204 without bodies, and
 * the diagnostics of what it does not support.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SpecError } from '../../generators/common/diagnostics.ts';
import { generateAll } from '../../generators/generate.ts';
import { generateOpenApi, type OpenApiResult } from '../../generators/openapi/index.ts';
import { MINI_FIXTURES, miniTlsPackage } from '../support/openapi-mini.ts';

const ROOT = new URL('../../', import.meta.url).pathname;
const FIXTURE = join(MINI_FIXTURES, 'json-mini.yaml');
const fixtureText = readFileSync(FIXTURE, 'utf8');
const file = (r: OpenApiResult, name: string) => r.files.find((f) => f.path === `src/${name}.ts`)?.content ?? '';
const errors = (r: OpenApiResult) => r.diagnostics.filter((d) => d.severity === 'error').map((d) => d.code);

/** Generates from an edited copy of the fixture, without a TLS package. */
async function generateEdited(edit: (text: string) => string): Promise<OpenApiResult> {
  const dir = mkdtempSync(join(tmpdir(), 'mimikit-json-openapi-'));
  try {
    writeFileSync(join(dir, 'json-mini.yaml'), edit(fixtureText));
    return await generateOpenApi(join(dir, 'json-mini.yaml'), 'json-mini.yaml', null);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function replaceOnce(text: string, from: string, to: string): string {
  expect(text.includes(from), `fixture text not found: ${from}`).toBe(true);
  return text.replace(from, to);
}

describe('a JSON-only description without a TLS package', () => {
  it('generates without errors or warnings', async () => {
    const r = await generateOpenApi(FIXTURE, 'json-mini.yaml', null);
    expect(r.diagnostics).toEqual([]);
    expect(r.model?.operations.map((o) => [o.operationId, o.auth, o.request?.kind ?? null, o.success.status])).toEqual([
      ['addThing', null, 'json', 201],
      ['listThings', 'bearer', null, 200],
      ['dropThing', 'bearer', null, 204],
    ]);
  });

  it('puts the request schema, the query parameters and the auth in the operation table', async () => {
    const ops = file(await generateOpenApi(FIXTURE, 'json-mini.yaml', null), 'operations');
    expect(ops).toContain('import Type from "typebox";');
    expect(ops).toContain('request: { kind: "json", schemaName: "Thing", schema: Thing },');
    expect(ops).toContain(
      'query: [{ name: "after", required: true, type: "string", schema: Type.String({ maxLength: 8, pattern: "^[0-9]+$" }) }, { name: "limit", required: false, type: "integer", schema: Type.Integer({ minimum: 1, maximum: 10 }) }],',
    );
    // Only operations that need a token say so; addThing opts out with `security: []`.
    expect(ops.match(/auth: "bearer",/g)).toHaveLength(2);
    expect(ops).toContain('response: { status: 204, body: { kind: "none" } },');
  });

  it('gives the client one params object (path and query) and the server a query and a token', async () => {
    const r = await generateOpenApi(FIXTURE, 'json-mini.yaml', null);
    const client = file(r, 'client');
    expect(client).toContain('  addThing(body: Thing, init?: MimiCallOptions): Promise<Thing>;');
    expect(client).toContain('  listThings(params: { name: string; after: string; limit?: number }, init?: MimiCallOptions): Promise<Thing>;');
    expect(client).toContain('  dropThing(params: { name: string }, init?: MimiCallOptions): Promise<void>;');
    const server = file(r, 'server');
    expect(server).toContain('  token: string | null;');
    expect(server).toContain(
      '  listThings(ctx: MimiRequestContext & { params: { name: string }; query: { after: string; limit?: number } }): Promise<Thing> | Thing;',
    );
    expect(server).not.toContain('publicBaseUrl` (unless');
  });

  it('makes the params object optional when every parameter is an optional query parameter', async () => {
    const r = await generateEdited((t) =>
      replaceOnce(
        replaceOnce(t, '  /v1/things/{name}:\n    get:', '  /v1/things:\n    get:'),
        '        - name: name\n          in: path\n          required: true\n          schema: { type: string }\n        - name: after\n          in: query\n          required: true\n',
        '        - name: after\n          in: query\n',
      ).replace('  /v1/things:\n    post:', '  /v1/new:\n    post:'),
    );
    expect(errors(r)).toEqual([]);
    expect(file(r, 'client')).toContain('listThings: (params, init) => transport.call("listThings", params ?? {}, undefined, init) as Promise<Thing>,');
    expect(file(r, 'client')).toContain('  listThings(params?: { after?: string; limit?: number }, init?: MimiCallOptions): Promise<Thing>;');
  });
});

describe('diagnostics of JSON-only descriptions', () => {
  it('a JSON request body must $ref a named object schema', async () => {
    const r = await generateEdited((t) =>
      replaceOnce(
        t,
        "            schema:\n              $ref: '#/components/schemas/Thing'\n      responses:\n        '201'",
        "            schema: { type: object }\n      responses:\n        '201'",
      ),
    );
    expect(errors(r)).toEqual(['anonymous-json-schema']);
    expect(r.diagnostics[0]?.message).toContain('addThing: a JSON request body must $ref a component schema');
  });

  it('a query parameter must be a string or an integer; path and query names must differ', async () => {
    const r = await generateEdited((t) =>
      replaceOnce(t, 'schema: { type: integer, minimum: 1, maximum: 10 }', 'schema: { type: array, items: { type: string } }'),
    );
    expect(errors(r)).toEqual(['unsupported-parameter']);
    const clash = await generateEdited((t) => replaceOnce(t, '        - name: after\n          in: query', '        - name: name\n          in: query'));
    expect(errors(clash)).toEqual(['duplicate-parameter']);
  });

  it('a string query parameter without maxLength and an unknown security scheme type are warnings', async () => {
    const r = await generateEdited((t) =>
      replaceOnce(
        replaceOnce(t, 'schema: { type: string, maxLength: 8, pattern', 'schema: { type: string, pattern'),
        'type: http\n      scheme: bearer',
        'type: apiKey\n      in: header\n      name: X-Key',
      ),
    );
    expect(errors(r)).toEqual([]);
    expect(r.diagnostics.map((d) => d.code).sort()).toEqual(['unbounded-parameter', 'unsupported-security', 'unsupported-security']);
    // An apiKey scheme is not bearer: the operations are generated without auth.
    expect(r.model?.operations.every((o) => o.auth === null)).toBe(true);
  });

  it('a TLS body needs a TLS package; with one, the same body resolves', async () => {
    const tls = (t: string) =>
      replaceOnce(
        t,
        "          application/json:\n            schema:\n              $ref: '#/components/schemas/Thing'\n      responses:\n        '201'",
        "          application/mimi-protocol:\n            x-mimi-tls-type: AbuseReport\n            schema: { type: string, contentEncoding: binary }\n      responses:\n        '201'",
      );
    expect(errors(await generateEdited(tls))).toEqual(['unknown-tls-type']);
    const dir = mkdtempSync(join(tmpdir(), 'mimikit-json-openapi-'));
    try {
      writeFileSync(join(dir, 'x.yaml'), tls(fixtureText));
      const r = await generateOpenApi(join(dir, 'x.yaml'), 'x.yaml', miniTlsPackage());
      expect(errors(r)).toEqual([]);
      expect(file(r, 'operations')).toContain('request: { kind: "tls", type: "AbuseReport", codec: AbuseReportCodec, context: undefined },');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('generateAll with a description that has no TLS package of its name', () => {
  function copyRoot(): string {
    const root = mkdtempSync(join(tmpdir(), 'mimikit-'));
    cpSync(join(ROOT, 'spec'), join(root, 'spec'), { recursive: true });
    cpSync(join(ROOT, 'generated'), join(root, 'generated'), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules'), join(root, 'node_modules'), 'dir');
    return root;
  }

  it('makes it a package of its own, and removes its stale files', async () => {
    const root = copyRoot();
    try {
      writeFileSync(join(root, 'spec/openapi/json-mini.yaml'), fixtureText);
      const result = await generateAll(root);
      expect(result.changed.filter((p) => !p.startsWith('generated/json-mini/'))).toEqual([]);
      expect(result.changed).toEqual([
        'generated/json-mini/README.md',
        'generated/json-mini/package.json',
        'generated/json-mini/src/client.ts',
        'generated/json-mini/src/index.ts',
        'generated/json-mini/src/operations.ts',
        'generated/json-mini/src/schemas.ts',
        'generated/json-mini/src/server.ts',
        'generated/json-mini/tsconfig.build.json',
      ]);
      const pkg = JSON.parse(readFileSync(join(root, 'generated/json-mini/package.json'), 'utf8'));
      expect(pkg.name).toBe('@mimikit/json-mini');
      expect(pkg.license).toBe('MIT');
      expect(Object.keys(pkg.exports)).toEqual(['.', './operations', './client', './server', './schemas']);
      expect(Object.keys(pkg.dependencies)).toEqual(['@mimikit/transport', 'fastify', 'typebox', 'undici']);
      expect(readFileSync(join(root, 'generated/json-mini/src/index.ts'), 'utf8')).toContain("export * from './schemas.ts';");
      writeFileSync(join(root, 'generated/json-mini/src/stale.ts'), '// left over\n');
      expect((await generateAll(root, { check: true })).changed).toEqual(['generated/json-mini/src/stale.ts']);
      await generateAll(root);
      expect(existsSync(join(root, 'generated/json-mini/src/stale.ts'))).toBe(false);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('refuses TLS bodies in it with openapi-without-package', async () => {
    const root = copyRoot();
    try {
      const tls = replaceOnce(
        fixtureText,
        "          application/json:\n            schema:\n              $ref: '#/components/schemas/Thing'\n      responses:\n        '201'",
        "          application/mimi-protocol:\n            x-mimi-tls-type: AbuseReport\n            schema: { type: string, contentEncoding: binary }\n      responses:\n        '201'",
      );
      writeFileSync(join(root, 'spec/openapi/json-mini.yaml'), tls);
      const err = await generateAll(root, { check: true }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(SpecError);
      expect((err as SpecError).diagnostics.map((d) => `${d.file}:${d.code}`)).toEqual([
        'spec/openapi/json-mini.yaml:openapi-without-package',
        'spec/openapi/json-mini.yaml:unknown-tls-type',
      ]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
