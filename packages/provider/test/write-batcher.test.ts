/**
 * The group-commit batcher, observed from a second connection on the same file: a write of a
 * batch cannot see the earlier writes of its batch from outside (they share one uncommitted
 * transaction), every promise settles only once the batch is visible from outside (committed), a
 * full queue is committed at once, and a failing write rejects alone.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WriteBatcher } from '../src/store/sqlite/write-batcher.ts';

describe('WriteBatcher', () => {
  let dir: string;
  let db: Database.Database;
  let observer: Database.Database;
  const committedRows = () => observer.prepare('SELECT count(*) FROM t').pluck().get() as number;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mimikit-batcher-'));
    db = new Database(join(dir, 'b.db'));
    db.pragma('journal_mode = WAL');
    db.exec('CREATE TABLE t (n INTEGER PRIMARY KEY)');
    observer = new Database(join(dir, 'b.db'), { readonly: true });
  });
  afterEach(() => {
    observer.close();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function batcher(maxBatch: number): WriteBatcher {
    return new WriteBatcher(db, { maxBatch, batchError: (err, writes) => new Error(`batch of ${writes} failed`, { cause: err }) });
  }

  /** A write inserting `n` that records how many rows the observer saw committed when it ran. */
  const insert = (seen: number[], n: number) => () => {
    seen.push(committedRows());
    db.prepare('INSERT INTO t (n) VALUES (?)').run(n);
    return n;
  };

  it('runs the writes of one turn in one transaction and settles them after COMMIT', async () => {
    const seen: number[] = [];
    const writes = batcher(100);
    const promises = [1, 2, 3].map((n) => writes.enqueue(insert(seen, n)).then((v) => [v, committedRows()]));
    expect(committedRows()).toBe(0);
    expect(await Promise.all(promises)).toEqual([
      [1, 3],
      [2, 3],
      [3, 3],
    ]);
    // Each write ran before any of the batch was committed.
    expect(seen).toEqual([0, 0, 0]);
  });

  it('commits a full queue at once, in batches of at most maxBatch', async () => {
    const seen: number[] = [];
    const writes = batcher(2);
    const promises = [1, 2, 3, 4, 5].map((n) => writes.enqueue(insert(seen, n)));
    // Two full batches committed synchronously while enqueueing; the fifth waits for the turn's end.
    expect(committedRows()).toBe(4);
    await Promise.all(promises);
    expect(seen).toEqual([0, 0, 2, 2, 4]);
    expect(committedRows()).toBe(5);
  });

  it('rolls back only the failing write (its savepoint); the others commit', async () => {
    const writes = batcher(100);
    const results = await Promise.allSettled([
      writes.enqueue(() => db.prepare('INSERT INTO t (n) VALUES (1)').run()),
      writes.enqueue(() => {
        db.prepare('INSERT INTO t (n) VALUES (2)').run();
        db.prepare('INSERT INTO t (n) VALUES (1)').run();
      }),
      writes.enqueue(() => db.prepare('INSERT INTO t (n) VALUES (3)').run()),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(observer.prepare('SELECT n FROM t ORDER BY n').pluck().all()).toEqual([1, 3]);
  });

  it('rejects every write of a batch whose COMMIT fails, and stores none of them', async () => {
    const writes = batcher(100);
    // A deferred foreign key violation is only detected at COMMIT.
    db.exec('CREATE TABLE parent (id INTEGER PRIMARY KEY); CREATE TABLE child (p INTEGER REFERENCES parent (id) DEFERRABLE INITIALLY DEFERRED)');
    db.pragma('foreign_keys = ON');
    const results = await Promise.allSettled([
      writes.enqueue(() => db.prepare('INSERT INTO t (n) VALUES (1)').run()),
      writes.enqueue(() => db.prepare('INSERT INTO child (p) VALUES (42)').run()),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(String((results[0] as PromiseRejectedResult).reason.message)).toBe('batch of 2 failed');
    expect(committedRows()).toBe(0);
    expect(db.inTransaction).toBe(false);
  });
});
