/**
 * The protocol draft's example flow (draft-ietf-mimi-protocol-06 §3 "Example protocol flow"),
 * played by agents against three providers: Alice (a.example, the hub) creates the clubhouse and
 * adds Bob (b.example, two clients); Bob adds Cathy (c.example) through the hub; Cathy says hello;
 * they use the content features (reply, reaction, mention, edit, delete, expiring message); Bob
 * leaves; Cathy adds a new device. Every step waits until each client it concerns has applied it.
 */
import { toHex } from '@mimikit/bytes';
import {
  decryptAttachment,
  deleteMessage,
  edit,
  encryptAttachment,
  expiresAt,
  markdownMention,
  markdownMessage,
  message,
  reaction,
  renderContent,
  reply,
  textMessage,
  textPart,
} from '@mimikit/content';
import type { Role, RoleData } from '@mimikit/mimi-room-policy';
import { mimiAuthService } from '@mimikit/mls-profile/identity';
import { cipherSuite } from '@mimikit/mls-profile/mls';
import { defineRole, type CapabilityName } from '@mimikit/mls-profile/policy';
import { Agent, type AgentEvent } from '@mimikit/provider/agent';

export const DOMAINS = ['a.example', 'b.example', 'c.example'] as const;
export const ROOM = 'mimi://a.example/r/clubhouse';
const SUITE = 'MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519' as const;

const POSTING: CapabilityName[] = ['canSendMessage', 'canReplyToMessage', 'canReactToMessage', 'canEditOwnMessage', 'canDeleteOwnMessage'];
const role = (index: number, name: string, caps: CapabilityName[], changes: Array<[number, number[]]>, minimum = 0): Role =>
  defineRole({ index, name, capabilities: caps, changes, minimum });
const PARTICIPANT = 1;
const INVITER = 2;
const ADMIN = 3;
/** The clubhouse's roles: participants post and may add their own devices; inviters add participants; the admin runs the room. */
export const ROLES: RoleData = {
  roles: [
    role(PARTICIPANT, 'participant', [...POSTING, 'canRemoveSelf', 'canAddOwnClient'], [[PARTICIPANT, [0]]]),
    role(
      INVITER,
      'inviter',
      [...POSTING, 'canAddParticipant', 'canRemoveSelf', 'canAddOwnClient'],
      [
        [0, [PARTICIPANT]],
        [INVITER, [0]],
      ],
    ),
    role(
      ADMIN,
      'admin',
      [...POSTING, 'canAddParticipant', 'canRemoveParticipant', 'canAddOwnClient'],
      [
        [0, [PARTICIPANT, INVITER]],
        [PARTICIPANT, [0]],
        [INVITER, [0]],
      ],
      1,
    ),
  ],
};

export interface Step {
  title: string;
  /** Milliseconds since the epoch when the step started and ended (to attribute logged requests). */
  start: number;
  end: number;
  notes: string[];
}

/** One line of a user's chat view. */
export interface ChatLine {
  client: string;
  sender: string;
  text: string;
  hubTimestamp: bigint | null;
}

export interface ScenarioResult {
  steps: Step[];
  /** Per user: what its first client saw, in order. */
  chats: Map<string, ChatLine[]>;
  /** Clients still in the room at the end, with their view of it. */
  finalViews: Array<{ client: string; epoch: bigint; epochAuthenticator: string; participants: string[] }>;
  agreed: boolean;
}

export async function playScenario(clientUrls: Record<string, string>, log: (line: string) => void = () => {}): Promise<ScenarioResult> {
  const suite = await cipherSuite(SUITE);
  const authService = mimiAuthService({ domains: [...DOMAINS], acceptUnverified: true });
  const agent = (domain: string, user: string, device: string) =>
    Agent.register({
      clientUrl: clientUrls[domain]!,
      user: `mimi://${domain}/u/${user}`,
      client: `mimi://${domain}/d/${user}/${device}`,
      cipherSuite: suite,
      authService,
    });
  const steps: Step[] = [];
  const chats = new Map<string, ChatLine[]>();
  const see = (a: Agent, events: AgentEvent[]) => {
    for (const e of events) {
      if (e.kind !== 'message') continue;
      const lines = chats.get(a.user) ?? [];
      if (!chats.has(a.user)) chats.set(a.user, lines);
      if (lines.some((l) => l.client !== a.client)) continue; // one view per user: its first client's
      lines.push({ client: a.client, sender: e.message.sender, text: renderContent(e.message.content), hubTimestamp: e.message.hubTimestamp });
    }
  };
  const step = async (title: string, run: (note: (s: string) => void) => Promise<void>) => {
    const s: Step = { title, start: Date.now(), end: 0, notes: [] };
    log(`\n== ${title}`);
    try {
      await run((n) => {
        s.notes.push(n);
        log(`   ${n}`);
      });
    } catch (err) {
      throw new Error(`step "${title}": ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    }
    s.end = Date.now();
    steps.push(s);
  };
  /** Syncs `agents` until each has seen an event matching `want`. */
  const until = async (agents: Agent[], want: (e: AgentEvent) => boolean) => {
    await Promise.all(
      agents.map(async (a) => {
        const events = await a.syncUntil((seen) => seen.some(want));
        see(a, events);
      }),
    );
  };
  const ok = (what: string, answer: { responseCode?: string; statusCode?: string }) => {
    const code = answer.responseCode ?? answer.statusCode;
    if (code !== 'success' && code !== 'accepted') throw new Error(`${what}: the hub answered ${code}`);
  };

  const alice = await agent('a.example', 'alice', 'laptop');
  const bobPhone = await agent('b.example', 'bob', 'phone');
  const bobTablet = await agent('b.example', 'bob', 'tablet');
  const cathy = await agent('c.example', 'cathy', 'laptop');
  const sendAndRead = async (from: Agent, readers: Agent[], content: Parameters<Agent['send']>[1]) => {
    const { response, messageId } = await from.send(ROOM, content);
    ok(`${from.client} sends`, response);
    see(from, [
      {
        kind: 'message',
        roomId: ROOM,
        franking: 'unfranked',
        message: {
          content,
          messageId,
          sender: from.user,
          senderClient: from.client,
          room: ROOM,
          mediaType: '',
          hubTimestamp: response.accepted_timestamp ?? null,
        },
      },
    ]);
    await until(readers, (e) => e.kind === 'message' && toHex(e.message.messageId) === toHex(messageId));
    return messageId;
  };

  await step('Alice creates a room', async (note) => {
    await alice.createRoom({ roomUri: ROOM, roles: ROLES, creatorRole: ADMIN, frankingAgent: await alice.frankingAgent() });
    note(`${alice.client} created ${ROOM} at its hub a.example, with a.example's franking agent`);
  });

  await step('Alice adds Bob to the room', async (note) => {
    await bobPhone.publishKeyPackages(2);
    await bobTablet.publishKeyPackages(2);
    const { keyPackages } = await alice.keyMaterial(bobPhone.user, ROOM);
    note(`a.example claimed ${keyPackages.length} KeyPackages of ${bobPhone.user} from b.example`);
    ok('add Bob', await alice.commit(ROOM, (m) => m.addParticipant({ user: bobPhone.user, role: INVITER, keyPackages })));
    await until([bobPhone, bobTablet], (e) => e.kind === 'joined');
    note('both of Bob’s clients joined from the Welcome b.example queued for them');
  });

  await step('Bob adds Cathy to the room', async (note) => {
    await cathy.publishKeyPackages(2);
    const { keyPackages } = await bobPhone.keyMaterial(cathy.user, ROOM);
    note(`b.example asked the hub for ${cathy.user}'s KeyPackages; the hub fetched them from c.example`);
    ok('add Cathy', await bobPhone.commit(ROOM, (m) => m.addParticipant({ user: cathy.user, role: PARTICIPANT, keyPackages })));
    await until([cathy], (e) => e.kind === 'joined');
    await until([alice, bobTablet], (e) => e.kind === 'change');
    note('the hub sent the commit to b.example and the Welcome to c.example');
  });

  let hello: Uint8Array = new Uint8Array();
  await step('Cathy sends a message', async () => {
    hello = await sendAndRead(cathy, [alice, bobPhone, bobTablet], textMessage('Hello, clubhouse!'));
  });

  await step('Reply, reaction, mention, edit, delete and an expiring message', async (note) => {
    const bobReply = await sendAndRead(bobPhone, [alice, bobTablet, cathy], reply(hello, textPart('Welcome, Cathy!')));
    await sendAndRead(alice, [bobPhone, bobTablet, cathy], reaction('👍', { inReplyTo: hello }));
    await sendAndRead(cathy, [alice, bobPhone, bobTablet], markdownMessage(`Thanks ${markdownMention(alice.user, 'Alice')} for the invite`));
    await sendAndRead(cathy, [alice, bobPhone, bobTablet], edit(hello, textPart('Hello, clubhouse! (edited)')));
    await sendAndRead(bobPhone, [alice, bobTablet, cathy], deleteMessage(bobReply));
    await sendAndRead(
      alice,
      [bobPhone, bobTablet, cathy],
      textMessage('This message expires in an hour', { expires: expiresAt(new Date(Date.now() + 3_600_000)) }),
    );
    note('every message was accepted by the hub and read by every other client');
  });

  await step('An encrypted attachment, fetched through the hub', async (note) => {
    const photo = new TextEncoder().encode('(the bytes of clubhouse.jpg)'.repeat(64));
    const sealed = encryptAttachment(photo, { url: 'https://upload.invalid/', contentType: 'image/jpeg', filename: 'clubhouse.jpg' });
    const url = await cathy.uploadAsset(sealed.ciphertext);
    note(`Cathy encrypted clubhouse.jpg (${photo.length} bytes) and uploaded the ciphertext to c.example: ${url}`);
    const part = { ...sealed.part, url };
    await sendAndRead(cathy, [alice, bobPhone, bobTablet], message(part));
    const got = await bobPhone.download(ROOM, url);
    const opened = decryptAttachment(part, got);
    if (toHex(opened) !== toHex(photo)) throw new Error('the downloaded attachment does not decrypt to the photo');
    note('Bob downloaded it through b.example → hub a.example → c.example (proxyDownload) and decrypted it');
  });

  await step('A franked message is reported and verified', async (note) => {
    const franked: AgentEvent[] = [];
    const { response, messageId } = await cathy.send(ROOM, textMessage('Buy cheap watches at watches.example!'), { franked: true });
    ok('franked message', response);
    if (!response.frank) throw new Error('the hub did not frank the message');
    note(`the hub a.example franked Cathy's message (server_frank ${toHex(response.frank.server_frank).slice(0, 16)}…)`);
    await Promise.all(
      [alice, bobPhone, bobTablet].map(async (a) => {
        const events = await a.syncUntil((seen) => seen.some((e) => e.kind === 'message' && toHex(e.message.messageId) === toHex(messageId)));
        see(a, events);
        franked.push(...events.filter((e) => e.kind === 'message' && toHex(e.message.messageId) === toHex(messageId)));
      }),
    );
    if (!franked.every((e) => e.kind === 'message' && e.franking === 'verified')) throw new Error('a receiver could not verify the Frank');
    note('Alice and both of Bob’s clients verified the Frank against the room’s franking agent');
    await alice.reportAbuse(ROOM, [messageId], 'spam');
    note('Alice reported it to the hub with the franked message (AbuseReport)');
  });

  await step('Bob leaves the room', async (note) => {
    const proposals = await bobPhone.rooms.get(ROOM)!.leave();
    ok('leave', await bobPhone.propose(ROOM, proposals));
    note(`Bob's ${proposals.length} proposals (his clients' Removes and the participant list) were cached by the hub`);
    await until([alice], (e) => e.kind === 'proposal');
    ok('commit the leave', await alice.commit(ROOM, (m) => m.commitPending()));
    await until([bobPhone, bobTablet, cathy], (e) => e.kind === 'change');
    note('Alice committed the pending proposals; Bob’s clients learned they were removed');
  });

  const cathyDesktop = await agent('c.example', 'cathy', 'desktop');
  await step('Cathy adds a new device', async (note) => {
    // The draft's way: the new client fetches the GroupInfo from the hub and joins by External Commit.
    ok('external join', await cathyDesktop.joinExternally(ROOM));
    note(`${cathyDesktop.client} fetched the room's GroupInfo and tree from the hub (groupInfo, encrypted to it, signed by the hub)`);
    await until([alice, cathy], (e) => e.kind === 'change');
    note(`${cathyDesktop.client} joined by External Commit; Alice and Cathy's phone applied it`);
    await sendAndRead(cathyDesktop, [alice, cathy], textMessage('Hi from my new desktop'));
  });

  const remaining = [alice, cathy, cathyDesktop];
  const finalViews = remaining.map((a) => {
    const m = a.rooms.get(ROOM)!;
    return {
      client: a.client,
      epoch: m.epoch(),
      epochAuthenticator: toHex(m.epochAuthenticator()),
      participants: m.participants().map((p) => `${p.user} (role ${p.role})`),
    };
  });
  const first = JSON.stringify({ ...finalViews[0], client: '' }, (_, v) => (typeof v === 'bigint' ? String(v) : v));
  const agreed = finalViews.every((v) => JSON.stringify({ ...v, client: '' }, (_, x) => (typeof x === 'bigint' ? String(x) : x)) === first);
  return { steps, chats, finalViews, agreed };
}
