/**
 * `mimi demo`: three providers as separate processes on loopback ports, with fresh stores and a
 * fresh PKI in a temp folder, play the protocol draft's example flow (scenario.ts). The transcript
 * shows every provider-to-provider request and each user's decrypted chat, and ends with the check
 * that every remaining client agrees on the epoch, its authenticator and the participant list
 * (exit 1 if not). `--keep` leaves the providers running.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { operations } from '@mimikit/mimi-protocol/operations';
import { writeLocalFederation } from '@mimikit/provider';
import { EXIT_FINDINGS } from '../exit-codes.ts';
import { type ProviderProcess, type RequestLog, spawnProvider } from '@mimikit/provider/process';
import { DOMAINS, playScenario, type ScenarioResult, type Step } from './scenario.ts';

/** How to run `mimi` again: this process's Node, its flags (loaders, conditions) and its entry script. */
function mimiCommand(): string[] {
  const entry = process.argv[1];
  if (!entry) throw new Error('cannot tell how mimi was started');
  return [process.execPath, ...process.execArgv, entry];
}

export interface DemoFlags {
  keep?: boolean;
}

/** The request body's TLS type of a provider-to-provider path, from the generated operation table. */
export function requestType(method: string, path: string): string {
  const segments = path.split('?')[0]!.split('/');
  for (const op of Object.values(operations)) {
    const template = op.path.split('/');
    if (op.method !== method || template.length !== segments.length) continue;
    if (template.every((t, i) => t.startsWith('{') || t === segments[i])) return op.request?.kind === 'tls' ? op.request.type : op.operationId;
  }
  return '?';
}

/** The path with its identifier segments decoded, for reading. */
function readablePath(path: string): string {
  return path
    .split('/')
    .map((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    })
    .join('/');
}

export function formatRequest(r: RequestLog): string {
  const size = `${r.requestBytes} B`;
  return `   ${(r.from ?? '?').padEnd(9)} → ${r.to.padEnd(9)}  ${r.method} ${readablePath(r.path)}  ${r.status}  ${size.padStart(7)}  ${requestType(r.method, r.path)}`;
}

/** Requests of each step: those logged between its start and the next step's start. */
export function requestsByStep(steps: readonly Step[], requests: readonly RequestLog[]): RequestLog[][] {
  const sorted = [...requests].sort((a, b) => a.time - b.time);
  return steps.map((s, i) => {
    const next = steps[i + 1]?.start ?? Number.POSITIVE_INFINITY;
    return sorted.filter((r) => r.time >= s.start && r.time < next);
  });
}

export function transcript(result: ScenarioResult, requests: readonly RequestLog[]): string {
  const out: string[] = [];
  const perStep = requestsByStep(result.steps, requests);
  result.steps.forEach((s, i) => {
    out.push(`\n== ${i + 1}. ${s.title}`);
    for (const n of s.notes) out.push(`   ${n}`);
    for (const r of perStep[i] ?? []) out.push(formatRequest(r));
  });
  out.push(`\n${requests.length} provider-to-provider requests`);
  for (const [user, lines] of result.chats) {
    out.push(`\n-- ${user} sees (${lines[0]?.client ?? 'no client'})`);
    for (const l of lines) out.push(`   ${l.sender.replace(/^mimi:\/\//, '')}: ${l.text.replace(/\n/g, '\n      ')}`);
  }
  out.push('\n-- remaining clients');
  for (const v of result.finalViews)
    out.push(`   ${v.client}: epoch ${v.epoch}, authenticator ${v.epochAuthenticator.slice(0, 16)}…, ${v.participants.join(', ')}`);
  out.push(
    result.agreed ? '\nOK: every remaining client agrees on epoch, epoch authenticator and participant list' : '\nFAILED: the remaining clients disagree',
  );
  return out.join('\n');
}

export async function demo(flags: DemoFlags): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'mimikit-demo-'));
  const requests: RequestLog[] = [];
  const reports: Array<Record<string, unknown>> = [];
  const processes: ProviderProcess[] = [];
  let keep = false;
  try {
    const files = await writeLocalFederation({ dir, domains: DOMAINS, users: ['alice', 'bob', 'cathy'], delivery: { baseDelayMs: 50, maxDelayMs: 2000 } });
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
