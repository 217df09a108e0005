/**
 * A finding's fingerprint: a short hash of its rule, subject and message, never of its line, so it
 * survives edits above the finding. Suppressions in a diff config name findings by it; lint and
 * diff findings are fingerprinted alike.
 */
import { createHash } from 'node:crypto';
import type { RawFinding } from './model.ts';

export function fingerprint(f: Pick<RawFinding, 'rule' | 'subject' | 'message'>): string {
  return createHash('sha256').update(`${f.rule}:${f.subject}:${f.message}`).digest('hex').slice(0, 12);
}
