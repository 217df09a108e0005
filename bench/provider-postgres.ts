/**
 * `npm run bench -- provider --store postgres [--nodes 1,2]`: the provider benchmark's workload
 * (bench/provider-processes.ts: each provider node its own `mimi provider start` process) in one run
 * on SQLite and then on PostgreSQL with the hub as each given number of nodes, each against the bare
 * fastify HTTPS POST rate measured right after it.
 *
 * Every configuration goes through the same path: the hub behind a loopback balancer at its
 * federation address (SQLite and one PostgreSQL node: a single backend), its client APIs reached
 * directly by the bench's submitters (slot k to node k mod n), so the configurations differ only in
 * the store and the node count. Each
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
  /**
   * Rounds of all configurations (default 1); each round starts one configuration later, so load
   * that drifts over the run (a shared machine) falls on each configuration alike.
   */
  repeat?: number;
}

export interface ProviderStoresResult {
  /** Per round: SQLite (one hub node), then PostgreSQL with each node count, in the round's order. */
  runs: Array<ProviderProcessesResult & { round: number }>;
}

/**
 * Messages submitted before each configuration's timed run unless `warmup` says otherwise. With the
 * processes suite's 200, V8 was still compiling the providers' code through the timed 10 s
 * (`perf record` over a run: the hub's optimizing-compiler samples fell by two thirds from its
 * first to its last 2.5 s) and two hub nodes, each seeing half the traffic, warmed up half as fast,
 * which the comparison counted against the second node. After 6,000 the compiler is a few percent
 * of the hub's CPU: what is measured is a provider that has been running, as deployed ones have.
 */
export const STORES_WARMUP = 6000;

export async function runProviderStoresBench(options: ProviderStoresOptions = {}): Promise<ProviderStoresResult> {
  const { nodes = [1, 2], repeat = 1, warmup = STORES_WARMUP, ...rest } = options;
  const configurations: ProviderProcessesOptions[] = [{ store: 'sqlite', hubNodes: 1 }, ...nodes.map((n) => ({ store: 'postgres' as const, hubNodes: n }))];
  const runs: ProviderStoresResult['runs'] = [];
  for (let round = 1; round <= repeat; round++) {
    for (let k = 0; k < configurations.length; k++) {
      const c = configurations[(k + round - 1) % configurations.length]!;
      runs.push({ ...(await runProviderProcessesBench({ ...rest, warmup, ...c })), round });
    }
  }
  return { runs };
}

const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

const label = (r: ProviderProcessesResult) =>
  `${r.store === 'postgres' ? 'PostgreSQL' : 'SQLite'}, ${r.hubNodes ?? 1} hub node${(r.hubNodes ?? 1) > 1 ? 's' : ''}`;

/** CPU µs per message of the processes whose name starts with `prefix`, summed. */
const cpuOf = (r: ProviderProcessesResult, prefix: string) => r.cpu.filter((c) => c.process.startsWith(prefix)).reduce((s, c) => s + c.usPerMessage, 0);

export function formatProviderStoresBench(result: ProviderStoresResult): string {
  const lines = [
    'Provider benchmark on SQLite and PostgreSQL, one OS process per provider node, the hub behind a loopback balancer (details of each configuration below)',
    '',
    '| configuration | round | msgs/s | p50 / p99 ms, one inbox | p99 ms, all three | bare POSTs/s | ratio | exactly once, same order | CPU µs/msg: hub nodes, postgres, followers, bench |',
    '|---|---:|---:|---|---:|---:|---:|---|---|',
  ];
  for (const r of result.runs) {
    const cpu = [cpuOf(r, 'a.example'), cpuOf(r, 'postgres'), cpuOf(r, 'b.example') + cpuOf(r, 'c.example'), cpuOf(r, 'bench')];
    lines.push(
      `| ${label(r)} | ${r.round} | ${fmtOps(r.provider.msgsPerSec)} | ${ms(r.provider.latencyMs.p50)} / ${ms(r.provider.latencyMs.p99)} | ${ms(r.provider.allReceivedMs.p99)} | ${fmtOps(r.bare.postsPerSec)} | ${r.ratio.toFixed(3)} | ${fmtOps(r.delivered.messages)} × ${r.delivered.receivers}, yes | ${cpu.map((x) => fmtOps(x)).join(', ')} |`,
    );
  }
  const rounds = Math.max(...result.runs.map((r) => r.round));
  if (rounds > 1) {
    lines.push(
      '',
      `medians over ${rounds} rounds (the ratio divides each run's rate by the bare POST rate measured right after it, which cancels part of the load that drifts between runs)`,
      '',
      '| configuration | msgs/s | ratio | p99 ms, one inbox | CPU µs/msg, all processes |',
      '|---|---:|---:|---:|---:|',
    );
    for (const name of [...new Set(result.runs.map(label))]) {
      const own = result.runs.filter((r) => label(r) === name);
      lines.push(
        `| ${name} | ${fmtOps(median(own.map((r) => r.provider.msgsPerSec)))} | ${median(own.map((r) => r.ratio)).toFixed(3)} | ${ms(median(own.map((r) => r.provider.latencyMs.p99)))} | ${fmtOps(median(own.map((r) => r.cpu.reduce((s, c) => s + c.usPerMessage, 0))))} |`,
      );
    }
  }
  const out = [lines.join('\n')];
  for (const r of result.runs) out.push(`\n## ${label(r)}${rounds > 1 ? `, round ${r.round}` : ''}\n\n${formatProviderProcessesBench(r)}`);
  return `${out.join('\n')}\n`;
}
