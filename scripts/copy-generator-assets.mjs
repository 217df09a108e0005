#!/usr/bin/env node
/**
 * Build step of @mimikit/generators (its `build:assets` script, after tsc): copies the files the
 * compiled generators read at run time and tsc does not emit, beside the compiled modules that read
 * them. The OpenAPI emitter reads its handlebars templates from `new URL('./templates/…',
 * import.meta.url)`, so dist/openapi/emit.js needs dist/openapi/templates/. (JSON files are emitted
 * by tsc itself: tsconfig.build.json includes them.)
 */
import { cpSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const GENERATORS = join(dirname(fileURLToPath(import.meta.url)), '..', 'generators');
const ASSET_DIRS = ['openapi/templates'];

for (const dir of ASSET_DIRS) {
  const from = join(GENERATORS, dir);
  if (!existsSync(from)) {
    console.error(`copy-generator-assets: generators/${dir} is missing (moved? update ASSET_DIRS)`);
    process.exit(1);
  }
  cpSync(from, join(GENERATORS, 'dist', dir), { recursive: true });
}
console.log(`copy-generator-assets: ${ASSET_DIRS.map((d) => `generators/${d}`).join(', ')} → generators/dist/`);
