/**
 * @mimikit/provider/postgres-cluster: a throwaway PostgreSQL cluster on loopback (initdb + postgres
 * on a free port, as the postgres user when running as root) for tests, benchmarks and
 * `mimi demo --store postgres`. Not for production: trust authentication, fsync off.
 */
export { postgresBinDir } from './bin-dir.ts';
export { type PostgresCluster, startPostgres } from './start-postgres.ts';
