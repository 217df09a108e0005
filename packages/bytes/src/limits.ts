/**
 * Merging a caller's partial limits with the defaults, shared by the TLS and CBOR codecs. Each
 * limit the caller left out, or set to undefined, keeps its default: an explicit `undefined` must
 * not switch a limit off. A value that is not a number >= 0 is a RangeError, because NaN would
 * make every `>` comparison false and so turn the limit off too. `Infinity` is allowed: that is
 * how a caller turns a limit off on purpose.
 */
export function resolveLimits<T extends Record<keyof T, number>>(defaults: Readonly<T>, given: Partial<T> | undefined, what: string): Readonly<T> {
  if (!given || given === defaults) return defaults;
  const out: T = { ...defaults };
  for (const name of Object.keys(defaults) as Array<keyof T>) {
    const v = given[name];
    if (v === undefined) continue;
    if (typeof v !== 'number' || !(v >= 0)) throw new RangeError(`${what}.${String(name)} must be a number >= 0, got ${String(v)}`);
    out[name] = v;
  }
  return out;
}
