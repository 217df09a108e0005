/**
 * A call to a peer made on a local client's behalf (the client API forwards to the room's hub;
 * the hub forwards keyMaterial to the target's provider) that got no HTTP answer: the peer, or
 * the node behind its balancer, went away in the middle of the request, refused the connection,
 * or ran out of time. That is neither a bug here nor the client's fault, so the client gets what
 * a gateway answers, 502 (504 when the deadline passed) with Retry-After, instead of a 500. The
 * peer may or may not have acted on the request: the client learns that as it would after any
 * lost answer (a message it sent comes back in its inbox, or not). The peer's own HTTP answers
 * pass through unchanged.
 */
import type { MimiClient } from '@mimikit/mimi-protocol/client';
import { MimiHttpError, MimiTimeoutError } from '@mimikit/transport';
import { type Peers, UnknownPeerError } from './peers.ts';

/** Seconds a client is told to wait before retrying: the peer's balancer skips a dead node at once. */
export const PEER_FAILURE_RETRY_AFTER = 1;

/** Calls `domain`'s provider with `call` (an UnknownPeerError when it is not a peer). */
export async function throughPeer<T>(peers: Peers, domain: string, call: (client: MimiClient) => Promise<T>): Promise<T> {
  try {
    return await call(peers.get(domain).client);
  } catch (err) {
    if (err instanceof MimiHttpError || err instanceof UnknownPeerError) throw err;
    if (err instanceof MimiTimeoutError)
      throw new MimiHttpError(504, { detail: `${domain} did not answer in time` }, { retryAfter: PEER_FAILURE_RETRY_AFTER, cause: err });
    const why = err instanceof Error ? err.message : String(err);
    throw new MimiHttpError(502, { detail: `no usable answer from ${domain}: ${why}` }, { retryAfter: PEER_FAILURE_RETRY_AFTER, cause: err });
  }
}
