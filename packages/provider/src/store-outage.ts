/**
 * A store that cannot be reached (StoreError 'unavailable': the database restarting, the network
 * to it down) is no fault of the caller and no bug: the request is answered 503 with Retry-After,
 * so a peer's delivery worker or a client retries it later, and nothing acknowledged is lost (the
 * store stored nothing of it, or a retry is idempotent: docs/provider-store.md). Without this
 * mapping the transport would answer 500, which tells the caller nothing about retrying.
 */
import { MimiHttpError } from '@mimikit/transport';
import { isStoreUnavailable } from './configured-store.ts';

/** Seconds a caller is told to wait: a database restart takes a few seconds, a failover longer; callers back off further themselves. */
export const STORE_UNAVAILABLE_RETRY_AFTER = 2;

/** The 503 answer to a StoreError 'unavailable'; any other error is returned as it is. */
export function storeOutageAnswer(err: unknown): unknown {
  if (!isStoreUnavailable(err)) return err;
  return new MimiHttpError(
    503,
    { title: 'Store Unavailable', detail: 'the provider cannot reach its store for now; retry later' },
    { retryAfter: STORE_UNAVAILABLE_RETRY_AFTER, cause: err },
  );
}

/**
 * Wraps each handler of a registerMimiRoutes handlers object so that a StoreError 'unavailable' it
 * throws (or its promise rejects with) becomes the 503. A handler that answers synchronously stays
 * synchronous (the transport serves those without a promise).
 */
export function answeringStoreOutages<H extends object>(handlers: H): H {
  const wrapped: Record<string, unknown> = {};
  for (const [name, handler] of Object.entries(handlers)) {
    if (typeof handler !== 'function') {
      wrapped[name] = handler;
      continue;
    }
    wrapped[name] = (ctx: unknown) => {
      let result: unknown;
      try {
        result = handler(ctx);
      } catch (err) {
        throw storeOutageAnswer(err);
      }
      return result instanceof Promise ? result.catch((err: unknown) => Promise.reject(storeOutageAnswer(err))) : result;
    };
  }
  return wrapped as H;
}
