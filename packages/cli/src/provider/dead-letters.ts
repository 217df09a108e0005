/**
 * `mimi provider dead-letters --config <file> [--requeue <id>] [--bodies]`: lists the FanoutMessages
 * the provider's peers refused for good (one JSON object per line), or puts one back at the end of
 * its destination's queue. Works on the store named by the configuration (a SQLite file, never
 * created here, or a PostgreSQL database); the provider may be stopped (a re-queued message is sent
 * when it starts) or running (the store's transactions keep it consistent; a running provider sends
 * the message at its next queue scan, within delivery.pollMs).
 */
import { existsSync } from 'node:fs';
import { describeStore, openConfiguredStore, sqlitePath } from '@mimikit/provider';
import type { DeadLetter } from '@mimikit/provider/store';
import { EXIT_FINDINGS, UsageError } from '../exit-codes.ts';
import { loadProviderConfig } from './load-config.ts';

export interface DeadLetterFlags {
  config: string;
  requeue?: string;
  bodies?: boolean;
}

/** A dead letter id as typed: a decimal integer of at most 19 digits (ids are positive int64). */
const ID = /^[1-9][0-9]{0,18}$/;

export async function deadLetters(flags: DeadLetterFlags): Promise<void> {
  const config = loadProviderConfig(flags.config);
  if (flags.requeue !== undefined && !ID.test(flags.requeue))
    throw new UsageError(`--requeue takes a dead letter id (a positive integer), got '${flags.requeue}'`);
  // Opening a missing file would create an empty store: refuse instead, naming the path.
  const file = sqlitePath(config.store);
  if (file !== null && (file === ':memory:' || !existsSync(file)))
    throw new UsageError(`${flags.config}: no store file at ${file} (has the provider run yet?)`);
  const store = await openConfiguredStore(config.store);
  try {
    if (flags.requeue !== undefined) {
      if (await store.requeueDeadLetter(BigInt(flags.requeue), Date.now())) process.stdout.write(`re-queued dead letter ${flags.requeue}\n`);
      else {
        process.stderr.write(`mimi: no dead letter ${flags.requeue} in ${describeStore(config.store)}\n`);
        process.exitCode = EXIT_FINDINGS;
      }
      return;
    }
    for (const letter of await store.deadLetters()) process.stdout.write(`${JSON.stringify(describe(letter, flags.bodies ?? false))}\n`);
  } finally {
    await store.close();
  }
}

function describe(letter: DeadLetter, bodies: boolean): Record<string, unknown> {
  return {
    id: String(letter.id),
    destination: letter.destination,
    roomId: letter.roomId,
    status: letter.status,
    error: letter.error,
    enqueuedAt: new Date(letter.enqueuedAt).toISOString(),
    deadAt: new Date(letter.deadAt).toISOString(),
    bytes: letter.body.length,
    ...(bodies ? { body: Buffer.from(letter.body).toString('base64url') } : {}),
  };
}
