/**
 * What a provider refuses before anything reaches its store: on the federation endpoint a body
 * over the configured limit (413), bytes that do not decode as the operation's TLS struct (400
 * with the offset and type path), another content type (415), each from an authorized peer and
 * each leaving the store as it was; on the client API an invalid JSON body (400), a missing or
 * unknown bearer token (401) and base64url that is not canonical (400).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeUtf8 } from '@mimikit/bytes';
import { codecs as mls } from '@mimikit/mls';
import { codecs, type FanoutMessage } from '@mimikit/mimi-protocol';
import { keyPackageRef } from '@mimikit/mls-profile/hub';
import { roomKeyPackage } from '@mimikit/mls-profile/rooms';
import { registerClient, startRoom, storeSnapshot, type FederatedRoom } from '../support/federated-room.ts';
import { startFederation, type Federation } from '../support/providers.ts';

const ROOM = 'mimi://a.example/r/limits';
const ALICE = 'mimi://a.example/u/alice';
const BOB = 'mimi://b.example/u/bob';
const BODY_LIMIT = 8192;
const TLS = 'application/mimi-protocol';

describe('request limits and undecodable bodies', () => {
  let f: Federation;
  let room: FederatedRoom;
  let agent: Agent;
  const bobPhone = 'mimi://b.example/d/bob/phone';
  /** POSTs `body` to `domain`'s federation endpoint through `dispatcher` (default: as the hub a.example). */
  const post = async (domain: string, path: string, body: Uint8Array | string, contentType: string, dispatcher: Agent = agent) => {
    const res = await request(`${f.at(domain).federationUrl}${path}`, {
      method: 'POST',
      dispatcher,
      headers: { 'content-type': contentType },
      body,
    });
    const text = await res.body.text();
    return { status: res.statusCode, problem: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
  };
  const snapshots = async () => ({
    a: await storeSnapshot(f.at('a.example').store, [ROOM], [room.admin.uri]),
    b: await storeSnapshot(f.at('b.example').store, [ROOM], [bobPhone]),
  });

  beforeAll(async () => {
    f = await startFederation({ users: { 'a.example': [ALICE], 'b.example': [BOB] }, limits: { bodyLimit: BODY_LIMIT } });
    room = await startRoom(f, ROOM, ALICE, { [BOB]: ['phone'] });
    // The hub's identity: its /notify requests to b.example are admitted, so only the body is at fault.
    agent = new Agent({
      connect: { ca: f.pki.ca, cert: readFileSync(join(f.dir, 'a.example.pem')), key: readFileSync(join(f.dir, 'a.example.key.pem')), servername: 'b.example' },
    });
  }, 60_000);
  afterAll(async () => {
    await agent?.close();
    await f?.close();
  });

  it('/notify at b.example from the hub: 413 over the limit, 400 with offset and path for undecodable bytes, 415 for another type; nothing stored', async () => {
    const notify = `/v1/notify/${encodeURIComponent(ROOM)}`;
    const message = await room.adminMember.sendMessage(encodeUtf8('within limits'));
    const fanout: FanoutMessage = { timestamp: 5n, message: mls.MLSMessage.decode(message), frank: null };
    const valid = codecs.FanoutMessage.encode(fanout, { protocol: 'mls10' });
    expect(valid.length).toBeLessThan(BODY_LIMIT);
    const before = await snapshots();

    const large = await post('b.example', notify, new Uint8Array(BODY_LIMIT + 1), TLS);
    expect(large.status).toBe(413);
    const garbage = await post('b.example', notify, valid.subarray(0, valid.length - 3), TLS);
    expect(garbage.status).toBe(400);
    expect(garbage.problem).toMatchObject({ status: 400, offset: expect.any(Number), path: expect.stringMatching(/^FanoutMessage/) });
    const trailing = await post('b.example', notify, Uint8Array.of(...valid, 0), TLS);
    expect(trailing.status).toBe(400);
    expect(trailing.problem.offset).toBe(valid.length);
    for (const type of ['application/json', 'application/octet-stream', 'text/plain']) {
      expect((await post('b.example', notify, valid, type)).status).toBe(415);
    }
    expect(await snapshots()).toEqual(before);
    // The same bytes with the right type are applied.
    expect((await post('b.example', notify, valid, TLS)).status).toBe(201);
    expect(await snapshots()).not.toEqual(before);
  });

  it('/update at the hub from b.example: the same refusals leave the room, its proposals and the outbox as they were', async () => {
    const fromB = new Agent({
      connect: { ca: f.pki.ca, cert: readFileSync(join(f.dir, 'b.example.pem')), key: readFileSync(join(f.dir, 'b.example.key.pem')), servername: 'a.example' },
    });
    try {
      const update = (body: Uint8Array, type: string) => post('a.example', `/v1/update/${encodeURIComponent(ROOM)}`, body, type, fromB);
      const member = room.members.get(bobPhone)!.member;
      const proposals = await member.leave();
      const bytes = codecs.UpdateRequest.encode(
        { bundle: { proposalOrCommit: mls.MLSMessage.decode(proposals[0]!), moreProposals: [] } },
        { 'room.protocol': 'mls10' },
      );
      expect(bytes.length).toBeLessThan(BODY_LIMIT);
      const before = await snapshots();
      expect((await update(Uint8Array.of(...bytes, ...new Uint8Array(BODY_LIMIT)), TLS)).status).toBe(413);
      const cut = await update(bytes.subarray(0, 20), TLS);
      expect(cut.status).toBe(400);
      expect(cut.problem).toMatchObject({ offset: expect.any(Number), path: expect.stringMatching(/^UpdateRequest/) });
      expect((await update(bytes, 'application/x-www-form-urlencoded')).status).toBe(415);
      expect(await snapshots()).toEqual(before);
    } finally {
      await fromB.close();
    }
  });

  it('the client API: invalid JSON 400, missing or unknown bearer token 401, non-canonical base64url 400, and no KeyPackage stored', async () => {
    const a = f.at('a.example');
    // A KeyPackage whose base64url has spare bits in its last character (length not a multiple of 3).
    let device = 'pad';
    let client = await registerClient(f, ALICE, device);
    let kp = await roomKeyPackage({ client: client.uri, cipherSuite: room.suite });
    while (kp.keyPackage.length % 3 === 0) {
      device += 'x';
      client = await registerClient(f, ALICE, device);
      kp = await roomKeyPackage({ client: client.uri, cipherSuite: room.suite });
    }
    const canonical = Buffer.from(kp.keyPackage).toString('base64url');
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const last = canonical.at(-1)!;
    const nonCanonical = canonical.slice(0, -1) + alphabet[alphabet.indexOf(last) + 1];
    expect(Buffer.from(nonCanonical, 'base64url')).toEqual(Buffer.from(kp.keyPackage));
    const decoded = mls.MLSMessage.decode(kp.keyPackage);
    if (decoded.wire_format !== 'mls_key_package') throw new Error('not a KeyPackage');
    const ref = keyPackageRef(decoded.key_package);

    const upload = async (body: string, token: string | null) => {
      const res = await request(`${a.clientUrl}/v1/keyPackages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token === null ? {} : { authorization: `Bearer ${token}` }) },
        body,
      });
      return { status: res.statusCode, problem: (await res.body.json()) as Record<string, unknown> };
    };
    const valid = JSON.stringify({ keyPackages: [canonical] });
    expect((await upload('{"keyPackages": [', client.token)).status).toBe(400);
    expect((await upload(valid, null)).status).toBe(401);
    expect((await upload(valid, 'A'.repeat(43))).status).toBe(401);
    const padded = await upload(JSON.stringify({ keyPackages: [nonCanonical] }), client.token);
    expect(padded.status).toBe(400);
    expect(padded.problem.detail).toMatch(/keyPackages\[0\] is not canonical base64url/);
    expect(await a.store.keyPackageOwner(ref)).toBeUndefined();
    // The canonical form is stored.
    expect(await upload(valid, client.token)).toMatchObject({ status: 200, problem: { stored: 1 } });
    expect(await a.store.keyPackageOwner(ref)).toBe(client.uri);
  });
});
