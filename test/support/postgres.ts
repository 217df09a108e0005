/**
 * The throwaway PostgreSQL cluster the tests run against (issue 16): a real server, never a mock.
 * It lives in @mimikit/provider/postgres-cluster because `mimi demo --store postgres` starts one too.
 */
export { type PostgresCluster, postgresBinDir, startPostgres } from '@mimikit/provider/postgres-cluster';
