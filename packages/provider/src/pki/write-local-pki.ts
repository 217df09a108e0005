/**
 * A local PKI on disk: `ca.pem`, `ca.key.pem`, `<domain>.pem`, `<domain>.key.pem`. Private keys
 * are written mode 0600; a folder that has to be made is made 0700.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, fchmodSync, lstatSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { PkiError } from './errors.ts';
import type { LocalPki } from './local-pki.ts';

export interface WriteLocalPkiOptions {
  /** Replace files that exist (default false: a PkiError `file-exists` naming the first one). */
  force?: boolean;
}

export interface WrittenFile {
  path: string;
  /** What the file holds: `ca`, `ca key`, or a domain's `certificate` or `key`. */
  contents: 'ca' | 'ca key' | 'certificate' | 'key';
  domain?: string;
  mode: number;
}

const CERT_MODE = 0o644;
const KEY_MODE = 0o600;

/** Writes every file of `pki` into `dir`, or none when one exists already and `force` is not set. */
export function writeLocalPki(dir: string, pki: LocalPki, options: WriteLocalPkiOptions = {}): WrittenFile[] {
  const files: Array<WrittenFile & { text: string }> = [
    { path: join(dir, 'ca.pem'), contents: 'ca', mode: CERT_MODE, text: pki.ca.cert },
    { path: join(dir, 'ca.key.pem'), contents: 'ca key', mode: KEY_MODE, text: pki.ca.key },
    ...pki.providers.flatMap(({ domain, cert, key }) => [
      { path: join(dir, `${domain}.pem`), contents: 'certificate' as const, domain, mode: CERT_MODE, text: cert },
      { path: join(dir, `${domain}.key.pem`), contents: 'key' as const, domain, mode: KEY_MODE, text: key },
    ]),
  ];
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (!options.force) {
    // All checked before anything is written: a refusal leaves the folder as it was.
    for (const file of files) if (exists(file.path)) throw fileExists(file.path);
  }
  for (const { text, ...file } of files) {
    if (options.force) replaceFile(file.path, text, file.mode);
    else createFile(file.path, text, file.mode);
  }
  return files.map(({ text: _text, ...file }) => file);
}

/** lstat, not existsSync: a dangling symbolic link is a file that exists here. */
function exists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
}

const fileExists = (path: string) => new PkiError('file-exists', `${path} exists already (not replaced without force)`, { file: path });

/**
 * Creates `path` exclusively (O_EXCL: fails on anything there, a symbolic link included, so a file
 * that appeared since the check is refused too). fchmod sets the mode exactly, whatever the umask.
 */
function createFile(path: string, text: string, mode: number): void {
  let fd: number;
  try {
    fd = openSync(path, 'wx', mode);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw fileExists(path);
    throw err;
  }
  try {
    fchmodSync(fd, mode);
    writeSync(fd, text);
  } finally {
    closeSync(fd);
  }
}

/**
 * Replaces `path` by renaming a new file over it: the new file has the new mode from its first
 * byte (rewriting an old 0644 file in place would leave a key readable), and a symbolic link at
 * `path` is replaced rather than followed.
 */
function replaceFile(path: string, text: string, mode: number): void {
  const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    createFile(temporary, text, mode);
    renameSync(temporary, path);
  } catch (err) {
    rmSync(temporary, { force: true });
    throw err;
  }
}
