import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import { LongFilesFirst } from './test/setup/long-files-first.ts';

// Tests run the TypeScript sources of the workspace packages: `@mimikit/*` imports resolve through
// the `mimikit-source` export condition (an installed package resolves to its dist/ instead).
const SOURCE_CONDITIONS = ['mimikit-source', 'module', 'node', 'development|production'];

export default defineConfig({
  resolve: { conditions: SOURCE_CONDITIONS },
  ssr: { resolve: { conditions: SOURCE_CONDITIONS, externalConditions: ['mimikit-source'] } },
  test: {
    include: ['packages/*/test/**/*.test.ts', 'generators/**/*.test.ts', 'test/**/*.test.ts'],
    pool: 'threads',
    // At least two test files at a time, even on two cores (vitest's default there is one): many
    // files spend their time waiting on child processes (the CLI, npm pack/install, tsc, Chromium)
    // rather than computing. Measured on 2 cores: 193 s with one worker, 127 s with two, 126 s with three.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    sequence: { sequencer: LongFilesFirst },
    // Files share a worker's module cache instead of re-importing every package per file: the
    // suite's import time fell from ~30 s to ~8 s (of CPU, summed over workers). Tests keep no state
    // in modules: no vi.mock or stubbed globals; the one fake-timer test restores real timers.
    isolate: false,
    // One fast-check seed per run, chosen (or taken from FC_SEED) and printed once: test/setup/seed.ts.
    globalSetup: ['test/setup/seed.ts'],
    // test/setup/port-range.ts: each worker's loopback ports from a slice of its own.
    setupFiles: ['test/setup/fast-check.ts', 'test/setup/port-range.ts'],
    testTimeout: 60_000,
    // Never write snapshots in a test run: a missing or different snapshot fails, in CI and
    // locally alike (vitest's default writes missing ones when CI is unset, so a deleted golden
    // file came back silently). Update on purpose: `npx vitest run <files> --update=all`.
    update: 'none',
  },
});
