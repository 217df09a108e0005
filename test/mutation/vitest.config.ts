/**
 * The vitest configuration Stryker runs the tests with (test/mutation/run.ts): the project's own,
 * plus one resolver fix for Stryker's sandbox.
 *
 * Why the fix: Stryker copies the repository into `.stryker-tmp/sandbox-*` and mutates the copy,
 * but links the sandbox's node_modules to the real one, whose `@mimikit/*` entries are relative
 * symlinks to the real workspace packages. Without the fix, a test that imports
 * `@mimikit/transport` runs the unmutated original, and every mutant it should kill survives.
 * The plugin sends any module that resolves into the original tree (outside node_modules) to the
 * same path in the sandbox. Outside a sandbox (run from the repository itself) it does nothing.
 *
 * And the tests it runs: a scope's, when run.ts names them (see MUTATION_TEST_FILES there).
 */
import { realpathSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { defineConfig, mergeConfig, type Plugin } from 'vitest/config';
import projectConfig from '../../vitest.config.ts';
import { MUTATION_TEST_FILES } from './scopes.ts';

const root = resolve(import.meta.dirname, '../..');
const linkedRoot = dirname(realpathSync(join(root, 'node_modules')));

function intoSandbox(): Plugin {
  return {
    name: 'mimikit:mutation-sandbox',
    enforce: 'pre',
    async resolveId(source, importer, options) {
      const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
      if (!resolved || resolved.external) return resolved;
      const id = resolved.id;
      const inOriginal = id.startsWith(linkedRoot + sep) && !id.startsWith(root + sep);
      if (!inOriginal || id.includes(`${sep}node_modules${sep}`)) return resolved;
      return { ...resolved, id: root + id.slice(linkedRoot.length) };
    },
  };
}

const config = mergeConfig(
  projectConfig,
  defineConfig({
    root,
    plugins: linkedRoot === root ? [] : [intoSandbox()],
  }),
);

// The scope's test files (test/mutation/run.ts), replacing the project's include rather than
// added to it (mergeConfig concatenates arrays).
const scopeTests = process.env[MUTATION_TEST_FILES];
if (scopeTests) config.test = { ...config.test, include: JSON.parse(scopeTests) as string[] };

export default config;
