/**
 * The demo's transcript: each step with the provider-to-provider requests logged while it ran,
 * each user's chat, the remaining clients' views and the verdict. Shared by the text output and
 * the HTML page.
 */
import { operations } from '@mimikit/mimi-protocol/operations';
import type { RequestLog } from '@mimikit/provider/process';
import type { ScenarioResult, Step } from './scenario.ts';

/** A provider-to-provider request with the id of the node that served it, when its domain runs several (`--store postgres`). */
export type ServedRequest = RequestLog & { node?: string };

/** The request body's TLS type of a provider-to-provider path, from the generated operation table. */
export function requestType(method: string, path: string): string {
  if (method === 'GET' && path.startsWith('/assets/')) return 'asset (ciphertext)';
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

export function formatRequest(r: ServedRequest): string {
  const size = `${r.requestBytes} B`;
  const node = r.node === undefined ? '' : `  served by ${r.node}`;
  return `   ${(r.from ?? '?').padEnd(9)} → ${r.to.padEnd(9)}  ${r.method} ${readablePath(r.path)}  ${r.status}  ${size.padStart(7)}  ${requestType(r.method, r.path)}${node}`;
}

/** Requests of each step: those logged between its start and the next step's start. */
export function requestsByStep<R extends RequestLog>(steps: readonly Step[], requests: readonly R[]): R[][] {
  const sorted = [...requests].sort((a, b) => a.time - b.time);
  return steps.map((s, i) => {
    const next = steps[i + 1]?.start ?? Number.POSITIVE_INFINITY;
    return sorted.filter((r) => r.time >= s.start && r.time < next);
  });
}

export function transcript(result: ScenarioResult, requests: readonly ServedRequest[]): string {
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
