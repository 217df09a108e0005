/**
 * `mimi provider migrate --config <file>`: brings the configured store's schema up to date and says
 * from which version to which. A SQLite file is migrated by opening it (created when missing); a
 * PostgreSQL database by the adapter's versioned, forward-only migrations, which a node also runs at
 * start: running them first lets an operator upgrade the schema once, before rolling the nodes.
 */
import { describeStore, migrateConfiguredStore } from '@mimikit/provider';
import { loadProviderConfig } from './load-config.ts';

export async function migrate(flags: { config: string }): Promise<void> {
  const config = loadProviderConfig(flags.config);
  const { from, to } = await migrateConfiguredStore(config.store);
  const where = describeStore(config.store);
  process.stdout.write(from === to ? `${where}: schema version ${to}, up to date\n` : `${where}: schema version ${from} -> ${to}\n`);
}
