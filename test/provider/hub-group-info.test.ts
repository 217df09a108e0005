/**
 * The hub verifies the GroupInfo and ratchet tree it is given (hubCheckGroupInfo) before storing
 * them: a room created from a forged GroupInfo is refused (400, no room), and a commit whose bundle
 * carries a forged GroupInfo or another epoch's tree gets notAllowed with the room unchanged; the
 * same commit with its real GroupInfo and tree is then accepted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeUtf8 } from '@mimikit/bytes';
import { codecs as mls } from '@mimikit/mls';
import type { UpdateRequest } from '@mimikit/mimi-protocol';
import { mimiAuthService } from '@mimikit/mls-profile/identity';
import { cipherSuite, type CipherSuite } from '@mimikit/mls-profile/mls';
import { commitUpdateRequest, createRoom, roomKeyPackage, type RoomMember } from '@mimikit/mls-profile/rooms';
import { startFederation, type Federation } from '../support/providers.ts';
import { participantAndAdminRoles as roles } from '../support/room-roles.ts';

const ROOM = 'mimi://a.example/r/forgery';
const ALICE = 'mimi://a.example/u/alice';
const CLIENT = 'mimi://a.example/d/alice/laptop';
const auth = mimiAuthService({ domains: ['a.example', 'b.example'], acceptUnverified: true });

/** A GroupInfo MLSMessage with one signature bit flipped. */
function flipSignature(groupInfo: Uint8Array): Uint8Array {
  const m = mls.MLSMessage.decode(groupInfo);
  if (m.wire_format !== 'mls_group_info') throw new Error('not a GroupInfo');
  m.group_info.signature = Uint8Array.from(m.group_info.signature, (b, i) => (i === 0 ? b ^ 1 : b));
  return mls.MLSMessage.encode(m);
}

describe('the hub verifies the GroupInfo and ratchet tree of a bundle', () => {
  let f: Federation;
  let suite: CipherSuite;
  let token = '';
  let room: RoomMember;

  beforeAll(async () => {
    f = await startFederation({ users: { 'a.example': [ALICE], 'b.example': ['mimi://b.example/u/bob'] } });
    suite = await cipherSuite('MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519');
    token = await f.at('a.example').clients.register(ALICE, CLIENT);
  }, 60_000);
  afterAll(async () => {
    await f?.close();
  });

  it('createRoom with a forged GroupInfo signature is refused and no room is made', async () => {
    room = await createRoom({ roomUri: ROOM, creator: { user: ALICE, client: CLIENT, cipherSuite: suite }, roles, creatorRole: 3, authService: auth });
    const a = f.at('a.example').clients;
    const me = await a.authenticate(token);
    await expect(a.createRoom(me, flipSignature(await room.groupInfo()), room.ratchetTree())).rejects.toMatchObject({
      status: 400,
      message: expect.stringMatching(/signature check/),
    });
    expect(await f.at('a.example').store.getRoom(ROOM)).toBeUndefined();
    expect(await a.createRoom(me, await room.groupInfo(), room.ratchetTree())).toBe(ROOM);
  });

  it('a commit with a forged GroupInfo or another epoch’s tree gets notAllowed and changes nothing; the real bundle is accepted', async () => {
    const store = f.at('a.example').store;
    const a = f.at('a.example').clients;
    const me = await a.authenticate(token);
    const before = await store.getRoom(ROOM);
    const oldTree = room.ratchetTree();
    const bob = await roomKeyPackage({ client: 'mimi://b.example/d/bob/phone', cipherSuite: suite });
    const made = await room.addParticipant({ user: 'mimi://b.example/u/bob', role: 1, keyPackages: [bob.keyPackage] });
    const real = await commitUpdateRequest(room, made);
    const bundle = real.bundle!;
    if (bundle.groupInfoOption?.representation !== 'full') throw new Error('expected a full GroupInfo');
    const forgedInfo = mls.MLSMessage.decode(
      flipSignature(mls.MLSMessage.encode({ version: 'mls10', wire_format: 'mls_group_info', group_info: bundle.groupInfoOption.groupInfo })),
    );
    if (forgedInfo.wire_format !== 'mls_group_info') throw new Error('not a GroupInfo');
    const forgeries: Array<[UpdateRequest, RegExp]> = [
      [{ bundle: { ...bundle, groupInfoOption: { representation: 'full', groupInfo: forgedInfo.group_info } } }, /signature check/],
      [{ bundle: { ...bundle, ratchetTreeOption: { representation: 'full', ratchet_tree: mls.ratchet_tree.decode(oldTree) } } }, /tree-hash check/],
    ];
    for (const [request, why] of forgeries) {
      const answer = await a.update(me, ROOM, request);
      expect(answer.responseCode).toBe('notAllowed');
      expect(decodeUtf8(answer.errorDescription)).toMatch(why);
      const now = await store.getRoom(ROOM);
      expect(now?.epoch).toBe(0n);
      expect(now?.groupInfo).toEqual(before?.groupInfo);
      expect(now?.ratchetTree).toEqual(before?.ratchetTree);
    }
    expect((await a.update(me, ROOM, real)).responseCode).toBe('success');
    const after = await store.getRoom(ROOM);
    expect(after?.epoch).toBe(1n);
    expect(after?.ratchetTree).toEqual(room.ratchetTree());
  });
});
