#!/usr/bin/env node
/**
 * Build step of @mimikit/mls-profile (its `build:assets` script, after tsc): ships the PATCHED
 * ts-mls inside the package, so that an implementer who installs @mimikit/mls-profile gets RFC 9420
 * conformant GroupContextExtensions commits and external joins without running patch-package (docs/mls.md, "ts-mls in
 * the published package").
 *
 * 1. Takes ts-mls from the repository's node_modules, where `npm ci` applied
 *    patches/ts-mls+<version>.patch, and refuses to go on unless it is the pinned version and every
 *    line the patch adds is present (an install with --ignore-scripts, or a new ts-mls version the
 *    patch was not redone for, fails the build here instead of shipping unpatched code).
 * 2. Copies its compiled JavaScript and .d.ts (dist/src, without the source maps, whose TypeScript
 *    sources ts-mls does not publish) and its LICENSE to dist/vendor/ts-mls/.
 * 3. Points the compiled imports of dist/ (`'ts-mls'`, `'ts-mls/x.js'`, in .js and .d.ts) at that
 *    copy. The sources keep importing `ts-mls`, so the dev loop and tests run the patched install.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'packages', 'mls-profile');
const ROOT = join(PACKAGE_DIR, '..', '..');
const DIST = join(PACKAGE_DIR, 'dist');
const VENDOR = join(DIST, 'vendor', 'ts-mls');

function fail(message) {
  console.error(`vendor-ts-mls: ${message}`);
  process.exit(1);
}

const manifest = JSON.parse(readFileSync(join(PACKAGE_DIR, 'package.json'), 'utf8'));
const pinned = manifest.devDependencies?.['ts-mls'];
if (!/^\d+\.\d+\.\d+$/.test(pinned ?? '')) fail(`packages/mls-profile/package.json must pin ts-mls to an exact version in devDependencies (found ${pinned})`);

// ts-mls's exports map hides its package.json: resolve the entry point, then walk up to the package.
let tsMlsDir = dirname(createRequire(join(PACKAGE_DIR, 'package.json')).resolve('ts-mls'));
while (!existsSync(join(tsMlsDir, 'package.json')) || JSON.parse(readFileSync(join(tsMlsDir, 'package.json'), 'utf8')).name !== 'ts-mls') {
  if (dirname(tsMlsDir) === tsMlsDir) fail('ts-mls is not installed');
  tsMlsDir = dirname(tsMlsDir);
}
const installed = JSON.parse(readFileSync(join(tsMlsDir, 'package.json'), 'utf8')).version;
if (installed !== pinned) fail(`installed ts-mls is ${installed}, the package pins ${pinned}`);

const patchFile = join(ROOT, 'patches', `ts-mls+${pinned}.patch`);
if (!existsSync(patchFile)) fail(`no ${relative(ROOT, patchFile)}: redo the RFC 9420 §12.4 patch for ts-mls ${pinned} (docs/mls.md)`);
for (const [file, added] of addedLines(readFileSync(patchFile, 'utf8'))) {
  const text = readFileSync(join(tsMlsDir, file), 'utf8');
  const absent = added.filter((line) => !text.includes(line.trim()));
  if (absent.length > 0)
    fail(
      `node_modules/ts-mls/${file} lacks ${absent.length} line(s) of ${relative(ROOT, patchFile)}: run \`npm ci\` (its postinstall applies the patch), not --ignore-scripts`,
    );
}

rmSync(VENDOR, { recursive: true, force: true });
const source = join(tsMlsDir, 'dist', 'src');
let copied = 0;
for (const file of walk(source)) {
  if (!file.endsWith('.js') && !file.endsWith('.d.ts')) continue;
  const target = join(VENDOR, relative(source, file));
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, readFileSync(file, 'utf8').replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '\n'));
  copied++;
}
copyFileSync(join(tsMlsDir, 'LICENSE'), join(VENDOR, 'LICENSE'));
writeFileSync(
  join(VENDOR, 'README.md'),
  `# ts-mls ${pinned}, patched\n\nThe compiled JavaScript and type declarations of [ts-mls](https://github.com/LukaJCB/ts-mls) ${pinned} from the npm registry (MIT, see LICENSE), with @mimikit/mls-profile's patch applied: a commit covering a GroupContextExtensions proposal carries an UpdatePath (RFC 9420 §12.4), encrypted under the new GroupContext extensions (§12.4.1); the GroupInfo external_pub extension is read and written as struct { HPKEPublicKey external_pub; } (§12.4.3.2), so external joins work from conformant GroupInfos. Only @mimikit/mls-profile imports this copy. Why it is shipped here: docs/mls.md of the mimikit repository.\n`,
);

let rewritten = 0;
let importers = 0;
for (const file of walk(DIST)) {
  if (file.startsWith(VENDOR + sep) || !(file.endsWith('.js') || file.endsWith('.d.ts'))) continue;
  const text = readFileSync(file, 'utf8');
  const toVendor = relative(dirname(file), VENDOR).split(sep).join('/');
  const next = text.replace(/(["'])ts-mls(\/[^"']+)?\1/g, (_, quote, sub) => `${quote}${toVendor}${sub ?? '/index.js'}${quote}`);
  if (next !== text) {
    writeFileSync(file, next);
    rewritten++;
  }
  // Counted after the rewrite, so a second run (tsc -b left the rewritten files alone) passes too.
  if (next.includes(`${toVendor}/`)) importers++;
}
if (importers === 0) fail('no compiled file of dist/ imports ts-mls: run tsc first (npm run build)');
console.log(
  `vendor-ts-mls: ts-mls ${pinned} (patched) → ${relative(ROOT, VENDOR)} (${copied} files); ${importers} file(s) of dist/ import it (${rewritten} rewritten now)`,
);

/** File (relative to the package root, e.g. dist/src/clientState.js) → the lines the patch adds. */
function addedLines(patch) {
  const byFile = new Map();
  let current = null;
  for (const line of patch.split('\n')) {
    const header = /^\+\+\+ b\/node_modules\/ts-mls\/(.+)$/.exec(line);
    if (header) {
      current = header[1];
      byFile.set(current, []);
    } else if (current !== null && line.startsWith('+') && line.slice(1).trim() !== '') {
      byFile.get(current).push(line.slice(1));
    }
  }
  if (byFile.size === 0) fail('the patch names no file of node_modules/ts-mls');
  return byFile;
}

function walk(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
}
