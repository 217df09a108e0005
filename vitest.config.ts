import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['packages/*/test/**/*.test.ts', 'generators/**/*.test.ts', 'test/**/*.test.ts'],
    pool: 'threads',
    setupFiles: ['test/setup/fast-check.ts'],
    testTimeout: 60_000,
  },
});
