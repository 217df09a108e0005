/**
 * The PostgreSQL store's KeyPackages of consent grants (putGrantedKeyPackages,
 * takeGrantedKeyPackages), each run inside one transaction by the store. Both take a
 * transaction-level advisory lock on the scope first: two nodes replacing, or taking from, one
 * scope's KeyPackages at once run one after the other, so a replacement is whole and each
 * KeyPackage is handed out once (the two-key form of the lock: its keys never meet the
 * single-key lock the migrations take).
 */
import type { ConsentScope, GrantedKeyPackage } from '../types.ts';
import type { Sql } from './connection.ts';

/** The advisory lock class of consent scopes ('MIMI' in ASCII); the scope's hash is the other key. */
const SCOPE_LOCK_CLASS = 0x4d494d49;

/** The (any_room, room_id) columns of a consent scope: roomId null is "any room" (as in the consents table). */
export function roomScope(roomId: string | null): [boolean, string] {
  return roomId === null ? [true, ''] : [false, roomId];
}

async function lockScope(sql: Sql, scope: ConsentScope): Promise<void> {
  await sql.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [SCOPE_LOCK_CLASS, JSON.stringify([scope.requester, scope.target, scope.roomId])]);
}

export async function putGranted(sql: Sql, scope: ConsentScope, keyPackages: readonly GrantedKeyPackage[], receivedAt: number): Promise<void> {
  const [anyRoom, roomId] = roomScope(scope.roomId);
  await lockScope(sql, scope);
  await sql.query('DELETE FROM consent_key_packages WHERE requester = $1 AND target = $2 AND any_room = $3 AND room_id = $4', [
    scope.requester,
    scope.target,
    anyRoom,
    roomId,
  ]);
  for (const kp of keyPackages) {
    await sql.query(
      `INSERT INTO consent_key_packages (requester, target, any_room, room_id, client, cipher_suite, bytes, received_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [scope.requester, scope.target, anyRoom, roomId, kp.client, kp.cipherSuite, kp.bytes, receivedAt],
    );
  }
}

/** Removes and returns the oldest KeyPackage per client in one of `cipherSuites`, by client URI order. */
export async function takeGranted(sql: Sql, scope: ConsentScope, cipherSuites: readonly number[]): Promise<GrantedKeyPackage[]> {
  await lockScope(sql, scope);
  const oldest = await sql.query<{ id: bigint; client: string; cipher_suite: number; bytes: Buffer }>(
    `SELECT DISTINCT ON (client) id, client, cipher_suite, bytes FROM consent_key_packages
     WHERE requester = $1 AND target = $2 AND any_room = $3 AND room_id = $4 AND cipher_suite = ANY($5::integer[])
     ORDER BY client, id`,
    [scope.requester, scope.target, ...roomScope(scope.roomId), [...cipherSuites]],
  );
  if (oldest.rows.length > 0) await sql.query('DELETE FROM consent_key_packages WHERE id = ANY($1::bigint[])', [oldest.rows.map((r) => r.id)]);
  return oldest.rows.map((r) => ({ client: r.client, cipherSuite: r.cipher_suite, bytes: new Uint8Array(r.bytes) }));
}
