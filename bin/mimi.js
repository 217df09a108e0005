#!/usr/bin/env node
// The `mimi` command of a checkout (the installed package's bin is packages/cli/dist/bin.js, built
// from packages/cli/src/bin.ts, which this runs from source). Node 20 cannot run TypeScript on its
// own, so the sources are loaded through tsx's ESM loader, and `@mimikit/*` packages resolve to
// their sources (the `mimikit-source` export condition): the CLI runs the same .ts files the tests
// run, with no build step after `npm ci`.
import { register as registerHooks } from 'node:module';
import { register } from 'tsx/esm/api';

register();
registerHooks('../scripts/source-conditions.mjs', import.meta.url);
await import('../packages/cli/src/bin.ts');
