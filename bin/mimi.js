#!/usr/bin/env node
// The `mimi` command. Node 20 cannot run TypeScript on its own, so the sources are loaded through
// tsx's ESM loader: the CLI runs the same .ts files the tests run, with no build step after `npm ci`.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../packages/cli/src/main.ts');
process.exitCode = await main(process.argv);
