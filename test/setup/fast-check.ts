/**
 * Every test file: fast-check uses the run's seed (test/setup/seed.ts: new each run, or FC_SEED),
 * so a property failure reports that seed and FC_SEED=<seed> replays the run.
 */
import fc from 'fast-check';
import { inject } from 'vitest';

fc.configureGlobal({ seed: inject('fcSeed') });
