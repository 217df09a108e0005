/**
 * Every capability the profile checks, denied and allowed, one role per capability
 * (test/support/capability-table.ts): for each, the action that needs it is judged for a role with
 * exactly what the action needs except that capability (denied, the denial naming it and where),
 * for a role with every registered capability except it (denied: no other one grants it by accident,
 * apart from the draft's stated alternatives), and for the role with exactly what the action needs
 * (allowed). Membership and room-state actions go through checkCommit, the function every member,
 * the committer and the hub run; messages through authorizeMessage, which sender and readers run.
 */
import { describe, expect, it } from 'vitest';
import type { Member } from '../src/mls/index.ts';
import { authorizeMessage, CAPABILITIES, capabilityName, type CapabilityName, DEFAULT_BASE_POLICY } from '../src/policy/index.ts';
import { checkCommit, emptyCommitContent, withRoomState, type CommitCheck, type FullRoomState } from '../src/rooms/index.ts';
import {
  ALL_CAPABILITIES,
  ALTERNATIVES,
  BANNED,
  BEA,
  CHECKED,
  HOLDS,
  LACKS,
  MEMBER,
  MEMBERSHIP_ROWS,
  MESSAGE_ROWS,
  OLIVIA,
  originalOf,
  OWNER,
  ROOM,
  rowRoles,
  TOM,
  XAVIER,
  YARA,
  type Actor,
  type MembershipRow,
  type MessageRow,
} from './support/capability-table.ts';

const te = new TextEncoder();

/** The members as leaves: Olivia 0, Xavier 1–2, Yara 3–4, Tom 5–6 (Bea is banned: no clients). */
const CLIENTS = [OLIVIA.clients[0], ...XAVIER.clients, ...YARA.clients, ...TOM.clients];
const members: Member[] = CLIENTS.map((c, leafIndex) => ({
  leafIndex,
  credential: { credentialType: 1, identity: te.encode(c) },
  signatureKey: new Uint8Array(32),
}));
const leafOf = (client: string) => {
  const i = CLIENTS.indexOf(client);
  if (i < 0) throw new Error(`${client} is not a member`);
  return i;
};

function roomBefore(row: { changes?: MembershipRow['changes'] }, holding: readonly CapabilityName[], lacking: readonly CapabilityName[]): FullRoomState {
  const list = [
    [OLIVIA.user, OWNER],
    [XAVIER.user, LACKS],
    [YARA.user, HOLDS],
    [TOM.user, MEMBER],
    [BEA.user, BANNED],
  ] as const;
  const empty = { string: new Uint8Array() };
  return {
    participant_list: { participants: list.map(([user, role_index]) => ({ user: te.encode(user), role_index })) },
    roles_list: rowRoles(row, holding, lacking),
    room_metadata: {
      room_uri: { uri: te.encode(ROOM) },
      room_name: empty,
      room_descriptions: [],
      room_avatar: { uri: new Uint8Array() },
      room_subject: empty,
      room_mood: empty,
    },
    base_room_policy: DEFAULT_BASE_POLICY,
  };
}

/** checkCommit of `row`'s action by `actor` (a leave: its proposals, committed by Olivia). */
function judgeMembership(row: MembershipRow, actor: Actor, holding: readonly CapabilityName[], lacking: readonly CapabilityName[]): CommitCheck {
  const before = roomBefore(row, holding, lacking);
  const change = row.change(actor);
  const sender = leafOf(actor.clients[0]);
  const content = emptyCommitContent();
  if (change.state) content.gce.push({ sender, extensions: withRoomState([], change.state(before)) });
  for (const c of change.adds ?? []) content.adds.push({ sender, credential: { credential_type: 'basic', identity: te.encode(c) } });
  for (const c of change.removes ?? []) content.removes.push({ sender, leaf: leafOf(c) });
  return checkCommit(before, members, row.leave ? leafOf(OLIVIA.clients[0]) : sender, content);
}

function judgeMessage(row: MessageRow, actor: Actor, holding: readonly CapabilityName[], lacking: readonly CapabilityName[]) {
  const room = roomBefore({}, holding, lacking);
  const v = authorizeMessage({ participants: room.participant_list, roles: room.roles_list }, te.encode(actor.user), row.content, originalOf(row, actor.user));
  return v.ok ? [] : v.denials;
}

const without = (caps: readonly CapabilityName[], ...drop: CapabilityName[]) => caps.filter((c) => !drop.includes(c));
const deniedFor = (capability: CapabilityName, at: string) => [{ missing: capability, at, reason: expect.stringContaining(`lacks ${capability}`) }];

describe('the capability table', () => {
  it('covers every capability the profile checks, each once', () => {
    const rows = [...MEMBERSHIP_ROWS.map((r) => r.capability), ...MESSAGE_ROWS.map((r) => Object.keys(r.needs).at(-1) as CapabilityName)];
    expect(new Set(rows).size).toBe(rows.length);
    const needed = new Set([...MEMBERSHIP_ROWS.map((r) => r.capability), ...MESSAGE_ROWS.flatMap((r) => Object.keys(r.needs) as CapabilityName[])]);
    expect([...needed].sort()).toEqual([...CHECKED].sort());
  });
});

describe('capabilityName', () => {
  it('names a registered value as the registry does, and any other value in hex', () => {
    expect(capabilityName(0x0000)).toBe('canAddParticipant');
    expect(capabilityName(0x000b)).toBe('canUnBan');
    expect(capabilityName(0x0605)).toBe('canSendMLSExternalCommit');
    for (const name of Object.keys(CAPABILITIES) as CapabilityName[]) expect(capabilityName(CAPABILITIES[name])).toBe(name);
    expect(capabilityName(0x0012)).toBe('capability 0x0012');
    expect(capabilityName(0xabcd)).toBe('capability 0xabcd');
  });
});

describe.each(MEMBERSHIP_ROWS)('checkCommit: $capability', (row) => {
  const c = row.capability;

  it(`a role with what the action needs except ${c} is denied at ${row.at}`, () => {
    expect(judgeMembership(row, XAVIER, [c], []).denials).toEqual(deniedFor(c, row.at));
  });

  it(`a role with every other capability (but ${c}'s alternatives) is denied at ${row.at}`, () => {
    expect(judgeMembership(row, XAVIER, [c], without(ALL_CAPABILITIES, c, ...(ALTERNATIVES[c] ?? []))).denials).toEqual(deniedFor(c, row.at));
  });

  it(`the same role with ${c} is allowed`, () => {
    expect(judgeMembership(row, YARA, [c], []).denials).toEqual([]);
  });
});

describe.each(MESSAGE_ROWS.map((r) => [Object.keys(r.needs).at(-1)!, r] as const))('authorizeMessage: %s', (_, row) => {
  const needs = Object.entries(row.needs) as Array<[CapabilityName, string]>;

  it.each(needs)('a role with what the message needs except %s is denied at %s', (c, at) => {
    expect(
      judgeMessage(
        row,
        XAVIER,
        [],
        without(
          needs.map(([n]) => n),
          c,
        ),
      ),
    ).toEqual(deniedFor(c, at));
  });

  it.each(needs)('a role with every other capability but %s is denied at %s', (c, at) => {
    expect(judgeMessage(row, XAVIER, [], without(ALL_CAPABILITIES, c))).toEqual(deniedFor(c, at));
  });

  it('the role with exactly what the message needs is allowed', () => {
    expect(
      judgeMessage(
        row,
        YARA,
        needs.map(([n]) => n),
        [],
      ),
    ).toEqual([]);
  });
});
