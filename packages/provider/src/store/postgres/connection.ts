/**
 * The PostgreSQL store's connections: options, the `pg` Pool and the two ways the store talks to it
 * (one statement, or a transaction retried on serialization failures and deadlocks).
 *
 * - Every integer column is bigint; `pg` hands int8 back as a string by default, so the pool parses
 *   it as BigInt (epochs, seqs and ids stay exact beyond 2^53; times are converted with Number()).
 * - The pool survives a server restart: an idle client that dies emits 'error' on the pool, which is
 *   handled (logged nowhere: the next call simply opens a new connection), and a client that failed
 *   during a call is destroyed rather than put back.
 * - `statement_timeout` and `idle_in_transaction_session_timeout` bound how long a call, or a lock
 *   held by a node that vanished mid-transaction, can hold things up.
 */
import pg from 'pg';
import { StoreError } from '../errors.ts';
import { isConnectionFailure, isRetryable, toStoreError } from './postgres-errors.ts';

export interface PostgresStoreOptions {
  /** Most connections this store opens at once (pool size). Default 10, from 1 to 1000. */
  maxConnections?: number;
  /** Longest one SQL statement may run (lock waits included) before it fails with 'unavailable', in ms. Default 30000. */
  statementTimeoutMs?: number;
  /** Longest opening a connection may take before the call fails with 'unavailable', in ms. Default 5000. */
  connectTimeoutMs?: number;
  /** Run the missing schema migrations when opening (default true); false refuses an out-of-date database instead. */
  migrate?: boolean;
  /** The name errors give the store (StoreError.location). Default: the URL without its password. */
  location?: string;
}

export interface ResolvedOptions {
  maxConnections: number;
  statementTimeoutMs: number;
  connectTimeoutMs: number;
  migrate: boolean;
  location: string;
}

const MAX_TIMEOUT_MS = 3_600_000;

function checkInteger(location: string, name: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new StoreError('invalid-argument', location, `${name} must be an integer from ${min} to ${max}, got ${String(value)}`);
  }
  return value;
}

/** The URL without its password (and query): what errors name when no `location` is given. */
function describeUrl(url: URL): string {
  const user = url.username ? `${decodeURIComponent(url.username)}@` : '';
  return `${url.protocol}//${user}${url.host}${url.pathname}`;
}

/** Checks the URL and the options (StoreError 'invalid-argument' naming the bad one) and fills in the defaults. */
export function resolveOptions(url: unknown, options: PostgresStoreOptions = {}): ResolvedOptions {
  let parsed: URL | undefined;
  if (typeof url === 'string') {
    try {
      parsed = new URL(url);
    } catch {
      parsed = undefined;
    }
  }
  if (!parsed || (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:')) {
    throw new StoreError('invalid-argument', 'postgres', 'the store URL must be a postgres:// or postgresql:// URL');
  }
  if (typeof options !== 'object' || options === null) throw new StoreError('invalid-argument', describeUrl(parsed), 'options must be an object');
  const location = options.location ?? describeUrl(parsed);
  if (typeof location !== 'string' || location.length === 0 || location.length > 200) {
    throw new StoreError('invalid-argument', describeUrl(parsed), 'location must be a string of 1 to 200 characters');
  }
  const migrate = options.migrate ?? true;
  if (typeof migrate !== 'boolean') throw new StoreError('invalid-argument', location, `migrate must be a boolean, got ${String(migrate)}`);
  return {
    location,
    migrate,
    maxConnections: checkInteger(location, 'maxConnections', options.maxConnections ?? 10, 1, 1000),
    statementTimeoutMs: checkInteger(location, 'statementTimeoutMs', options.statementTimeoutMs ?? 30_000, 1, MAX_TIMEOUT_MS),
    connectTimeoutMs: checkInteger(location, 'connectTimeoutMs', options.connectTimeoutMs ?? 5000, 1, MAX_TIMEOUT_MS),
  };
}

/** int8 as BigInt; everything else as `pg` parses it (bytea as Buffer, int4 as number). */
const TYPES: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: string) =>
    oid === pg.types.builtins.INT8 && format !== 'binary'
      ? (value: string) => BigInt(value)
      : pg.types.getTypeParser(oid, format as 'text')) as pg.CustomTypesConfig['getTypeParser'],
};

/** The settings of every connection the store opens (the pool's and the change feed's). */
export function clientConfig(url: string, options: ResolvedOptions): pg.ClientConfig {
  return {
    connectionString: url,
    types: TYPES,
    application_name: 'mimikit-provider',
    statement_timeout: options.statementTimeoutMs,
    idle_in_transaction_session_timeout: options.statementTimeoutMs,
    // Client side too: a server that stopped answering (a partition) fails the call instead of hanging it.
    query_timeout: options.statementTimeoutMs + 5000,
    connectionTimeoutMillis: options.connectTimeoutMs,
    keepAlive: true,
  };
}

/** What a transaction body runs its statements on. */
export type Sql = Pick<pg.PoolClient, 'query'>;

/** Attempts of a transaction that PostgreSQL rolled back for a serialization failure or deadlock. */
const MAX_ATTEMPTS = 5;

/** A short random pause before attempt `attempt + 1`, so the transactions that collided do not collide again. */
function retryPause(attempt: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * attempt));
}

export class PostgresConnection {
  readonly pool: pg.Pool;

  constructor(
    url: string,
    readonly options: ResolvedOptions,
  ) {
    this.pool = new pg.Pool({ ...clientConfig(url, options), max: options.maxConnections });
    // An idle client whose connection dies (server restart, network) is removed by the pool, which
    // then emits 'error': without a listener that would crash the process. The next call reconnects.
    this.pool.on('error', () => {});
    // A checked-out client may emit 'error' besides failing its query; the call's rejection reports it.
    this.pool.on('connect', (client) => client.on('error', () => {}));
  }

  get location(): string {
    return this.options.location;
  }

  /**
   * One statement on any pooled connection, in its own (implicit) transaction. A deadlock or
   * serialization failure rolled the whole statement back, so it runs again, a few times, as a
   * transaction would (mimikit_accept_at_epoch, one statement, can meet either).
   */
  async query<R extends pg.QueryResultRow>(what: string, text: string, values: unknown[] = []): Promise<pg.QueryResult<R>> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.pool.query<R>(text, values);
      } catch (err) {
        if (isRetryable(err) && attempt < MAX_ATTEMPTS) {
          await retryPause(attempt);
          continue;
        }
        throw toStoreError(err, this.location, what);
      }
    }
  }

  /** Reads with several statements on pooled connections (each its own snapshot: for reads that need no consistency between them). */
  async read<T>(what: string, run: (sql: Sql) => Promise<T>): Promise<T> {
    try {
      return await run(this.pool as unknown as Sql);
    } catch (err) {
      throw toStoreError(err, this.location, what);
    }
  }

  /**
   * Runs `body` in one transaction (READ COMMITTED; the bodies take the row locks they need) and
   * commits. A serialization failure or deadlock rolls it back and runs it again, a few times.
   */
  async transaction<T>(what: string, body: (sql: Sql) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      let client: pg.PoolClient;
      try {
        client = await this.pool.connect();
      } catch (err) {
        throw toStoreError(err, this.location, what);
      }
      let broken: Error | undefined;
      let begun = false;
      try {
        await client.query('BEGIN');
        begun = true;
        const result = await body(client);
        await client.query('COMMIT');
        return result;
      } catch (err) {
        if (isConnectionFailure(err)) broken = err as Error;
        else {
          await client.query('ROLLBACK').catch((rollbackFailed: Error) => {
            broken = rollbackFailed;
          });
        }
        // A pooled connection that died while idle (a server restart the pool has not noticed yet)
        // fails at BEGIN, before anything of the call was sent: run it again on a fresh connection.
        const staleConnection = !begun && broken !== undefined;
        if ((isRetryable(err) || staleConnection) && attempt < MAX_ATTEMPTS) {
          await retryPause(attempt);
          continue;
        }
        throw toStoreError(err, this.location, what);
      } finally {
        client.release(broken);
      }
    }
  }
}
