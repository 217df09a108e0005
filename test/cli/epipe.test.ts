/**
 * `mimi … | head`: when the reader closes the pipe early, the command ends quietly (exit 0, nothing
 * on stderr) instead of printing an unhandled EPIPE stack trace.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');

it('a closed stdout ends the command quietly', async () => {
  const child = spawn(process.execPath, [join(ROOT, 'bin/mimi.js'), 'spec', 'ir', 'mls'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  let first = '';
  // Read the first chunk, then close the pipe as `head -1` does.
  child.stdout.once('data', (d: Buffer) => {
    first = d.toString();
    child.stdout.destroy();
  });
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  expect(first.startsWith('{')).toBe(true);
  expect(stderr).toBe('');
  expect(code).toBe(0);
});
