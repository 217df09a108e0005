/**
 * Several providers on one machine: a fresh local PKI and one configuration file per domain, each
 * listening on a free loopback port with the others on its allowlist. The demo, the tests and the
 * benchmark start providers from these files (in this process or as `mimi provider start`).
 */
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { createLocalPki, writeLocalPki } from './pki/index.ts';
import type { ProviderConfig } from './config/schema.ts';

export interface LocalFederationOptions {
  /** Folder for the certificates, configuration files and stores (it must exist). */
  dir: string;
  domains: readonly string[];
  /** User names per domain (`alice` → `mimi://<domain>/u/alice`); the same for every domain when an array. */
  users: readonly string[] | Readonly<Record<string, readonly string[]>>;
  delivery?: ProviderConfig['delivery'];
  limits?: ProviderConfig['limits'];
  requireConsent?: boolean;
  /** config.logBodies of every provider. */
  logBodies?: boolean;
}

/** Where freeLoopbackPort picks by default: below Linux's ephemeral range (32768-60999). */
export const DEFAULT_PORT_RANGE = { from: 20_000, to: 32_767 } as const;

/**
 * The ports freeLoopbackPort picks from: `MIMIKIT_PORT_RANGE` (`<from>-<to>`, within 1024-65535)
 * when set, else DEFAULT_PORT_RANGE. Processes sharing a machine that stop a provider and bind its
 * port again (tests running in parallel, `npm run faults -- --jobs n`) give each process a range of
 * its own, so another one's probe cannot take a port in the moment it is free; a malformed value
 * is an error, not a silent default.
 */
export function portRange(env: NodeJS.ProcessEnv = process.env): { from: number; to: number } {
  const raw = env.MIMIKIT_PORT_RANGE;
  if (raw === undefined || raw === '') return DEFAULT_PORT_RANGE;
  const m = /^(\d{4,5})-(\d{4,5})$/.exec(raw);
  const from = Number(m?.[1]);
  const to = Number(m?.[2]);
  if (!m || from < 1024 || to > 65_535 || from > to)
    throw new RangeError(`MIMIKIT_PORT_RANGE must be <from>-<to> with 1024 <= from <= to <= 65535, got ${JSON.stringify(raw.slice(0, 40))}`);
  return { from, to };
}

/**
 * Ports this process handed out lately: a port is free again once probed, so without this two
 * callers in a row (a federation's public port, then a node's client port) could be given the
 * same one, and the second server to bind it fails. Bounded: the oldest are forgotten.
 */
const handedOut = new Set<number>();
const RECENT_PORTS = 512;

/**
 * A TCP port on 127.0.0.1 that was free a moment ago and not handed out by this process lately,
 * from portRange() (by default 20000-32767: below Linux's ephemeral range, so an outgoing
 * connection cannot take it before a provider (re)binds it).
 */
export async function freeLoopbackPort(): Promise<number> {
  const { from, to } = portRange();
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = from + Math.floor(Math.random() * (to - from + 1));
    if (handedOut.has(port)) continue;
    const probe = createServer();
    const free = await new Promise<boolean>((resolve) => {
      probe.once('error', () => resolve(false));
      probe.listen(port, '127.0.0.1', () => resolve(true));
    });
    if (free) {
      await new Promise((resolve) => probe.close(resolve));
      handedOut.add(port);
      // The oldest goes first (by then its server has bound it, or given it up); never more than
      // half of a small range, so a free port is always left to find.
      while (handedOut.size > Math.min(RECENT_PORTS, Math.floor((to - from + 1) / 2))) handedOut.delete(handedOut.values().next().value!);
      return port;
    }
  }
  throw new Error(`no free port on 127.0.0.1 between ${from} and ${to}`);
}

/** Writes `ca.pem`, `<domain>.pem`, `<domain>.key.pem` and `<domain>.json` into `dir`; returns the configuration files by domain. */
export async function writeLocalFederation(o: LocalFederationOptions): Promise<Map<string, string>> {
  writeLocalPki(o.dir, await createLocalPki({ domains: o.domains }));
  const ports = new Map<string, number>();
  for (const d of o.domains) ports.set(d, await freeLoopbackPort());
  const files = new Map<string, string>();
  for (const d of o.domains) {
    const names = Array.isArray(o.users) ? o.users : ((o.users as Readonly<Record<string, readonly string[]>>)[d] ?? []);
    const config = {
      domain: d,
      listen: { host: '127.0.0.1', port: ports.get(d) },
      clientListen: { host: '127.0.0.1', port: 0 },
      publicBaseUrl: `https://127.0.0.1:${ports.get(d)}`,
      // Asset URLs name the domain (the certificate's), which every provider here resolves to loopback.
      assetBaseUrl: `https://${d}:${ports.get(d)}`,
      downloads: { resolve: Object.fromEntries(o.domains.map((x) => [x, '127.0.0.1'])), allowAddresses: ['127.0.0.1'] },
      store: { path: `${d}.db` },
      tls: { cert: `${d}.pem`, key: `${d}.key.pem`, ca: 'ca.pem' },
      peers: o.domains.filter((p) => p !== d).map((p) => ({ domain: p, url: `https://127.0.0.1:${ports.get(p)}` })),
      users: names.map((u) => ({ uri: `mimi://${d}/u/${u}`, fields: { handle: u } })),
      ...(o.requireConsent === undefined ? {} : { requireConsent: o.requireConsent }),
      ...(o.delivery ? { delivery: o.delivery } : {}),
      ...(o.limits ? { limits: o.limits } : {}),
      ...(o.logBodies ? { logBodies: true } : {}),
    };
    const file = join(o.dir, `${d}.json`);
    writeFileSync(file, `${JSON.stringify(config, null, 2)}\n`);
    files.set(d, file);
  }
  return files;
}
