/**
 * The order test files start in: the files that take longest, mostly waiting on child processes
 * (npm pack and install, tsc, the CLI run through tsx), first, so that they overlap everything else;
 * the rest in vitest's own order. Without this a fresh clone (no timing cache) starts files by size,
 * and the consumer test, started late, alone added most of a minute of wall time on two cores.
 */
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/** Repository-relative paths, longest first (measured: `npm test` prints each file's time). */
const LONG_FILES = [
  'test/consumer/consumer.test.ts',
  'test/diff/cli.test.ts',
  'test/cli/content-cli.test.ts',
  'test/cli/exit-codes.test.ts',
  'test/cli/cli.test.ts',
];

export class LongFilesFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (f: TestSpecification) => {
      const i = LONG_FILES.findIndex((path) => f.moduleId.endsWith(`/${path}`));
      return i < 0 ? LONG_FILES.length : i;
    };
    // Array.prototype.sort is stable: files of equal rank keep vitest's order.
    return sorted.sort((a, b) => rank(a) - rank(b));
  }
}
