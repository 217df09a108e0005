#!/usr/bin/env node
// The `mimi` command of a checkout (the installed package's bin is packages/cli/dist/bin.js).
// Node 20 cannot run TypeScript on its own, so the sources are loaded through tsx's ESM loader, and
// `@mimikit/*` packages resolve to their sources (the `mimikit-source` export condition): the CLI runs
// the same .ts files the tests run, with no build step after `npm ci`.
import { register as registerHooks } from 'node:module';
import { register } from 'tsx/esm/api';

register();
registerHooks('../scripts/source-conditions.mjs', import.meta.url);
// `mimi … | head`: the reader went away, so there is nobody left to write for. End quietly (exit 0)
// instead of dying on an unhandled EPIPE with a stack trace.
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});
const { main } = await import('../packages/cli/src/main.ts');
process.exitCode = await main(process.argv);
