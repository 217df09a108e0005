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
import { MimiHttpError, MimiTimeoutError } from '@mimikit/transport';
import { UnknownPeerError } from './peers.ts';

/** Seconds a client is told to wait before retrying: the peer's balancer skips a dead node at once. */
export const PEER_FAILURE_RETRY_AFTER = 1;

export async function throughPeer<T>(domain: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (err instanceof MimiHttpError || err instanceof UnknownPeerError) throw err;
    if (err instanceof MimiTimeoutError)
      throw new MimiHttpError(504, { detail: `${domain} did not answer in time` }, { retryAfter: PEER_FAILURE_RETRY_AFTER, cause: err });
    const why = err instanceof Error ? err.message : String(err);
    throw new MimiHttpError(502, { detail: `no usable answer from ${domain}: ${why}` }, { retryAfter: PEER_FAILURE_RETRY_AFTER, cause: err });
  }
}
