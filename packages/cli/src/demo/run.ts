/**
 * `mimi demo`: three providers as separate processes on loopback ports, with fresh stores and a
 * fresh PKI in a temp folder, play the protocol draft's example flow (scenario.ts). The transcript
 * shows every provider-to-provider request and each user's decrypted chat, and ends with the check
 * that every remaining client agrees on the epoch, its authenticator and the participant list
 * (exit 1 if not). `--keep` leaves the providers running; `--html` also writes a page (html.ts).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeLocalFederation } from '@mimikit/provider';
import { EXIT_FINDINGS } from '../exit-codes.ts';
import { type ProviderProcess, type RequestLog, spawnProvider } from '@mimikit/provider/process';
import { DOMAINS, playScenario } from './scenario.ts';
import { transcript } from './transcript.ts';

/** How to run `mimi` again: this process's Node, its flags (loaders, conditions) and its entry script. */
function mimiCommand(): string[] {
  const entry = process.argv[1];
  if (!entry) throw new Error('cannot tell how mimi was started');
  return [process.execPath, ...process.execArgv, entry];
}

export interface DemoFlags {
  html?: string;
  keep?: boolean;
}

export async function demo(flags: DemoFlags): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'mimikit-demo-'));
  const requests: RequestLog[] = [];
  const reports: Array<Record<string, unknown>> = [];
  const processes: ProviderProcess[] = [];
  let keep = false;
  try {
    const files = await writeLocalFederation({
      dir,
      domains: DOMAINS,
      users: ['alice', 'bob', 'cathy'],
      delivery: { baseDelayMs: 50, maxDelayMs: 2000 },
      logBodies: flags.html !== undefined,
    });
    process.stdout.write(`mimi demo: three providers in ${dir}\n`);
    processes.push(
      ...(await Promise.all(
        DOMAINS.map((d) =>
          spawnProvider(
            mimiCommand(),
            d,
            files.get(d)!,
            (r) => requests.push(r),
            (e) => {
              if (e.event === 'abuse-report') reports.push({ ...e, hub: d });
            },
          ),
        ),
      )),
    );
    for (const p of processes) process.stdout.write(`  ${p.domain}: MIMI endpoints ${p.federationUrl}, client API ${p.clientUrl}\n`);
    const result = await playScenario(Object.fromEntries(processes.map((p) => [p.domain, p.clientUrl])));
    await new Promise((resolve) => setTimeout(resolve, 200)); // the last log lines
    process.stdout.write(`${transcript(result, requests)}\n`);
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
      process.stdout.write(`\nThe providers keep running (configs, stores and certificates in ${dir}); Ctrl-C stops them.\n`);
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      keep = false;
    }
  } finally {
    if (!keep) {
      await Promise.all(processes.map((p) => p.stop()));
      rmSync(dir, { recursive: true, force: true });
    }
  }
}
