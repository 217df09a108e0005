// `npm test`: the static checks (types, layering, format and lint) and the vitest suite, run at the
// same time rather than one after the other (the checks take ~15 s of a single core, which the
// suite's start-up would otherwise wait for). The suite's output streams; each check's output is
// printed when it ends. Exit code: the first failure's, 0 when everything passed.
import { spawn } from 'node:child_process';

/** The package.json scripts that check without running tests: [label, script]. */
const CHECKS = [
  ['types', 'typecheck'],
  ['layers', 'layers'],
  ['lint', 'lint'],
];

function run(name, command, args, stream) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: stream ? 'inherit' : ['ignore', 'pipe', 'pipe'], shell: false });
    let output = '';
    child.stdout?.on('data', (d) => (output += d));
    child.stderr?.on('data', (d) => (output += d));
    child.on('error', (err) => resolve({ name, code: 2, output: `${output}${err.message}\n` }));
    child.on('close', (code, signal) => resolve({ name, code: code ?? (signal ? 1 : 0), output }));
  });
}

// npm puts node_modules/.bin on PATH for scripts, so vitest is found by name.
const checks = CHECKS.map(([name, script]) =>
  run(name, 'npm', ['run', '--silent', script], false).then((r) => {
    process.stderr.write(`${r.code === 0 ? '✓' : '✗'} ${name} (npm run ${script})\n${r.code === 0 ? '' : r.output}`);
    return r;
  }),
);
const suite = run('vitest', 'vitest', ['run', ...process.argv.slice(2)], true);
const results = await Promise.all([...checks, suite]);
const failed = results.filter((r) => r.code !== 0);
if (failed.length) process.stderr.write(`failed: ${failed.map((r) => r.name).join(', ')}\n`);
process.exitCode = failed[0]?.code ?? 0;
