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
import { portRangeSlice } from '../support/free-port.ts';

const SLICES = 4;
const worker = Number(process.env.VITEST_POOL_ID ?? '1');
const range = portRange();
if (Number.isInteger(worker) && worker >= 1 && (range.to - range.from + 1) / SLICES >= 64)
  process.env.MIMIKIT_PORT_RANGE = portRangeSlice(range, (worker - 1) % SLICES, SLICES);
