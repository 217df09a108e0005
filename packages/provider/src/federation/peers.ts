/**
 * The federation allowlist and the clients that call peers. Every provider-to-provider request is
 * made with this provider's certificate (mutual TLS) to an allowlisted peer only, and the peer's
 * server certificate must be valid for the peer's domain, whatever address the URL names (the URL
 * may be a loopback address in tests and demos; `servername` carries the domain for SNI and for
 * the certificate check).
 */
import { readFileSync } from 'node:fs';
import { Agent } from 'undici';
import { createMimiClient, type MimiClient } from '@mimikit/mimi-protocol/client';
import type { PeerConfig, ProviderConfig } from '../config/schema.ts';

export interface Peer {
  domain: string;
  url: string;
  client: MimiClient;
}

export class UnknownPeerError extends Error {
  override readonly name = 'UnknownPeerError';
  constructor(readonly domain: string) {
    super(`${domain} is not on this provider's federation allowlist`);
  }
}

/** Clients for every allowlisted peer, created once (their connection pools are reused). */
export class Peers {
  readonly #peers = new Map<string, Peer>();
  readonly #agents: Agent[] = [];

  constructor(config: Pick<ProviderConfig, 'peers' | 'tls'>, options: { timeoutMs?: number } = {}) {
    const cert = readFileSync(config.tls.cert, 'utf8');
    const key = readFileSync(config.tls.key, 'utf8');
    const defaultCa = readFileSync(config.tls.ca, 'utf8');
    for (const p of config.peers) {
      const agent = peerAgent(p, { cert, key, ca: p.ca === undefined ? defaultCa : readFileSync(p.ca, 'utf8') });
      this.#agents.push(agent);
      const client = createMimiClient({ baseUrl: p.url, dispatcher: agent, ...(options.timeoutMs === undefined ? {} : { timeout: options.timeoutMs }) });
      this.#peers.set(p.domain, { domain: p.domain, url: p.url, client });
    }
  }

  has(domain: string): boolean {
    return this.#peers.has(domain);
  }

  domains(): string[] {
    return [...this.#peers.keys()];
  }

  /** The peer's client; UnknownPeerError if the domain is not allowlisted. */
  get(domain: string): Peer {
    const p = this.#peers.get(domain);
    if (!p) throw new UnknownPeerError(domain);
    return p;
  }

  /**
   * Drops every connection. Called last on shutdown, when no request needs its answer any more;
   * `close()` of an Agent would wait for a connection attempt to a peer that never answers.
   */
  async close(): Promise<void> {
    await Promise.all(this.#agents.map((a) => a.destroy()));
  }
}

function peerAgent(peer: PeerConfig, tls: { cert: string; key: string; ca: string }): Agent {
  return new Agent({
    connect: { ...tls, servername: peer.domain, rejectUnauthorized: true },
    keepAliveTimeout: 10_000,
    connections: 32,
  });
}
