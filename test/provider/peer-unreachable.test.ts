/**
 * A client's request forwarded to a peer that gives no HTTP answer (the room's hub is down, or its
 * node died in the middle of the request) gets 502 with Retry-After from its own provider, as a
 * gateway answers, not a 500: nothing is wrong with this provider or the request, and the client
 * may retry. The peer's own HTTP answers still pass through as they are.
 */
import { encodeUtf8 } from '@mimikit/bytes';
import { submitMessageRequest } from '@mimikit/mls-profile/rooms';
import { MimiHttpError } from '@mimikit/transport';
import { afterAll, describe, expect, it } from 'vitest';
import { startRoom } from '../support/federated-room.ts';
import { type Federation, startFederation } from '../support/providers.ts';

const ALICE = 'mimi://a.example/u/alice';
const BOB = 'mimi://b.example/u/bob';
const ROOM = 'mimi://a.example/r/gateway';

describe('a peer that does not answer', () => {
  let f: Federation | undefined;
  afterAll(() => f?.close());

  it('makes the forwarding provider answer its client 502 with Retry-After', async () => {
    f = await startFederation({ users: { 'a.example': [ALICE], 'b.example': [BOB] } });
    const room = await startRoom(f, ROOM, ALICE, { [BOB]: ['phone'] });
    const bob = [...room.members.values()][0]!;
    const b = f.at('b.example').clients;
    const me = await b.authenticate(bob.client.token);
    const request = submitMessageRequest(bob.member, await bob.member.sendMessage(encodeUtf8('hello')));
    // The hub answers: its status passes through (here: accepted).
    expect((await b.submitMessage(me, ROOM, request)).statusCode).toBe('accepted');

    await f.stop('a.example');
    const again = submitMessageRequest(bob.member, await bob.member.sendMessage(encodeUtf8('anyone?')));
    const err = await b.submitMessage(me, ROOM, again).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MimiHttpError);
    expect((err as MimiHttpError).status).toBe(502);
    expect((err as MimiHttpError).retryAfter).toBe(1);
    expect((err as MimiHttpError).problem.detail).toMatch(/^no usable answer from a\.example: /);
  });
});
