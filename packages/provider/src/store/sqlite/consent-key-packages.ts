/**
 * The SQLite store's KeyPackages of consent grants (ProviderStore.consentsBetween,
 * putGrantedKeyPackages, takeGrantedKeyPackages), kept per consent scope at the requester's provider.
 */
import type Database from 'better-sqlite3';
import type { ConsentRecord, ConsentScope, ConsentState, GrantedKeyPackage } from '../types.ts';

interface GrantedRow {
  id: bigint;
  client: string;
  cipher_suite: bigint;
  bytes: Buffer;
}

/** The (any_room, room_id) columns of a consent scope: roomId null is "any room" (as in the consents table). */
export function roomScope(roomId: string | null): [number, string] {
  return roomId === null ? [1, ''] : [0, roomId];
}

export class ConsentKeyPackageStatements {
  readonly #between: Database.Statement;
  readonly #clear: Database.Statement;
  readonly #insert: Database.Statement;
  readonly #oldestPerClient: Database.Statement;
  readonly #delete: Database.Statement;

  constructor(db: Database.Database) {
    this.#between = db.prepare('SELECT any_room, room_id, state, at FROM consents WHERE requester = ? AND target = ? ORDER BY any_room DESC, room_id');
    this.#clear = db.prepare('DELETE FROM consent_key_packages WHERE requester = ? AND target = ? AND any_room = ? AND room_id = ?');
    this.#insert = db.prepare(
      `INSERT INTO consent_key_packages (requester, target, any_room, room_id, client, cipher_suite, bytes, received_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    // The oldest KeyPackage of each client in an acceptable suite (SQLite's bare-column MIN picks that row's columns).
    this.#oldestPerClient = db.prepare(
      `SELECT MIN(id) AS id, client, cipher_suite, bytes FROM consent_key_packages
       WHERE requester = ? AND target = ? AND any_room = ? AND room_id = ? AND cipher_suite IN (SELECT value FROM json_each(?))
       GROUP BY client ORDER BY client`,
    );
    this.#delete = db.prepare('DELETE FROM consent_key_packages WHERE id = ?');
  }

  between(requester: string, target: string): ConsentRecord[] {
    const rows = this.#between.all(requester, target) as { any_room: bigint; room_id: string; state: ConsentState; at: bigint }[];
    return rows.map((r) => ({ requester, target, roomId: r.any_room === 1n ? null : r.room_id, state: r.state, at: Number(r.at) }));
  }

  put(scope: ConsentScope, keyPackages: readonly GrantedKeyPackage[], receivedAt: number): void {
    const [anyRoom, roomId] = roomScope(scope.roomId);
    this.#clear.run(scope.requester, scope.target, anyRoom, roomId);
    for (const kp of keyPackages) this.#insert.run(scope.requester, scope.target, anyRoom, roomId, kp.client, kp.cipherSuite, kp.bytes, receivedAt);
  }

  take(scope: ConsentScope, cipherSuites: readonly number[]): GrantedKeyPackage[] {
    const rows = this.#oldestPerClient.all(scope.requester, scope.target, ...roomScope(scope.roomId), JSON.stringify(cipherSuites)) as GrantedRow[];
    for (const row of rows) this.#delete.run(row.id);
    return rows.map((r) => ({ client: r.client, cipherSuite: Number(r.cipher_suite), bytes: new Uint8Array(r.bytes) }));
  }
}
