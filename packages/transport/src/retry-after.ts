/**
 * Retry-After (RFC 9110 §10.2.3): either a number of seconds or an HTTP-date. Parsed to whole
 * seconds from `now`, never negative; anything unparseable is null.
 */

export function parseRetryAfter(value: string | readonly string[] | null | undefined, now: number = Date.now()): number | null {
  const raw = Array.isArray(value) ? value[0] : value;
  if (typeof raw !== 'string') return null;
  const text = raw.trim();
  if (/^\d+$/.test(text)) {
    const n = Number(text);
    return Number.isSafeInteger(n) ? n : null;
  }
  // HTTP-date (IMF-fixdate, or the obsolete RFC 850 / asctime forms Date.parse also accepts).
  if (!/^[A-Za-z]{3}/.test(text)) return null;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return null;
  return Math.max(0, Math.ceil((at - now) / 1000));
}

/** The header value for a delay in seconds (a non-negative integer). */
export function formatRetryAfter(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) throw new RangeError(`Retry-After must be a non-negative number of seconds, got ${seconds}`);
  return String(Math.ceil(seconds));
}
