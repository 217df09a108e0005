import type { Command } from 'commander';
import { REPO_ROOT } from '../root.ts';

const SUITES = ['codec', 'content', 'transport', 'diff', 'mls', 'cli'] as const;
type Suite = (typeof SUITES)[number];

const isSuite = (s: string): s is Suite => (SUITES as readonly string[]).includes(s);

function positiveInt(flag: string): (v: string) => number {
  return (v) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) throw new Error(`${flag} takes a positive integer, got '${v}'`);
    return n;
  };
}

/** `mimi bench [suite]`: benchmarks, reported as ratios against a named baseline. Prints only. */
export function registerBenchCommand(program: Command): void {
  program
    .command('bench')
    .description(
      'run a benchmark suite (codec: generated MLS codecs vs ts-mls, plus regeneration time; content: generated MIMI content codecs vs cbor-x and cbor2 on the draft examples; transport: keyMaterial round trips through the generated client and server vs bare undici and fastify moving the same bytes; diff: spec diff of two protocol drafts and spec lint of one, from markdown, vs a line diff of the markdown; mls: the MLS profile\'s add-member commit, commit processing and 1 KiB message round trip at group sizes 2, 16 and 128 vs raw ts-mls; cli: cold start-up of the built mimi command vs node -e 0)',
    )
    .argument('[suite]', `one of: ${SUITES.join(', ')}`, 'codec')
    .option('--json', 'print the results as JSON instead of a Markdown table')
    .option('--rounds <n>', 'timed rounds per cell (median reported)', positiveInt('--rounds'))
    .option('--slice <ms>', 'length of one timed slice in ms', positiveInt('--slice'))
    .option('--root <dir>', 'repository root', REPO_ROOT)
    .option('--no-build', 'cli: measure the existing build instead of running `npm run build` first')
    .action(async (suite: string, opts: { json?: boolean; rounds?: number; slice?: number; root: string; build: boolean }) => {
      if (!isSuite(suite)) throw new Error(`unknown bench suite '${suite}' (known: ${SUITES.join(', ')})`);
      // Loaded on demand: the suites pull in their baselines (ts-mls, cbor-x) and inputs, which other commands do not need.
      if (suite === 'content') {
        const { formatContentBench, runContentBench } = await import('../../../../bench/content.ts');
        const result = await runContentBench({ rounds: opts.rounds, sliceMs: opts.slice });
        process.stdout.write(opts.json ? `${JSON.stringify(result, null, 2)}\n` : formatContentBench(result));
        return;
      }
      if (suite === 'diff') {
        const { formatDiffBench, runDiffBench } = await import('../../../../bench/diff.ts');
        const result = await runDiffBench({ root: opts.root, ...(opts.rounds ? { rounds: opts.rounds } : {}) });
        process.stdout.write(opts.json ? `${JSON.stringify(result, null, 2)}\n` : formatDiffBench(result));
        return;
      }
      if (suite === 'mls') {
        const { formatMlsBench, runMlsBench } = await import('../../../../bench/mls.ts');
        // --rounds: timed repetitions of the add and process operations at every size.
        const result = await runMlsBench(opts.rounds ? { commitReps: opts.rounds } : {});
        process.stdout.write(opts.json ? `${JSON.stringify(result, null, 2)}\n` : formatMlsBench(result));
        return;
      }
      if (suite === 'cli') {
        const { formatCliBench, runCliBench } = await import('../../../../bench/cli.ts');
        const result = runCliBench({ root: opts.root, build: opts.build, ...(opts.rounds ? { rounds: opts.rounds } : {}) });
        process.stdout.write(opts.json ? `${JSON.stringify(result, null, 2)}\n` : formatCliBench(result));
        return;
      }
      if (suite === 'transport') {
        const { formatTransportBench, runTransportBench } = await import('../../../../bench/transport.ts');
        const result = await runTransportBench({ rounds: opts.rounds, sliceMs: opts.slice });
        process.stdout.write(opts.json ? `${JSON.stringify(result, null, 2)}\n` : formatTransportBench(result));
        return;
      }
      const { formatCodecBench, runCodecBench } = await import('../../../../bench/codec.ts');
      const result = await runCodecBench({ root: opts.root, rounds: opts.rounds, sliceMs: opts.slice });
      process.stdout.write(opts.json ? `${JSON.stringify(result, null, 2)}\n` : formatCodecBench(result));
    });
}
