/**
 * A custom .tls file is compiled into the cache folder (docs/cli.md): MIMIKIT_CACHE_DIR when set,
 * as JavaScript plus the package.json that makes it ESM; nothing is written to the working folder
 * or the checkout, and a second run reuses the same folder.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { mimi } from '../support/run-cli.ts';

const REPO = new URL('../..', import.meta.url).pathname;

describe('custom spec compilation', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mimikit-cache-test-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes only into MIMIKIT_CACHE_DIR and reuses it', () => {
    const work = join(dir, 'work');
    const cache = join(dir, 'cache');
    mkdirSync(work);
    writeFileSync(join(work, 'p.tls'), 'struct { uint8 a; KeyPackageRef r; } P;\n');
    const run = () =>
      mimi(['codec', 'decode', '--spec', 'p.tls', '--type', 'P', '--hex', '070102'], undefined, { cwd: work, env: { MIMIKIT_CACHE_DIR: cache } });
    const first = run();
    expect(first.stderr).toBe('');
    expect(JSON.parse(first.stdout)).toEqual({ a: 7, r: '02' });
    expect(readdirSync(work)).toEqual(['p.tls']);
    // The old location of compiled specs (other tests keep review artefacts in .cache/).
    expect(existsSync(join(REPO, '.cache', 'mimi'))).toBe(false);
    const builds = readdirSync(join(cache, 'tls'));
    expect(builds).toHaveLength(1);
    const pkg = join(cache, 'tls', builds[0]!);
    expect(readdirSync(join(pkg, 'src')).sort()).toEqual(['descriptors.js', 'index.js', 'p.js']);
    expect(statSync(cache).mode & 0o777).toBe(0o700);
    expect(run().stdout).toBe(first.stdout);
    expect(readdirSync(join(cache, 'tls'))).toEqual(builds);
  });

  it('refuses a cache folder that is not a folder', () => {
    const file = join(dir, 'not-a-folder');
    writeFileSync(file, '');
    const r = mimi(['codec', 'decode', '--spec', join(dir, 'work', 'p.tls'), '--type', 'P', '--hex', '070102'], undefined, {
      env: { MIMIKIT_CACHE_DIR: file },
    });
    expect(r.code).toBe(2);
  });
});
