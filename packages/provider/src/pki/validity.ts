/** When a certificate of the local PKI is valid: whole days from now, or explicit dates. */
import { PkiError } from './errors.ts';

const DAY_MS = 86_400_000;
/** Longest validity accepted: a local PKI for demos and tests has no use for more than ten years. */
export const MAX_VALIDITY_DAYS = 3650;
/**
 * notBefore lies this much before "now": a certificate made on one machine is then already valid
 * on a peer whose clock is a little behind (a certificate "not yet valid" fails the handshake).
 */
export const CLOCK_SKEW_MS = 5 * 60_000;

export interface ValidityOptions {
  /** Days of validity from `now` (a whole number, 1 to 3650). */
  validityDays?: number;
  /** Explicit start; with `notAfter`, replaces `validityDays`. */
  notBefore?: Date;
  /** Explicit end. */
  notAfter?: Date;
  /** The time the validity counts from (default: the current time). */
  now?: Date;
}

export interface Validity {
  notBefore: Date;
  notAfter: Date;
}

/**
 * A validity period from options. Without `notBefore` it starts a few minutes before `now`, but
 * not before `earliest` (the issuer's notBefore); without `notAfter` or `validityDays` it ends at
 * the fallback: a number of days from `now`, or a date (the issuer's notAfter).
 */
export function resolveValidity(options: ValidityOptions, fallback: { days: number } | { notAfter: Date }, earliest?: Date): Validity {
  const now = options.now ?? new Date();
  checkDate('now', now);
  if (options.notBefore) checkDate('notBefore', options.notBefore);
  if (options.notAfter) checkDate('notAfter', options.notAfter);
  if (options.validityDays !== undefined && options.notAfter) {
    throw new PkiError('invalid-validity', 'give validityDays or notAfter, not both');
  }
  const daysFromNow = (days: number) => new Date(now.getTime() + checkDays(days) * DAY_MS);
  const notBefore = options.notBefore ?? new Date(Math.max(now.getTime() - CLOCK_SKEW_MS, earliest?.getTime() ?? Number.NEGATIVE_INFINITY));
  const notAfter =
    options.notAfter ??
    (options.validityDays !== undefined ? daysFromNow(options.validityDays) : 'days' in fallback ? daysFromNow(fallback.days) : fallback.notAfter);
  const validity = { notBefore: wholeSecond(notBefore), notAfter: wholeSecond(notAfter) };
  if (validity.notAfter.getTime() <= validity.notBefore.getTime()) {
    throw new PkiError('invalid-validity', `the validity ends (${notAfter.toISOString()}) before it starts (${notBefore.toISOString()})`);
  }
  return validity;
}

/**
 * A date as a certificate holds it: X.509 times have whole seconds. Comparing the dates asked for
 * with an issuer's as written (a leaf of 30 days from a 30-day CA, `now` with milliseconds) would
 * otherwise find the leaf a fraction of a second too long.
 */
function wholeSecond(date: Date): Date {
  return new Date(Math.floor(date.getTime() / 1000) * 1000);
}

/** A number of days of validity, or a PkiError saying what is wrong with it. */
export function checkDays(days: number): number {
  if (!Number.isInteger(days) || days < 1 || days > MAX_VALIDITY_DAYS) {
    throw new PkiError('invalid-validity', `validity days must be a whole number from 1 to ${MAX_VALIDITY_DAYS}, got ${String(days)}`);
  }
  return days;
}

function checkDate(name: string, date: Date): void {
  if (!(date instanceof Date) || Number.isNaN(date.getTime())) throw new PkiError('invalid-validity', `${name} is not a valid date`);
}
