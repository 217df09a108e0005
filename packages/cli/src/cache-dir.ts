/**
 * Where the CLI keeps what it compiles (custom .tls specs): never the working tree or the
 * installation. `MIMIKIT_CACHE_DIR` if set, else `$XDG_CACHE_HOME/mimikit`, else a folder of this
 * user in the OS temp directory (`mimikit-<uid>`). The folder is created private (0700) and used
 * only when it belongs to this user: code is imported from it, so nobody else may write there.
 * Deleting it at any time is safe (docs/cli.md).
 */
import { lstatSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { dirname, join } from 'node:path';

export function cacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  if (env.MIMIKIT_CACHE_DIR) return env.MIMIKIT_CACHE_DIR;
  if (env.XDG_CACHE_HOME) return join(env.XDG_CACHE_HOME, 'mimikit');
  return join(tmpdir(), `mimikit-${userInfo().uid}`);
}

/** The cache folder `sub` (created private if missing); refuses a folder another user owns. */
export function cacheDir(sub: string): string {
  const root = cacheRoot();
  mkdirSync(root, { recursive: true, mode: 0o700 });
  const st = lstatSync(root);
  const uid = process.getuid?.();
  if (!st.isDirectory() || (uid !== undefined && st.uid !== uid)) {
    throw new Error(`cache folder ${root} is not a folder of this user (set MIMIKIT_CACHE_DIR to another place)`);
  }
  const dir = join(root, sub);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return dir;
}

/** Writes a file whole or not at all (a concurrent `mimi` never imports half a module). */
export function writeFileAtomic(path: string, content: string): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, content, { mode: 0o600 });
  renameSync(tmp, path);
}
