/**
 * Several providers federating on loopback, in this process: each with its own SQLite store in a
 * temp folder, its own certificate from one throw-away CA, and the others on its allowlist. For
 * tests that need the real HTTPS + mutual TLS path between providers.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { startProvider, validateConfig, type ProviderConfig, type ProviderStore, type RunningProvider } from '@mimikit/provider';
import { freePort } from './free-port.ts';
import { makePki, type Pki } from './pki.ts';

export interface Federation {
  dir: string;
  pki: Pki;
  configs: Map<string, ProviderConfig>;
  providers: Map<string, RunningProvider>;
  /** The running provider of `domain`. */
  at(domain: string): RunningProvider;
  /** Starts (again) the provider of `domain` from its config and store file. */
  start(domain: string): Promise<RunningProvider>;
  /** Stops one provider (graceful). */
  stop(domain: string): Promise<void>;
  close(): Promise<void>;
}

export interface FederationOptions {
  /** Users per domain (URIs). */
  users: Record<string, string[]>;
  requireConsent?: boolean;
  /** Delivery retry timing (tests of backoff use short delays). */
  delivery?: ProviderConfig['delivery'];
  /** Request limits (tests of oversized bodies use a small bodyLimit; the bench raises the per-peer budget of bodies in flight). */
  limits?: ProviderConfig['limits'];
  /** The store a provider starts on, instead of the one its configuration names (a test wraps it, e.g. in an outage switch). */
  store?: (domain: string, config: ProviderConfig) => ProviderStore | undefined;
}

export async function startFederation(o: FederationOptions): Promise<Federation> {
  const dir = mkdtempSync(join(tmpdir(), 'mimikit-federation-'));
  const pki = await makePki();
  const domains = Object.keys(o.users).sort();
  writeFileSync(join(dir, 'ca.pem'), pki.ca);
  const ports = new Map<string, number>();
  for (const d of domains) ports.set(d, await freePort());
  const configs = new Map<string, ProviderConfig>();
  for (const d of domains) {
    const cred = await pki.client(d);
    writeFileSync(join(dir, `${d}.pem`), cred.cert);
    writeFileSync(join(dir, `${d}.key.pem`), cred.key);
    const raw = {
      domain: d,
      listen: { host: '127.0.0.1', port: ports.get(d) },
      clientListen: { host: '127.0.0.1', port: 0 },
      publicBaseUrl: `https://127.0.0.1:${ports.get(d)}`,
      store: { path: `${d}.db` },
      tls: { cert: `${d}.pem`, key: `${d}.key.pem`, ca: 'ca.pem' },
      peers: domains.filter((p) => p !== d).map((p) => ({ domain: p, url: `https://127.0.0.1:${ports.get(p)}` })),
      users: (o.users[d] ?? []).map((uri) => ({ uri, fields: { handle: uri.slice(uri.lastIndexOf('/') + 1) } })),
      requireConsent: o.requireConsent ?? false,
      ...(o.delivery ? { delivery: o.delivery } : {}),
      ...(o.limits ? { limits: o.limits } : {}),
      logLevel: 'silent',
    };
    configs.set(d, validateConfig(raw, `${d}.json`, dir));
  }
  const providers = new Map<string, RunningProvider>();
  const start = async (d: string) => {
    const config = configs.get(d);
    if (!config) throw new Error(`no provider ${d}`);
    const store = o.store?.(d, config);
    const p = await startProvider({ config, logger: pino({ level: process.env.MIMIKIT_TEST_LOG ?? 'silent' }), ...(store ? { store } : {}) });
    providers.set(d, p);
    return p;
  };
  for (const d of domains) await start(d);
  return {
    dir,
    pki,
    configs,
    providers,
    at: (d) => {
      const p = providers.get(d);
      if (!p) throw new Error(`provider ${d} is not running`);
      return p;
    },
    start,
    stop: async (d) => {
      await providers.get(d)?.close();
      providers.delete(d);
    },
    close: async () => {
      await Promise.all([...providers.values()].map((p) => p.close()));
      providers.clear();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
