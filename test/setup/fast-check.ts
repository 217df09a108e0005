/**
 * Property tests run with a fresh random seed on developer machines (fast-check prints the seed
 * of a failure, so it can be replayed with FC_SEED), and with a fixed one in CI, so that a landing
 * does not depend on the luck of the draw. Seeds explored locally widen coverage over time.
 */
import fc from 'fast-check';

const fixed = process.env.FC_SEED ?? (process.env.CI ? '1' : undefined);
if (fixed !== undefined) fc.configureGlobal({ seed: Number(fixed) });
