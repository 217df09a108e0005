/**
 * The PostgreSQL store: the ProviderStore contract (test/support/store-contract.ts) against a real
 * server, one throwaway cluster for the file and a fresh database (a copy of a migrated template)
 * per test.
 */
import { openPostgresStore } from '@mimikit/provider/store/postgres';
import { clusterPerFile } from '../support/postgres-databases.ts';
import { describeStoreContract } from '../support/store-contract.ts';

const databases = clusterPerFile('contract');

describeStoreContract('PostgreSQL (pg)', async () => {
  const url = await databases.migrated();
  return {
    open: () => openPostgresStore(url, { maxConnections: 4 }),
    cleanup: () => databases.drop(url),
  };
});
