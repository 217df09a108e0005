/**
 * A vitest reporter for the mutation runs (test/mutation/vitest.config.ts): a test file that fails
 * to load becomes one failed test, named after the file, carrying the load error.
 *
 * Why: the active mutant is set before a test file imports anything (activate-at-import.ts), so a
 * mutant can make the file's own top-level code throw (a constant built with `parseMimiUri`, a
 * table of cases computed at load). vitest then reports the file as failed with no tests in it,
 * and Stryker's vitest runner, which only counts tests, sees nothing fail and calls the mutant
 * "Survived" (0 tests run). `npm test` on the mutated code would fail on that file: so does this.
 * The reporter only adds to files that failed and hold no test; every other result is untouched.
 */
import type { Reporter, Vitest } from 'vitest/node';

type FileTask = ReturnType<Vitest['state']['getFiles']>[number];

export function loadFailures(): Reporter {
  let vitest: Vitest | undefined;
  return {
    onInit(v) {
      vitest = v;
    },
    onTestRunEnd() {
      for (const file of vitest?.state.getFiles() ?? []) {
        if (file.result?.state !== 'fail' || file.tasks.length > 0) continue;
        file.tasks.push(failedLoad(file));
      }
    },
  };
}

function failedLoad(file: FileTask): FileTask['tasks'][number] {
  return {
    type: 'test',
    id: `${file.id}_load`,
    name: 'the test file loads',
    fullName: `${file.name} > the test file loads`,
    mode: 'run',
    file,
    suite: file,
    meta: {},
    context: undefined as never,
    timeout: 0,
    annotations: [],
    artifacts: [],
    result: { state: 'fail', errors: file.result?.errors ?? [], duration: 0 },
  } as unknown as FileTask['tasks'][number];
}
