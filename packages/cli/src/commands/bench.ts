import type { Command } from 'commander';

/** `mimi bench <suite>`: benchmarks, reported as ratios against a named baseline. */
export function registerBenchCommand(program: Command): void {
  program.command('bench').description('run a benchmark suite').argument('[suite]', 'codec', 'codec');
}
