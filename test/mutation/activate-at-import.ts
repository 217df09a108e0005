/**
 * Setup file of the mutation runs (test/mutation/vitest.config.ts): activates the mutant under test
 * before the test file imports the mutated modules, not only in a `beforeAll`.
 *
 * Why: Stryker (9.6) runs a *static* mutant (one that module-level code executes, such as a constant
 * table `const KEY_USAGE_OID = [...]`) with "static" activation, which sets the active mutant when
 * the setup file loads, but only when it runs every test; with `testFiles` given (every scope has
 * them) it hands the runner those files as a filter, which selects "runtime" activation, and the
 * vitest runner then activates the mutant in a `beforeAll`: after the module's top level has run
 * unmutated. Every mutant of module-level code then survives whatever the tests assert. The mutant
 * id is the one the runner already provided for this run, and vitest evaluates the modules afresh
 * for each test file, so activating it earlier changes nothing for other mutants.
 */
import { inject } from 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    mode: 'mutant' | 'dry-run';
    globalNamespace: string;
    activeMutant: string;
  }
}

if (inject('mode') === 'mutant') {
  const g = globalThis as unknown as Record<string, { activeMutant?: string } | undefined>;
  const ns = (g[inject('globalNamespace')] ??= {});
  ns.activeMutant = inject('activeMutant');
}
