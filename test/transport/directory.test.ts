/**
 * The directory document a server publishes is built from configuration only
 * (packages/transport/src/directory.ts): never from the request's Host header, and registration
 * fails without a valid publicBaseUrl.
 */
import { describe, expect, it } from 'vitest';
import Fastify from 'fastify';
import { registerMimiRoutes } from '@mimikit/mimi-protocol/server';
import { mimiServerOptions } from '@mimikit/transport/server';

const notify = () => undefined;

describe('publicBaseUrl', () => {
  it('is required to serve the built-in directory; a directory handler of your own needs none', async () => {
    const app = Fastify(mimiServerOptions());
    expect(() => registerMimiRoutes(app, { notify })).toThrow(/directory document needs publicBaseUrl .*never built from the request Host header/);
    expect(app.hasRoute({ method: 'GET', url: '/.well-known/mimi-protocol-directory' })).toBe(false);
    await app.close();
    const own = Fastify(mimiServerOptions());
    registerMimiRoutes(own, { notify, directory: () => ({}) as never });
    await own.ready();
    expect(own.hasRoute({ method: 'GET', url: '/.well-known/mimi-protocol-directory' })).toBe(true);
    await own.close();
  });

  it.each([
    ['mimi.a.example', /not an absolute URL/],
    ['/v1', /not an absolute URL/],
    ['http://mimi.a.example', /not https \(allowInsecurePublicBaseUrl/],
    ['javascript:alert(1)', /not an https URL/],
    ['ftp://mimi.a.example', /not an https URL/],
    ['https://user:pw@mimi.a.example', /has credentials/],
    ['https://mimi.a.example/?x=1', /has a query/],
    ['https://mimi.a.example/?', /has a query/],
    ['https://mimi.a.example/#top', /has a fragment/],
    ['https://mimi.a.example#', /has a fragment/],
  ])('refuses %s', async (url, message) => {
    const app = Fastify(mimiServerOptions());
    expect(() => registerMimiRoutes(app, { notify }, { publicBaseUrl: url })).toThrow(message);
    await app.close();
  });

  it('gives the templates, normalized, whatever Host the request names', async () => {
    const app = Fastify(mimiServerOptions());
    registerMimiRoutes(app, { notify }, { publicBaseUrl: 'https://Mimi.A.example/prefix/' });
    for (const host of ['evil.example', 'evil.example"><script>alert(1)</script>', 'mimi.a.example']) {
      const res = await app.inject({ method: 'GET', url: '/.well-known/mimi-protocol-directory', headers: { host } });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({
        notify: 'https://mimi.a.example/prefix/v1/notify/{roomId}',
        keyMaterial: 'https://mimi.a.example/prefix/v1/keyMaterial/{targetUser}',
      });
      expect(res.body).not.toMatch(/evil|script/);
    }
    await app.close();
    // http only when allowed explicitly (tests on loopback).
    const local = Fastify(mimiServerOptions());
    registerMimiRoutes(local, { notify }, { publicBaseUrl: 'http://127.0.0.1:8080', allowInsecurePublicBaseUrl: true });
    expect((await local.inject({ method: 'GET', url: '/.well-known/mimi-protocol-directory' })).json().notify).toBe('http://127.0.0.1:8080/v1/notify/{roomId}');
    await local.close();
  });
});
