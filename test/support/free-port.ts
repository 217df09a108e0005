/** A TCP port on 127.0.0.1 that was free a moment ago (for servers whose peers must know the port in advance). */
export { freeLoopbackPort as freePort } from '@mimikit/provider';

/** Slice `k` of `range` cut into `n` equal slices, as MIMIKIT_PORT_RANGE says it (`<from>-<to>`). */
export function portRangeSlice(range: { from: number; to: number }, k: number, n: number): string {
  const size = Math.floor((range.to - range.from + 1) / n);
  return `${range.from + k * size}-${range.from + (k + 1) * size - 1}`;
}
