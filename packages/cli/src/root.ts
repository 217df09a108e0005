/**
 * The checkout the spec commands work on (its spec/ and generated/ folders): the nearest directory
 * at or above the working directory that holds spec/drafts/drafts.json, so an installed `mimi`
 * works on whatever checkout it is run in; else the checkout this CLI itself runs from (a dev run:
 * the sources sit in packages/cli/src); else the working directory. `--root` overrides it where a
 * command offers it.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const MARKER = join('spec', 'drafts', 'drafts.json');

function checkoutAbove(start: string): string | undefined {
  for (let dir = resolve(start); ; dir = dirname(dir)) {
    if (existsSync(join(dir, MARKER))) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

const ownCheckout = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..');

export const REPO_ROOT = checkoutAbove(process.cwd()) ?? (existsSync(join(ownCheckout, MARKER)) ? ownCheckout : process.cwd());
