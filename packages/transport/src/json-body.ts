/**
 * Validation of a JSON request body against its schema before the handler sees it: the problem
 * names the first invalid member by its JSON pointer (RFC 6901), e.g. `/keyPackages/3`.
 */
import type { TSchema } from 'typebox';
import type { Problem } from './problem.ts';
import { validatorOf } from './schema-validator.ts';

/** null when `body` matches `schema`; otherwise the 400 problem's members. */
export function jsonBodyProblem(schema: TSchema, body: unknown): Partial<Problem> | null {
  const validator = validatorOf(schema);
  if (validator.Check(body)) return null;
  // Errors are only computed for invalid bodies; the first is the one reported.
  const first = validator.Errors(body)[0];
  const pointer = first?.instancePath ?? '';
  return {
    title: 'Invalid request body',
    detail: `${pointer || 'the body'} ${first?.message ?? 'does not match the schema'}`,
    pointer,
  };
}
