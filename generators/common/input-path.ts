/**
 * Files and folders a user names on the command line (`mimi spec diff`, `mimi spec lint`, `mimi spec
 * ir`, `mimi codec --spec`, …): one check and one message for a path that is not there, so that
 * every command says `x.tls: no such file or directory` rather than a parse error, a stack trace
 * or "unknown target".
 */
import { existsSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';

/** A file or folder the user named does not exist. `input` is the argument as given. */
export class MissingInputError extends Error {
  constructor(readonly input: string) {
    super(`${input}: no such file or directory`);
    this.name = 'MissingInputError';
  }
}

/** Whether an argument has a folder part or a file extension: it is meant as a path, not as a name. */
function looksLikePath(arg: string): boolean {
  return /[\\/]/.test(arg) || /\.[A-Za-z0-9]+$/.test(arg);
}

/**
 * The absolute path of `arg`, resolved against the first of `bases` (folders) where it exists;
 * MissingInputError when it exists in none.
 */
export function existingInput(arg: string, bases: readonly string[] = [process.cwd()]): string {
  const found = bases.map((base) => resolve(base, arg)).find((abs) => existsSync(abs));
  if (found === undefined) throw new MissingInputError(arg);
  return found;
}

/**
 * For an argument that may be a name or a path (`mls` or `x.tls`, `tls` or `spec/`): its absolute
 * path when it exists; undefined when it is a bare word that exists nowhere (a name, which the
 * caller looks up); MissingInputError when it has a folder part or a file extension and does not
 * exist, so that `mimi spec ir nope.tls` says the file is missing rather than "no spec nope.tls".
 */
export function pathArgument(arg: string, bases: readonly string[] = [process.cwd()]): string | undefined {
  if (!looksLikePath(arg) && !bases.some((base) => existsSync(resolve(base, arg)))) return undefined;
  return existingInput(arg, bases);
}

/** A path as reports show it: relative to `cwd` when inside it, with `/` separators; absolute otherwise. */
export function displayPath(abs: string, cwd: string): string {
  const rel = relative(cwd, abs);
  return (rel === '' ? '.' : rel.startsWith('..') || isAbsolute(rel) ? abs : rel).split(sep).join('/');
}
