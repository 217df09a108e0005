/** Input conventions shared by every encode/decode command. */
import { createInterface } from 'node:readline';

/**
 * The shared shape of decode and encode: one value from the flag, or one per stdin line with one
 * output line each. Exit code 1 when any input failed.
 */
export async function runInputs(single: string | undefined, one: (input: string, multiline: boolean) => { ok: boolean; out: string }): Promise<void> {
  if (single !== undefined) {
    const r = one(single, true);
    (r.ok ? process.stdout : process.stderr).write(`${r.out}\n`);
    if (!r.ok) process.exitCode = 1;
    return;
  }
  let failed = 0;
  const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const raw of rl) {
    const line = raw.trim();
    if (line === '') continue;
    const r = one(line, false);
    if (!r.ok) failed++;
    process.stdout.write(`${r.out}\n`);
  }
  if (failed) process.exitCode = 1;
}
