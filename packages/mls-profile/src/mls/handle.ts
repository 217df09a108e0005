/**
 * The group-state handle. ts-mls is functional: every operation returns a new state and leaves the
 * old object in place, with the secrets it consumed zeroed by us (forward secrecy). Using an old
 * state again would at best fail obscurely and at worst reuse a key and nonce, so a handle is
 * single-use for operations that advance the state: once one returns a successor, the old handle is
 * stale and any further state-changing call on it throws. Read-only inspection stays allowed.
 *
 * The handle is an empty frozen object; the library state lives in a module-private WeakMap, so no
 * ts-mls type crosses the boundary and nothing outside src/mls can reach into it.
 */
import type { ClientState } from './backend.ts';
import type { CipherSuite } from './cipher-suite.ts';
import { MlsError } from './errors.ts';

declare const groupBrand: unique symbol;

/** One member's view of one group at one point in time. Opaque. */
export interface MlsGroup {
  readonly [groupBrand]: true;
}

interface Inner {
  state: ClientState;
  suite: CipherSuite;
  stale: boolean;
}

const inner = new WeakMap<MlsGroup, Inner>();

/** @internal */
export function wrap(state: ClientState, suite: CipherSuite): MlsGroup {
  const group = Object.freeze({}) as MlsGroup;
  inner.set(group, { state, suite, stale: false });
  return group;
}

function get(group: MlsGroup): Inner {
  const i = inner.get(group);
  if (!i) throw new MlsError('bad-input', 'not a group handle made by this adapter');
  return i;
}

/** @internal Read-only access (allowed on stale handles). */
export function peek(group: MlsGroup): { state: ClientState; suite: CipherSuite } {
  return get(group);
}

/** @internal Access for an operation that will advance the state; fails on a stale handle. */
export function current(group: MlsGroup): { state: ClientState; suite: CipherSuite } {
  const i = get(group);
  if (i.stale) throw new MlsError('bad-input', 'stale group handle: use the one returned by the last operation on this group');
  return i;
}

/** @internal Marks `group` stale and returns the handle of its successor state. */
export function advance(group: MlsGroup, next: ClientState): MlsGroup {
  current(group);
  const i = get(group);
  i.stale = true;
  return wrap(next, i.suite);
}
