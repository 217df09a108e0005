/**
 * The per-message salt (§4.1): 16 octets that MUST be cryptographically random. It is also hashed
 * into the message ID, which is why reproducible tests inject it instead of drawing it.
 */
import { randomBytes } from './random.ts';

export const SALT_LENGTH = 16;

/** A source of salts; builders accept one so that tests and replays can be deterministic. */
export type SaltSource = () => Uint8Array;

export const randomSalt: SaltSource = () => randomBytes(SALT_LENGTH);
