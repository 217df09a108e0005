import { expect } from 'vitest';
import { ContentError, type ContentErrorKind } from '../src/errors.ts';

/** Runs fn, asserts it throws a ContentError of `kind` (at `offset` when given), and returns it. */
export function expectContentError(fn: () => unknown, kind: ContentErrorKind, offset?: number): ContentError {
  let err: unknown;
  try {
    fn();
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(ContentError);
  const ce = err as ContentError;
  expect(ce.kind).toBe(kind);
  if (offset !== undefined) expect(ce.offset).toBe(offset);
  return ce;
}
