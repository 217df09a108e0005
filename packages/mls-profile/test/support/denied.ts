/** Awaits a room operation that the policy must refuse, and hands back the RoomDeniedError for its denials. */
import { expect } from 'vitest';
import { RoomDeniedError } from '../../src/rooms/index.ts';

export async function denied(p: Promise<unknown>): Promise<RoomDeniedError> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(RoomDeniedError);
  return e as RoomDeniedError;
}
