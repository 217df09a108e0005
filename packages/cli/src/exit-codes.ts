/**
 * One exit code convention for every command (docs/cli.md): 0 when all went well, 1 when the
 * command ran and found something (lint or diff findings, a value that failed to decode, encode or
 * validate), 2 when it could not run on what it was given (a usage error, a missing file, an
 * unknown spec or type, a spec that does not compile).
 */
export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_UNUSABLE = 2;

/** An input the command cannot work with at all (exit 2), as opposed to a value that fails (exit 1). */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
