/**
 * A provider as a child process (`mimi provider start --config <file>`), for the demo and for tests
 * that kill providers: its JSON log lines on stdout tell when it is ready (its URLs) and carry one
 * line per provider-to-provider request it served. `command` is how to run `mimi` (the caller's
 * Node, flags and entry script).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

/** One provider-to-provider request as the receiving provider logged it. */
export interface RequestLog {
  time: number;
  to: string;
  from: string | null;
  method: string;
  path: string;
  status: number;
  requestBytes: number;
  responseBytes: number;
  /** The decoded request body as JSON, when the provider logs bodies (config.logBodies). */
  body?: unknown;
}

export interface ProviderProcess {
  domain: string;
  clientUrl: string;
  federationUrl: string;
  child: ChildProcess;
  /** Stops the provider (SIGTERM, then SIGKILL after `graceMs`). */
  stop(graceMs?: number): Promise<void>;
  /** Kills it at once (SIGKILL): no shutdown, nothing flushed that was not already acknowledged. */
  kill(): Promise<void>;
}

/**
 * How long a provider may take to say it started: a start waits up to 15 s for its store
 * (STORE_OPEN_WAIT_MS) and may migrate it; a process still silent after this is stuck, and is
 * killed rather than awaited forever.
 */
export const PROVIDER_START_TIMEOUT_MS = 120_000;

export async function spawnProvider(
  command: readonly string[],
  domain: string,
  configFile: string,
  onRequest: (r: RequestLog) => void = () => {},
  /** Every other log entry with an `event` (e.g. `abuse-report`), as logged. */
  onEvent: (entry: Record<string, unknown>) => void = () => {},
  startTimeoutMs: number = PROVIDER_START_TIMEOUT_MS,
): Promise<ProviderProcess> {
  const [node, ...args] = command;
  const child = spawn(node!, [...args, 'provider', 'start', '--config', configFile], { stdio: ['ignore', 'pipe', 'pipe'] });
  const stderr: string[] = [];
  child.stderr?.setEncoding('utf8').on('data', (d: string) => stderr.push(d));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  /** The first log lines (at most 20), for the error when the provider never says it started. */
  const early: string[] = [];
  let timer: NodeJS.Timeout | undefined;
  const started = new Promise<{ clientUrl: string; federationUrl: string }>((resolve, reject) => {
    timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${domain}: provider did not start within ${startTimeoutMs} ms (killed)\n${[...early, stderr.join('')].join('\n').slice(-2000)}`));
    }, startTimeoutMs);
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      let entry: Record<string, unknown>;
      try {
        entry = JSON.parse(line) as Record<string, unknown>;
      } catch {
        return;
      }
      if (entry.msg === 'provider started') resolve({ clientUrl: String(entry.clientUrl), federationUrl: String(entry.federationUrl) });
      else if (early.length < 20) early.push(line.slice(0, 500));
      if (typeof entry.event === 'string' && entry.event !== 'mimi-request') onEvent(entry);
      if (entry.event === 'mimi-request')
        onRequest({
          time: Number(entry.time),
          to: domain,
          from: typeof entry.from === 'string' ? entry.from : null,
          method: String(entry.method),
          path: String(entry.path),
          status: Number(entry.status),
          requestBytes: Number(entry.requestBytes),
          responseBytes: Number(entry.responseBytes),
          ...(entry.body === undefined ? {} : { body: entry.body }),
        });
    });
    child.once('exit', (code) => reject(new Error(`${domain}: provider exited with ${code} before it started\n${stderr.join('').slice(-2000)}`)));
  });
  const urls = await started.finally(() => clearTimeout(timer));
  return {
    domain,
    ...urls,
    child,
    stop: async (graceMs = 10_000) => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
    kill: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGKILL');
      await exited;
    },
  };
}
