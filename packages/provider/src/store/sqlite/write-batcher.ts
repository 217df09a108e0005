/**
 * Group commit for better-sqlite3. Why: with `synchronous = FULL` every COMMIT waits for fsync, and
 * the fsync, not the SQL, sets the pace: on a 2-core machine of the kind mimikit is tested on, about
 * 6,100 single-row synced commits/s, against more than 100,000 rows/s when 100 rows share one
 * commit. A provider under load makes many small writes at once (one per /notify, per message, per
 * delivery), so the write calls made in one turn of the event loop are queued and run together in
 * ONE transaction, flushed on setImmediate (after the turn's I/O callbacks and microtasks) or as
 * soon as the queue holds `maxBatch` writes.
 *
 * Each write runs inside its own SAVEPOINT: a write that throws is rolled back to its savepoint and
 * rejects its own promise, and the others of the batch still commit. Every promise settles only
 * after COMMIT returned, so what a caller sees acknowledged is on disk; if COMMIT (or BEGIN) fails,
 * or SQLite rolls the whole transaction back on its own (disk full, I/O error), every write of the
 * batch rejects: none of them is stored.
 *
 * better-sqlite3 is synchronous, so a batch runs start to end without another callback in between:
 * a read made while writes are queued sees only what has been committed (never a write whose
 * promise has not resolved).
 */
import type Database from 'better-sqlite3';

interface QueuedWrite {
  run: () => unknown;
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

export interface WriteBatcherOptions {
  /** Flush as soon as this many writes are queued (and at most this many per transaction). */
  maxBatch: number;
  /**
   * The error every write of a failed batch rejects with (BEGIN or COMMIT failed, or SQLite rolled
   * back the transaction). A write's own error rejects its promise as thrown.
   */
  batchError: (err: unknown, writes: number) => unknown;
}

export class WriteBatcher {
  private queue: QueuedWrite[] = [];
  private scheduled: NodeJS.Immediate | undefined;
  private readonly begin: Database.Statement;
  private readonly commit: Database.Statement;
  private readonly rollback: Database.Statement;
  private readonly savepoint: Database.Statement;
  private readonly release: Database.Statement;
  private readonly rollbackToSavepoint: Database.Statement;

  constructor(
    private readonly db: Database.Database,
    private readonly options: WriteBatcherOptions,
  ) {
    // IMMEDIATE: take the write lock at BEGIN, so a second process on the same file waits there
    // (busy timeout) instead of failing halfway through a batch when its read lock cannot upgrade.
    this.begin = db.prepare('BEGIN IMMEDIATE');
    this.commit = db.prepare('COMMIT');
    this.rollback = db.prepare('ROLLBACK');
    this.savepoint = db.prepare('SAVEPOINT write');
    this.release = db.prepare('RELEASE write');
    this.rollbackToSavepoint = db.prepare('ROLLBACK TO write');
  }

  /** Queues `run` (synchronous SQL) for the next batch; resolves with its result once committed. */
  enqueue<T>(run: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ run, resolve: resolve as (value: unknown) => void, reject });
      if (this.queue.length >= this.options.maxBatch) this.flush();
      else this.scheduled ??= setImmediate(() => this.flush());
    });
  }

  /** Runs every queued write now (in batches of at most maxBatch). */
  flush(): void {
    if (this.scheduled) {
      clearImmediate(this.scheduled);
      this.scheduled = undefined;
    }
    while (this.queue.length > 0) this.runBatch(this.queue.splice(0, this.options.maxBatch));
  }

  private runBatch(batch: readonly QueuedWrite[]): void {
    const outcomes: Outcome[] = [];
    try {
      this.begin.run();
      for (const write of batch) {
        this.savepoint.run();
        try {
          const value = write.run();
          this.release.run();
          outcomes.push({ ok: true, value });
        } catch (error) {
          // SQLite rolls the whole transaction back by itself after some errors (SQLITE_FULL,
          // SQLITE_IOERR, ...): then the earlier writes of the batch are gone too, and the later
          // ones must not run outside a transaction. Fail the batch.
          if (!this.db.inTransaction) throw error;
          this.rollbackToSavepoint.run();
          this.release.run();
          outcomes.push({ ok: false, error });
        }
      }
      this.commit.run();
    } catch (error) {
      if (this.db.inTransaction) {
        try {
          this.rollback.run();
        } catch {
          // The transaction is gone already; the batch fails either way.
        }
      }
      const failure = this.options.batchError(error, batch.length);
      for (const write of batch) write.reject(failure);
      return;
    }
    batch.forEach((write, i) => {
      const outcome = outcomes[i]!;
      if (outcome.ok) write.resolve(outcome.value);
      else write.reject(outcome.error);
    });
  }
}
