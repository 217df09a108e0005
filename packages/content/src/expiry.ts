/**
 * The `expires` field (§4.1): `[relative, time]`, a 32-bit count of seconds either after the
 * receiver reads the message (relative) or since the UNIX epoch (absolute, good until 2106).
 */
import type { Expiration } from '@mimikit/mimi-content';

const MAX_U32 = 0xffffffff;

function u32(seconds: number, what: string): number {
  if (!Number.isInteger(seconds) || seconds < 0 || seconds > MAX_U32)
    throw new RangeError(`${what} must be a whole number of seconds in 0..2^32-1, got ${seconds}`);
  return seconds;
}

/** Delete `seconds` after the receiving client has read the message. */
export function expiresAfterReading(seconds: number): Expiration {
  return { relative: true, time: u32(seconds, 'relative expiry') };
}

/** Delete at a fixed time, read or not: a Date, or seconds since the epoch (sub-second part dropped). */
export function expiresAt(when: Date | number): Expiration {
  const seconds = when instanceof Date ? Math.floor(when.getTime() / 1000) : when;
  return { relative: false, time: u32(seconds, 'absolute expiry') };
}

/** For an absolute expiry, the Date; for a relative one, the deadline counted from `readAt`. */
export function expiryDeadline(e: Expiration, readAt?: Date): Date | null {
  if (!e.relative) return new Date(e.time * 1000);
  return readAt ? new Date(readAt.getTime() + e.time * 1000) : null;
}
