/**
 * Every test worker picks loopback ports from a slice of its own (MIMIKIT_PORT_RANGE, read by
 * freeLoopbackPort of @mimikit/provider; child processes inherit it): tests stop a provider and
 * bind its port again, and a test file running at the same time in another worker must not take
 * that port while it is free (CI once failed on EADDRINUSE that way). The slice is cut from
 * MIMIKIT_PORT_RANGE as given to the run (`npm run faults -- --jobs n` gives each run its own), or
 * from the default range. Workers are numbered from 1 (VITEST_POOL_ID); more workers than slices
 * share them, as all workers did before.
 */
import { portRange } from '@mimikit/provider';

const SLICES = 4;
const worker = Number(process.env.VITEST_POOL_ID ?? '1');
const { from, to } = portRange();
const size = Math.floor((to - from + 1) / SLICES);
if (Number.isInteger(worker) && worker >= 1 && size >= 64) {
  const k = (worker - 1) % SLICES;
  process.env.MIMIKIT_PORT_RANGE = `${from + k * size}-${from + (k + 1) * size - 1}`;
}
