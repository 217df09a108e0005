/**
 * `npm run bench -- [suite…] [--json] [--rounds n] [--slice ms] [--root dir]`: runs benchmark suites
 * straight from bench/ (the shipped CLI carries no benchmarks), each reported as ratios against a
 * named baseline. Prints only; nothing is asserted. With no suite, runs `codec`.
 *
 * Suites: codec (generated MLS codecs vs ts-mls, plus regeneration time), content (generated MIMI
 * content codecs vs cbor-x and cbor2 on the draft examples), transport (keyMaterial round trips
 * through the generated client and server vs bare undici and fastify moving the same bytes), diff
 * (spec diff of two protocol drafts and spec lint of one, from markdown, vs a line diff of the
 * markdown), mls (the MLS profile's add-member commit, commit processing and 1 KiB message round
 * trip at group sizes 2, 16 and 128 vs raw ts-mls), store (the SQLite provider store's acceptAtEpoch
 * with group commit vs one synced single-row commit per write on bare better-sqlite3), provider (real
 * MLS messages submitted to a hub and delivered to the inboxes of clients on three federating
 * providers with durable stores vs bare fastify HTTPS POSTs; all in this process), provider-processes
 * (the same with each provider in its own `mimi provider start` process; `provider --store postgres
 * --nodes 1,2` runs that on SQLite, then on PostgreSQL with the hub as 1 and 2 nodes behind a
 * balancer, bench/provider-postgres.ts), cli (cold start-up of the built `mimi`
 * vs `node -e 0`; builds first unless --no-build).
 */
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { parseNodeFlags } from './node-flags.ts';

interface BenchOptions {
  json: boolean;
  rounds: number | undefined;
  sliceMs: number | undefined;
  root: string;
  build: boolean;
  inFlight: number | undefined;
  /** `--store postgres`: the provider suite on SQLite and PostgreSQL (bench/provider-postgres.ts); undefined: its default (SQLite, in process). */
  store: 'sqlite' | 'postgres' | undefined;
  /** `--nodes 1,2`: hub node counts on PostgreSQL. */
  nodes: number[] | undefined;
  /** `--repeat n`: rounds of the store configurations. */
  repeat: number | undefined;
  /** `--warmup n`: messages the provider suites submit before the timed run. */
  warmup: number | undefined;
  /** `--node-flags="<flags>"`: Node.js options for every provider process (the suites that start them). */
  nodeFlags: string[] | undefined;
}

/** Each suite is loaded on demand: they pull in their baselines (ts-mls, cbor-x) and inputs. */
const SUITES: Record<string, (o: BenchOptions) => Promise<string>> = {
  codec: async (o) => {
    const { formatCodecBench, runCodecBench } = await import('./codec.ts');
    const result = await runCodecBench({ root: o.root, rounds: o.rounds, sliceMs: o.sliceMs });
    return o.json ? json(result) : formatCodecBench(result);
  },
  content: async (o) => {
    const { formatContentBench, runContentBench } = await import('./content.ts');
    const result = await runContentBench({ rounds: o.rounds, sliceMs: o.sliceMs });
    return o.json ? json(result) : formatContentBench(result);
  },
  transport: async (o) => {
    const { formatTransportBench, runTransportBench } = await import('./transport.ts');
    const result = await runTransportBench({ rounds: o.rounds, sliceMs: o.sliceMs });
    return o.json ? json(result) : formatTransportBench(result);
  },
  diff: async (o) => {
    const { formatDiffBench, runDiffBench } = await import('./diff.ts');
    const result = await runDiffBench({ root: o.root, ...(o.rounds ? { rounds: o.rounds } : {}) });
    return o.json ? json(result) : formatDiffBench(result);
  },
  mls: async (o) => {
    const { formatMlsBench, runMlsBench } = await import('./mls.ts');
    // --rounds: timed repetitions of the add and process operations at every size.
    const result = await runMlsBench(o.rounds ? { commitReps: o.rounds } : {});
    return o.json ? json(result) : formatMlsBench(result);
  },
  store: async (o) => {
    const { formatStoreBench, runStoreBench } = await import('./store.ts');
    const result = await runStoreBench({ rounds: o.rounds, sliceMs: o.sliceMs });
    return o.json ? json(result) : formatStoreBench(result);
  },
  provider: async (o) => {
    if (o.store === 'postgres') {
      const { formatProviderStoresBench, runProviderStoresBench } = await import('./provider-postgres.ts');
      const result = await runProviderStoresBench({ ...providerOptions(o), ...(o.nodes ? { nodes: o.nodes } : {}), ...(o.repeat ? { repeat: o.repeat } : {}) });
      return o.json ? json(result) : formatProviderStoresBench(result);
    }
    const { formatProviderBench, runProviderBench } = await import('./provider.ts');
    const result = await runProviderBench(providerOptions(o));
    return o.json ? json(result) : formatProviderBench(result);
  },
  'provider-processes': async (o) => {
    const { formatProviderProcessesBench, runProviderProcessesBench } = await import('./provider-processes.ts');
    const result = await runProviderProcessesBench(providerOptions(o));
    return o.json ? json(result) : formatProviderProcessesBench(result);
  },
  cli: async (o) => {
    const { formatCliBench, runCliBench } = await import('./cli.ts');
    const result = runCliBench({ root: o.root, build: o.build, ...(o.rounds ? { rounds: o.rounds } : {}) });
    return o.json ? json(result) : formatCliBench(result);
  },
};

/** The provider suites: --rounds n is a timed run of n seconds (default 10) with up to 300 pre-encrypted messages per second; --in-flight n submitters (default 32). */
function providerOptions(o: BenchOptions) {
  return {
    ...(o.rounds ? { durationMs: o.rounds * 1000, messages: o.rounds * 300 } : {}),
    ...(o.inFlight ? { inFlight: o.inFlight } : {}),
    ...(o.warmup ? { warmup: o.warmup } : {}),
    ...(o.nodeFlags ? { nodeFlags: o.nodeFlags } : {}),
  };
}

function json(result: unknown): string {
  return `${JSON.stringify(result, null, 2)}\n`;
}

function positiveInt(flag: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${flag} takes a positive integer, got '${v}'`);
  return n;
}

class UsageError extends Error {}

/** The suites --warmup applies to (they submit messages before their timed run). */
const PROVIDER_SUITES = ['provider', 'provider-processes'];

/** The suites --store and --nodes apply to. */
const STORE_SUITES = ['provider'];

function storeOption(v: string | undefined): 'sqlite' | 'postgres' | undefined {
  if (v === undefined || v === 'sqlite' || v === 'postgres') return v;
  throw new UsageError(`--store takes sqlite or postgres, got '${v}'`);
}

/** `--node-flags="<flags>"`: Node.js options, space-separated (the = form: the value starts with a dash). */
function nodeFlagsOption(v: string | undefined): string[] | undefined {
  if (v === undefined) return undefined;
  try {
    return parseNodeFlags(v);
  } catch (err) {
    throw new UsageError(`--node-flags: ${(err as Error).message}`);
  }
}

/** `--nodes 1,2`: distinct hub node counts from 1 to 16, in the order given. */
function nodesOption(v: string | undefined): number[] | undefined {
  if (v === undefined) return undefined;
  const counts = v.split(',').map((x) => Number(x.trim()));
  if (v.trim() === '' || counts.some((n) => !Number.isInteger(n) || n < 1 || n > 16))
    throw new UsageError(`--nodes takes a comma-separated list of hub node counts from 1 to 16 (e.g. 1,2), got '${v}'`);
  if (new Set(counts).size !== counts.length) throw new UsageError(`--nodes repeats a count: '${v}'`);
  return counts;
}

async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      rounds: { type: 'string' },
      slice: { type: 'string' },
      root: { type: 'string', default: fileURLToPath(new URL('..', import.meta.url)) },
      'no-build': { type: 'boolean', default: false },
      'in-flight': { type: 'string' },
      store: { type: 'string' },
      nodes: { type: 'string' },
      repeat: { type: 'string' },
      warmup: { type: 'string' },
      'node-flags': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(
      `usage: npm run bench -- [suite…] [--json] [--rounds n] [--slice ms] [--root dir] [--no-build] [--in-flight n] [--store sqlite|postgres] [--nodes 1,2] [--repeat n] [--warmup n] [--node-flags="<flags>"]\nsuites: ${Object.keys(SUITES).join(', ')} (default: codec)\n--store postgres (provider suite): the workload with one process per provider node on SQLite, then on PostgreSQL with the hub as each of --nodes (default 1,2) nodes behind a balancer; --repeat n rounds of them, each round starting one configuration later\n--warmup n (provider suites): messages submitted before the timed run (default 200; 6,000 with --store postgres)\n--node-flags="<flags>" (provider-processes, provider --store postgres): Node.js options for every provider process, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof"; the output names each process's pid and the timed run's window on the monotonic clock\n`,
    );
    return;
  }
  const names = positionals.length ? positionals : ['codec'];
  const unknown = names.filter((n) => !(n in SUITES));
  if (unknown.length) throw new UsageError(`unknown bench suite '${unknown.join("', '")}' (known: ${Object.keys(SUITES).join(', ')})`);
  const options: BenchOptions = {
    json: values.json,
    rounds: positiveInt('--rounds', values.rounds),
    sliceMs: positiveInt('--slice', values.slice),
    root: values.root,
    build: !values['no-build'],
    inFlight: positiveInt('--in-flight', values['in-flight']),
    store: storeOption(values.store),
    nodes: nodesOption(values.nodes),
    repeat: positiveInt('--repeat', values.repeat),
    warmup: positiveInt('--warmup', values.warmup),
    nodeFlags: nodeFlagsOption(values['node-flags']),
  };
  if (options.repeat !== undefined && options.store !== 'postgres')
    throw new UsageError('--repeat goes with --store postgres (rounds of the store configurations)');
  if ((options.store !== undefined || options.nodes !== undefined) && names.some((n) => !STORE_SUITES.includes(n)))
    throw new UsageError(
      `--store and --nodes apply to the ${STORE_SUITES.join(', ')} suite only, not '${names.filter((n) => !STORE_SUITES.includes(n)).join("', '")}'`,
    );
  const warmupless = names.filter((n) => !PROVIDER_SUITES.includes(n));
  if (options.warmup !== undefined && warmupless.length > 0)
    throw new UsageError(`--warmup applies to the ${PROVIDER_SUITES.join(', ')} suites only, not '${warmupless.join("', '")}'`);
  const inProcess = names.filter((n) => n !== 'provider-processes' && !(n === 'provider' && options.store === 'postgres'));
  if (options.nodeFlags !== undefined && inProcess.length > 0)
    throw new UsageError(
      `--node-flags applies to the suites that start provider processes (provider-processes, provider --store postgres), not '${inProcess.join("', '")}'`,
    );
  if (options.nodes !== undefined && options.store !== 'postgres')
    throw new UsageError('--nodes needs --store postgres: several hub nodes share one PostgreSQL database (a SQLite file belongs to one process)');
  for (const name of names) process.stdout.write(await SUITES[name]!(options));
}

main(process.argv.slice(2)).catch((err: unknown) => {
  process.stderr.write(`bench: ${err instanceof Error ? err.message : String(err)}\n`);
  // 2: the command line was unusable; 1: a suite failed while running.
  process.exitCode = err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS') ? 2 : 1;
});
