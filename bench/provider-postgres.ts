/**
 * `npm run bench -- provider --store postgres [--nodes 1,2]`: the provider benchmark's workload
 * (bench/provider-processes.ts: each provider node its own `mimi provider start` process) in one run
 * on SQLite and then on PostgreSQL with the hub as each given number of nodes, each against the bare
 * fastify HTTPS POST rate measured right after it.
 *
 * Every configuration goes through the same path: the hub behind a loopback balancer at its
 * federation address and one in front of its client APIs (SQLite and one PostgreSQL node with a
 * single backend), so the configurations differ only in the store and the node count. Each
 * PostgreSQL configuration gets a fresh throwaway cluster (fsync off, commits synchronous; one
 * database per provider) with pg_stat_statements loaded, so its statement counts, write
 * transactions, WAL bytes and database sizes are its own. Every configuration must deliver every
 * message exactly once to every inbox, in the same order in every inbox, or the suite fails.
 */
import { fmtOps } from './measure.ts';
import { formatProviderProcessesBench, type ProviderProcessesOptions, type ProviderProcessesResult, runProviderProcessesBench } from './provider-processes.ts';
import { ms } from './provider.ts';

export interface ProviderStoresOptions extends Omit<ProviderProcessesOptions, 'store' | 'hubNodes'> {
  /** Hub node counts to run on PostgreSQL, in this order (default 1 and 2). */
  nodes?: readonly number[];
}

export interface ProviderStoresResult {
  /** SQLite (one hub node), then PostgreSQL with each node count. */
  runs: ProviderProcessesResult[];
}

export async function runProviderStoresBench(options: ProviderStoresOptions = {}): Promise<ProviderStoresResult> {
  const { nodes = [1, 2], ...rest } = options;
  const runs = [await runProviderProcessesBench({ ...rest, store: 'sqlite', hubNodes: 1 })];
  for (const n of nodes) runs.push(await runProviderProcessesBench({ ...rest, store: 'postgres', hubNodes: n }));
  return { runs };
}

const label = (r: ProviderProcessesResult) =>
  `${r.store === 'postgres' ? 'PostgreSQL' : 'SQLite'}, ${r.hubNodes ?? 1} hub node${(r.hubNodes ?? 1) > 1 ? 's' : ''}`;

/** CPU µs per message of the processes whose name starts with `prefix`, summed. */
const cpuOf = (r: ProviderProcessesResult, prefix: string) => r.cpu.filter((c) => c.process.startsWith(prefix)).reduce((s, c) => s + c.usPerMessage, 0);

export function formatProviderStoresBench(result: ProviderStoresResult): string {
  const lines = [
    'Provider benchmark on SQLite and PostgreSQL, one OS process per provider node, the hub behind loopback balancers (details of each configuration below)',
    '',
    '| configuration | msgs/s | p50 / p99 ms, one inbox | p99 ms, all three | bare POSTs/s | ratio | exactly once, same order | CPU µs/msg: hub nodes, postgres, followers, bench |',
    '|---|---:|---|---:|---:|---:|---|---|',
  ];
  for (const r of result.runs) {
    const cpu = [cpuOf(r, 'a.example'), cpuOf(r, 'postgres'), cpuOf(r, 'b.example') + cpuOf(r, 'c.example'), cpuOf(r, 'bench')];
    lines.push(
      `| ${label(r)} | ${fmtOps(r.provider.msgsPerSec)} | ${ms(r.provider.latencyMs.p50)} / ${ms(r.provider.latencyMs.p99)} | ${ms(r.provider.allReceivedMs.p99)} | ${fmtOps(r.bare.postsPerSec)} | ${r.ratio.toFixed(3)} | ${fmtOps(r.delivered.messages)} × ${r.delivered.receivers}, yes | ${cpu.map((x) => fmtOps(x)).join(', ')} |`,
    );
  }
  const out = [lines.join('\n')];
  for (const r of result.runs) out.push(`\n## ${label(r)}\n\n${formatProviderProcessesBench(r)}`);
  return `${out.join('\n')}\n`;
}
