/**
 * `mimi demo`: three providers as separate processes on loopback ports, with fresh stores and a
 * fresh PKI in a temp folder, play the protocol draft's example flow (scenario.ts). The transcript
 * shows every provider-to-provider request and each user's decrypted chat, and ends with the check
 * that every remaining client agrees on the epoch, its authenticator and the participant list
 * (exit 1 if not). `--keep` leaves the providers running; `--html` also writes a page (html.ts).
 *
 * `--store postgres`: each provider on its own database of a throwaway PostgreSQL cluster
 * (@mimikit/provider/postgres-cluster), and the hub a.example as two nodes (hub-1, hub-2: two
 * `mimi provider start` processes on its one database) behind balancers (@mimikit/provider/balancer):
 * the peers' configured URL of a.example and its clients' URL are the balancers'. Each request line
 * says which hub node served it. The cluster, and with it the databases, is removed afterwards.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type LocalDeployment, startLocalDeployment } from '@mimikit/provider/local-deployment';
import type { PostgresCluster } from '@mimikit/provider/postgres-cluster';
import { EXIT_FINDINGS } from '../exit-codes.ts';
import { DOMAINS, playScenario } from './scenario.ts';
import { type ServedRequest, transcript } from './transcript.ts';

/** How to run `mimi` again: this process's Node, its flags (loaders, conditions) and its entry script. */
function mimiCommand(): string[] {
  const entry = process.argv[1];
  if (!entry) throw new Error('cannot tell how mimi was started');
  return [process.execPath, ...process.execArgv, entry];
}

/** The hub's domain and, with `--store postgres`, its nodes' ids. */
const HUB = DOMAINS[0];
const HUB_NODES = ['hub-1', 'hub-2'] as const;

export interface DemoFlags {
  html?: string;
  keep?: boolean;
  /** Where the providers keep their state: one SQLite file each (default), or one PostgreSQL database each with the hub as two nodes. */
  store?: 'sqlite' | 'postgres';
}

/** What the transcript's first lines say about where each provider runs. */
function describe(deployment: LocalDeployment, cluster: PostgresCluster | undefined): string[] {
  const lines: string[] = [];
  for (const d of DOMAINS) {
    const nodes = deployment.nodes.filter((n) => n.domain === d && n.node !== null);
    const behind = nodes.length ? ` (a balancer in front of ${nodes.map((n) => `${n.node} ${n.process.federationUrl}`).join(', ')})` : '';
    lines.push(`  ${d}: MIMI endpoints ${deployment.federationUrls.get(d)}${behind}, client API ${deployment.clientUrls.get(d)}`);
  }
  if (cluster) {
    lines.push(`  stores: one database per provider on a throwaway PostgreSQL cluster at 127.0.0.1:${cluster.port}:`);
    for (const [d, url] of deployment.databases) lines.push(`    ${d}: ${url}`);
  }
  return lines;
}

/** Per hub node: the requests it served and the connections the balancers passed it (`--store postgres`). */
function servedByNode(deployment: LocalDeployment, requests: readonly ServedRequest[]): string[] {
  const connections = deployment.balancedConnections(HUB);
  if (connections.size === 0) return [];
  const lines = [`\n-- ${HUB} as ${connections.size} nodes on one PostgreSQL database`];
  for (const [node, c] of connections) {
    const served = requests.filter((r) => r.to === HUB && r.node === node).length;
    lines.push(
      `   ${node} served ${served} provider-to-provider requests; the balancers passed it ${c.federation} federation and ${c.client} client API connections`,
    );
  }
  return lines;
}

export async function demo(flags: DemoFlags): Promise<void> {
  const store = flags.store ?? 'sqlite';
  const dir = mkdtempSync(join(tmpdir(), 'mimikit-demo-'));
  const requests: ServedRequest[] = [];
  const reports: Array<Record<string, unknown>> = [];
  let cluster: PostgresCluster | undefined;
  let deployment: LocalDeployment | undefined;
  let keep = false;
  try {
    if (store === 'postgres') {
      const { startPostgres } = await import('@mimikit/provider/postgres-cluster');
      cluster = await startPostgres();
    }
    deployment = await startLocalDeployment({
      command: mimiCommand(),
      dir,
      domains: DOMAINS,
      users: ['alice', 'bob', 'cathy'],
      delivery: { baseDelayMs: 50, maxDelayMs: 2000 },
      logBodies: flags.html !== undefined,
      ...(cluster ? { postgres: cluster.url, nodes: { [HUB]: HUB_NODES } } : {}),
      onRequest: (r, node) => requests.push(node === null ? r : { ...r, node }),
      onEvent: (e, origin) => {
        if (e.event === 'abuse-report') reports.push({ ...e, hub: origin.domain });
      },
    });
    process.stdout.write(
      cluster
        ? `mimi demo: three providers in ${dir}, each on its own PostgreSQL database; the hub ${HUB} as two nodes\n`
        : `mimi demo: three providers in ${dir}\n`,
    );
    for (const line of describe(deployment, cluster)) process.stdout.write(`${line}\n`);
    const result = await playScenario(Object.fromEntries(deployment.clientUrls));
    await new Promise((resolve) => setTimeout(resolve, 200)); // the last log lines
    process.stdout.write(`${transcript(result, requests)}\n`);
    for (const line of servedByNode(deployment, requests)) process.stdout.write(`${line}\n`);
    if (flags.html) {
      const { demoPage } = await import('./html.ts');
      writeFileSync(flags.html, demoPage(result, requests));
      process.stdout.write(`wrote ${flags.html}\n`);
    }
    // The hub operator's check of the report: every franked message in it verified (draft §5.9).
    const verified = reports.length > 0 && reports.every((r) => r.verified === true);
    for (const r of reports)
      process.stdout.write(
        `hub ${String(r.hub)} checked an abuse report for ${String(r.roomId)}: ${r.verified === true ? 'verified' : `NOT verified (${JSON.stringify(r.messages)})`}\n`,
      );
    if (!verified) {
      process.stdout.write('FAILED: the hub did not verify the abuse report\n');
      process.exitCode = EXIT_FINDINGS;
    }
    if (!result.agreed) process.exitCode = EXIT_FINDINGS;
    if (flags.keep) {
      keep = true;
      const where = cluster ? `; databases on the PostgreSQL cluster at 127.0.0.1:${cluster.port}` : '';
      process.stdout.write(`\nThe providers keep running (configs, stores and certificates in ${dir}${where}); Ctrl-C stops them.\n`);
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      keep = false;
    }
  } finally {
    if (!keep) {
      await deployment?.stop();
      await cluster?.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  }
}
