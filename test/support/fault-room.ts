/**
 * The client side of the fault tests (test/provider-faults/): agents that survive a provider node
 * going away under them (their reads are retried, and every event they apply is kept, in order),
 * the rooms' roles, and the run's seed. Each scenario picks its random choices from one seed,
 * printed with the scenario's name; MIMIKIT_FAULT_SEED=<n> replays a run.
 */
import { renderContent } from '@mimikit/content';
import type { RoleData } from '@mimikit/mimi-room-policy';
import { mimiAuthService } from '@mimikit/mls-profile/identity';
import { cipherSuite } from '@mimikit/mls-profile/mls';
import { type CapabilityName, defineRole } from '@mimikit/mls-profile/policy';
import { Agent, type AgentEvent } from '@mimikit/provider/agent';
import { MimiHttpError } from '@mimikit/transport';
import { onTestFailed, onTestFinished } from 'vitest';
import { freshSeed, Rng } from '../fuzz/rng.ts';
import { type NodesFederation, startNodesFederation } from './nodes.ts';

export const PARTICIPANT = 1;
export const INVITER = 2;
export const ADMIN = 3;
const POSTING: CapabilityName[] = ['canSendMessage', 'canReplyToMessage', 'canReactToMessage', 'canChangeRoomName'];
/**
 * The demo's roles, and everyone may rename the room (the competing commits): participants post,
 * leave and add their own devices; inviters also add participants; the admin runs the room.
 */
export const FAULT_ROLES: RoleData = {
  roles: [
    defineRole({ index: PARTICIPANT, name: 'participant', capabilities: [...POSTING, 'canRemoveSelf', 'canAddOwnClient'], changes: [[PARTICIPANT, [0]]] }),
    defineRole({
      index: INVITER,
      name: 'inviter',
      capabilities: [...POSTING, 'canAddParticipant', 'canRemoveSelf', 'canAddOwnClient'],
      changes: [
        [0, [PARTICIPANT]],
        [INVITER, [0]],
      ],
    }),
    defineRole({
      index: ADMIN,
      name: 'admin',
      capabilities: [...POSTING, 'canAddParticipant', 'canRemoveParticipant', 'canAddOwnClient'],
      changes: [
        [0, [PARTICIPANT, INVITER]],
        [PARTICIPANT, [0]],
        [INVITER, [0]],
      ],
      minimum: 1,
    }),
  ],
};

/** A scenario's random choices and its progress notes. */
export interface FaultRun {
  seed: number;
  rng: Rng;
  /** Prints a progress note with the time since the start: a failed or timed-out run shows how far it got. */
  note(what: string): void;
}

/** The scenario's seed (MIMIKIT_FAULT_SEED, else a fresh one), printed so that a failure can be replayed. */
export function faultSeed(scenario: string): FaultRun {
  const given = process.env.MIMIKIT_FAULT_SEED;
  const seed = given === undefined || given === '' ? freshSeed() : Number(given);
  if (!Number.isInteger(seed) || seed < 0 || seed >= 2 ** 32) throw new Error(`MIMIKIT_FAULT_SEED must be an integer in [0, 2^32), got ${given}`);
  console.log(`${scenario}: MIMIKIT_FAULT_SEED=${seed}`);
  const started = Date.now();
  return { seed, rng: new Rng(seed), note: (what) => console.log(`${scenario} +${Date.now() - started} ms: ${what}`) };
}

/**
 * Whether a failed call may succeed when made again: the node or peer went away (a network error,
 * not an HTTP answer) or answered 502/503/504. An HTTP refusal (4xx) is final.
 */
export function transient(err: unknown): boolean {
  return !(err instanceof MimiHttpError) || err.status === 502 || err.status === 503 || err.status === 504;
}

/** Calls `fn` until it succeeds, retrying transient failures until `timeoutMs` has passed. */
export async function retrying<T>(what: string, fn: () => Promise<T>, timeoutMs = WAIT_MS): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await fn();
    } catch (err) {
      if (!transient(err) || Date.now() > deadline) throw new Error(`${what}: ${(err as Error).message}`, { cause: err });
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** The text of a message event (the tests send text messages only). */
export const textOf = (e: AgentEvent): string | null => (e.kind === 'message' ? renderContent(e.message.content) : null);

/** An agent and everything it applied, in order. */
export class Member {
  readonly events: AgentEvent[] = [];
  readonly agent: Agent;

  constructor(agent: Agent) {
    this.agent = agent;
  }

  /** The texts of the messages it read, in order. */
  texts(roomId?: string): string[] {
    return this.events.flatMap((e) => (e.kind === 'message' && (roomId === undefined || e.roomId === roomId) ? [textOf(e)!] : []));
  }

  /** One inbox read (retried while its node is away); keeps the events. */
  async pull(waitMs = 0): Promise<AgentEvent[]> {
    const events = await retrying(`${this.agent.client} reads its inbox`, () => this.agent.sync(waitMs));
    this.events.push(...events);
    return events;
  }

  /** Reads until `done` holds, for `timeoutMs` at most (then throws, saying what it saw). */
  async until(what: string, done: () => boolean, timeoutMs = WAIT_MS): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!done()) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`${this.agent.client}: timed out waiting for ${what} (read ${this.texts().length} messages: ${this.texts().join(', ')})`);
      await this.pull(Math.min(left, 1000));
    }
  }

  /** Reads until it is at `epoch` of `roomId` (or out of the room). */
  async reach(roomId: string, epoch: bigint, timeoutMs = WAIT_MS): Promise<void> {
    await this.until(`epoch ${epoch} of ${roomId}`, () => (this.agent.rooms.get(roomId)?.epoch() ?? epoch) >= epoch, timeoutMs);
  }

  epoch(roomId: string): bigint {
    const m = this.agent.rooms.get(roomId);
    if (!m) throw new Error(`${this.agent.client} is not in ${roomId}`);
    return m.epoch();
  }
}

/** A client to register: the client API it talks to, and its user's domain, name and device. */
export type ClientSpec = readonly [clientUrl: string, domain: string, user: string, device: string];

/** Registers agents (retried while a node is away); `domains` are the federation's, for the auth service. */
export async function registerMembers(domains: readonly string[], clients: readonly ClientSpec[]): Promise<Member[]> {
  const suite = await cipherSuite('MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519');
  const authService = mimiAuthService({ domains: [...domains], acceptUnverified: true });
  return Promise.all(
    clients.map(async ([clientUrl, domain, user, device]) => {
      const agent = await retrying(`register ${user}/${device}`, () =>
        Agent.register({ clientUrl, user: `mimi://${domain}/u/${user}`, client: `mimi://${domain}/d/${user}/${device}`, cipherSuite: suite, authService }),
      );
      return new Member(agent);
    }),
  );
}

/**
 * The bound of one fault scenario: not what it takes (14-86 s per run on a two-core machine shared
 * with other work, at a load of 13-20) but a limit such a machine stays under.
 * The waits inside a scenario are bounded by WAIT_MS each.
 */
export const FAULT_TEST_TIMEOUT_MS = 240_000;
export const WAIT_MS = 60_000;

/** The fault tests' federation: the hub a.example and the followers b.example and c.example. */
export const DOMAINS = ['a.example', 'b.example', 'c.example'] as const;

/**
 * The fault tests' federation (test/support/nodes.ts), two hub nodes on PostgreSQL, for the test
 * that calls it: removed when the test ends, and the processes' last log lines printed when it fails.
 */
export async function startFaultFederation(users: readonly string[] = ['alice', 'bob', 'cathy']): Promise<NodesFederation> {
  const f = await startNodesFederation({ hub: DOMAINS[0], followers: DOMAINS.slice(1), store: 'postgres', users });
  onTestFailed(() => console.log(f.logTails()));
  // Stopping five processes and a cluster takes a while on a busy machine.
  onTestFinished(() => f.close(), 60_000);
  return f;
}

/** Alice at the hub's domain, Bob at b.example and Cathy at c.example, each through its domain's client API. */
export async function aliceBobCathy(clientUrl: (domain: string) => string): Promise<[Member, Member, Member]> {
  const [alice, bob, cathy] = await registerMembers(
    DOMAINS,
    (['alice', 'bob', 'cathy'] as const).map((user, i) => [clientUrl(DOMAINS[i]!), DOMAINS[i]!, user, 'laptop'] as const),
  );
  return [alice!, bob!, cathy!];
}

/** Asserts-by-throwing that the answer to a commit or send was a success. */
export function ok(what: string, answer: { responseCode?: string; statusCode?: string }): void {
  const code = answer.responseCode ?? answer.statusCode;
  if (code !== 'success' && code !== 'accepted') throw new Error(`${what}: the hub answered ${code}`);
}

/** Texts that occur more than once in `texts`. */
export function duplicates(texts: readonly string[]): string[] {
  const seen = new Set<string>();
  const twice: string[] = [];
  for (const t of texts) {
    if (seen.has(t)) twice.push(t);
    seen.add(t);
  }
  return twice;
}

/**
 * `admin` creates `roomId` at its hub and adds each user (its clients, one array per user) as a
 * participant, one commit per user; returns once every client has joined and everyone is at the
 * last epoch. No fault may happen meanwhile (the commits are not retried).
 */
export async function openRoom(roomId: string, admin: Member, users: ReadonlyArray<readonly Member[]>): Promise<void> {
  await admin.agent.createRoom({ roomUri: roomId, roles: FAULT_ROLES, creatorRole: ADMIN });
  const joined: Member[] = [admin];
  for (const clients of users) {
    const first = clients[0]!;
    await Promise.all(clients.map((c) => c.agent.publishKeyPackages(2)));
    const { keyPackages } = await admin.agent.keyMaterial(first.agent.user, roomId);
    ok(`add ${first.agent.user}`, await admin.agent.commit(roomId, (m) => m.addParticipant({ user: first.agent.user, role: PARTICIPANT, keyPackages })));
    const epoch = admin.epoch(roomId);
    await Promise.all(clients.map((c) => c.until(`joining ${roomId}`, () => c.agent.rooms.has(roomId))));
    await Promise.all(joined.map((m) => m.reach(roomId, epoch)));
    joined.push(...clients);
  }
}
