/**
 * Checks of the arguments every adapter refuses the same way (StoreError 'invalid-argument'), so
 * the contract suite can hold each adapter to them. Values reach the store from peers' requests
 * (epochs, list sizes); a check here turns a value the database would mangle or choke on into a
 * clear error naming the argument.
 */
import { StoreError } from './errors.ts';
import type { HubAcceptance, Refusal } from './types.ts';

/** Most items one page read (outboxHead, inbox) returns: bounds the memory one call can take. */
export const MAX_PAGE = 1000;

/**
 * Largest epoch or sequence number stored. MLS epochs are uint64, but SQL integers (SQLite's and
 * PostgreSQL's bigint) are signed 64-bit; an epoch grows by one per commit, so 2^63 - 1 is never
 * reached by a real room, and a larger value is refused rather than wrapped.
 */
export const MAX_STORED_INTEGER = (1n << 63n) - 1n;

/** Longest error text a dead letter keeps (a peer's problem detail can be long; the status says the rest). */
export const MAX_DEAD_LETTER_ERROR = 500;

export function checkPageLimit(location: string, name: string, limit: number): void {
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE) {
    throw new StoreError('invalid-argument', location, `${name}: limit must be an integer from 1 to ${MAX_PAGE}, got ${String(limit)}`);
  }
}

export function checkStoredInteger(location: string, name: string, value: bigint): void {
  if (typeof value !== 'bigint' || value < 0n || value > MAX_STORED_INTEGER) {
    throw new StoreError('invalid-argument', location, `${name}: expected a bigint from 0 to 2^63 - 1, got ${String(value)}`);
  }
}

export function checkTime(location: string, name: string, ms: number): void {
  if (!Number.isSafeInteger(ms) || ms < 0) {
    throw new StoreError('invalid-argument', location, `${name}: expected integer milliseconds since 1970, got ${String(ms)}`);
  }
}

export function checkCount(location: string, name: string, n: number): void {
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new StoreError('invalid-argument', location, `${name}: expected a non-negative integer, got ${String(n)}`);
  }
}

/** Directory fields are strings: a number from a config file is refused, not stored as text. */
export function checkUserFields(location: string, uri: string, fields: Readonly<Record<string, string>>): void {
  for (const [field, value] of Object.entries(fields)) {
    if (typeof value !== 'string') {
      throw new StoreError('invalid-argument', location, `putUser ${uri}: field '${field}' must be a string, got ${typeof value}`);
    }
  }
}

/** RFC 9420 cipher suites are uint16. */
export function checkCipherSuite(location: string, name: string, suite: number): void {
  if (!Number.isInteger(suite) || suite < 0 || suite > 0xffff) {
    throw new StoreError('invalid-argument', location, `${name}: expected a uint16 cipher suite, got ${String(suite)}`);
  }
}

/** A HubAcceptance moves the room by exactly one epoch, or caches a proposal, or only fans out (a message); never two of the first. */
export function checkAcceptance(location: string, a: HubAcceptance): void {
  checkStoredInteger(location, 'acceptAtEpoch epoch', a.epoch);
  checkTime(location, 'acceptAtEpoch acceptedAt', a.acceptedAt);
  if (a.next && a.proposals && a.proposals.length > 0) {
    throw new StoreError('invalid-argument', location, `acceptAtEpoch: room ${a.roomId}: a commit (next) and a proposal cannot be accepted in one step`);
  }
  if (a.next) {
    checkStoredInteger(location, 'acceptAtEpoch next.epoch', a.next.epoch);
    if (a.next.epoch !== a.epoch + 1n) {
      throw new StoreError(
        'invalid-argument',
        location,
        `acceptAtEpoch: room ${a.roomId}: next.epoch must be epoch + 1 (${a.epoch + 1n}), got ${a.next.epoch}`,
      );
    }
  }
  a.proposals?.forEach((p, i) => checkTime(location, `acceptAtEpoch proposals[${i}].acceptedAt`, p.acceptedAt));
}

/** A dead letter's refusal: an HTTP status, a bounded error text, a time. */
export function checkRefusal(location: string, name: string, refusal: Refusal): void {
  if (!Number.isInteger(refusal.status) || refusal.status < 100 || refusal.status > 599) {
    throw new StoreError('invalid-argument', location, `${name} status: expected an HTTP status from 100 to 599, got ${String(refusal.status)}`);
  }
  if (typeof refusal.error !== 'string' || refusal.error.length > MAX_DEAD_LETTER_ERROR) {
    throw new StoreError('invalid-argument', location, `${name} error: expected a string of at most ${MAX_DEAD_LETTER_ERROR} characters`);
  }
  checkTime(location, `${name} at`, refusal.at);
}

/** Asset ids: what the provider makes (random base64url), bounded so a hostile id cannot grow an index. */
const ASSET_ID = /^[A-Za-z0-9_-]{1,64}$/;
/** Secret names: a few fixed names the provider uses ('franking-key', 'hub-sender'). */
const SECRET_NAME = /^[a-z0-9-]{1,64}$/;

export function checkAssetId(location: string, name: string, id: string): void {
  if (typeof id !== 'string' || !ASSET_ID.test(id)) throw new StoreError('invalid-argument', location, `${name} must be 1 to 64 characters of [A-Za-z0-9_-]`);
}

export function checkSecretName(location: string, name: string, secret: string): void {
  if (typeof secret !== 'string' || !SECRET_NAME.test(secret))
    throw new StoreError('invalid-argument', location, `${name} must be 1 to 64 characters of [a-z0-9-]`);
}
