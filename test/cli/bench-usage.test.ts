/**
 * `npm run bench` refuses a command line it cannot honour before running anything: exit 2 and one
 * line on stderr saying why, never a suite that silently ignores an option (the provider suites'
 * runs take minutes, so an ignored flag would cost them for nothing) or passes a provider process
 * something other than Node.js options.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** What `npm run bench -- <args>` runs (package.json's "bench" script). */
function bench(args: string[]) {
  const r = spawnSync(process.execPath, ['--conditions=mimikit-source', '--import', 'tsx', 'bench/run.ts', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('npm run bench: usage errors', () => {
  const cases: Array<[string, string[], RegExp]> = [
    [
      '--warmup for a suite that submits no messages',
      ['codec', '--warmup', '100'],
      /--warmup applies to the provider, provider-processes suites only, not 'codec'/,
    ],
    ['--warmup that is not a positive integer', ['provider', '--warmup', '0'], /--warmup takes a positive integer, got '0'/],
    ['--nodes without --store postgres', ['provider', '--nodes', '1,2'], /--nodes needs --store postgres/],
    ['--repeat without --store postgres', ['provider', '--repeat', '2'], /--repeat goes with --store postgres/],
    ['an unknown suite', ['nosuch'], /unknown bench suite 'nosuch'/],
    [
      '--node-flags for a suite that runs the providers in its own process',
      ['provider', '--node-flags=--cpu-prof'],
      /--node-flags applies to the suites that start provider processes \(provider-processes, provider --store postgres\), not 'provider'/,
    ],
    [
      '--node-flags holding something other than Node.js options',
      ['provider-processes', '--node-flags=--cpu-prof other.js'],
      /--node-flags: node flags must be Node.js options \(--name or --name=value\), got "other\.js"/,
    ],
  ];
  for (const [what, args, message] of cases) {
    it(`refuses ${what}`, () => {
      const r = bench(args);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    });
  }

  it('names --warmup and --node-flags in its help', () => {
    const r = bench(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('--warmup n (provider suites): messages submitted before the timed run (default 200; 6,000 with --store postgres)');
    expect(r.stdout).toContain('--node-flags="<flags>" (provider-processes, provider --store postgres): Node.js options for every provider process');
  });
});
