/**
 * `mimi demo --html <file>`: one self-contained page (no script, no external resource): each step
 * of the flow with a sequence diagram of the three providers' exchanges, every arrow a <details>
 * that opens on the request's decoded body, then the users' chats side by side and the final check.
 * Every text from the run (identifiers, message text, decoded bodies) is HTML-escaped.
 */
import { escapeHtml } from '@mimikit/content';
import type { RequestLog } from '@mimikit/provider/process';
import { formatRequest, requestsByStep, requestType } from './transcript.ts';
import { DOMAINS, type ScenarioResult } from './scenario.ts';

/** Longest decoded body shown (characters of JSON): a ratchet tree can be long. */
const MAX_BODY_CHARS = 20_000;

const STYLE = `
body { font: 14px/1.4 system-ui, sans-serif; margin: 2rem; color: #1d1d1f; }
h1 { font-size: 1.4rem; } h2 { font-size: 1.1rem; margin-top: 2rem; }
.lanes, .exchange { display: grid; grid-template-columns: repeat(${DOMAINS.length}, 1fr); column-gap: 0; }
.lane { text-align: center; font-weight: 600; border-bottom: 2px solid #888; padding: .3rem; }
.exchange > details { margin: .25rem 0; }
.exchange summary { list-style: none; cursor: pointer; position: relative; padding: .15rem .4rem; border-bottom: 2px solid #2563eb; font-size: 12px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.exchange summary::after { position: absolute; bottom: -.62rem; font-size: 14px; color: #2563eb; }
.exchange .right summary::after { content: '▶'; right: -.2rem; }
.exchange .left summary::after { content: '◀'; left: -.2rem; }
.exchange .left summary { text-align: right; }
.exchange pre { background: #f5f5f7; padding: .5rem; max-height: 24rem; overflow: auto; font-size: 11px; white-space: pre-wrap; }
.note { color: #555; margin: .2rem 0; }
.chats { display: grid; grid-template-columns: repeat(auto-fit, minmax(16rem, 1fr)); gap: 1rem; }
.chat { border: 1px solid #ddd; border-radius: 8px; padding: .5rem; }
.chat h3 { font-size: .95rem; margin: 0 0 .5rem; }
.line { margin: .3rem 0; white-space: pre-wrap; } .line b { color: #2563eb; }
.verdict.ok { color: #15803d; font-weight: 700; } .verdict.failed { color: #b91c1c; font-weight: 700; }
`;

function lane(domain: string | null): number {
  const i = DOMAINS.indexOf((domain ?? '') as (typeof DOMAINS)[number]);
  return Math.max(i, 0);
}

function arrow(r: RequestLog): string {
  const from = lane(r.from);
  const to = lane(r.to);
  const [first, last] = from <= to ? [from, to] : [to, from];
  const label = `${r.method} ${requestType(r.method, r.path)} → ${r.status} (${r.requestBytes} B)`;
  let body = r.body === undefined ? '(the provider did not log this body)' : JSON.stringify(r.body, null, 2);
  if (body.length > MAX_BODY_CHARS) body = `${body.slice(0, MAX_BODY_CHARS)}\n… (${body.length - MAX_BODY_CHARS} more characters)`;
  return `<details class="arrow ${from <= to ? 'right' : 'left'}" style="grid-column: ${first + 1} / ${last + 2}" data-from="${escapeHtml(r.from ?? '?')}" data-to="${escapeHtml(r.to)}">
<summary title="${escapeHtml(formatRequest(r).trim())}">${escapeHtml(label)}</summary>
<pre>${escapeHtml(`${r.method} ${decodePath(r.path)}\n\n${body}`)}</pre>
</details>`;
}

function decodePath(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

export function demoPage(result: ScenarioResult, requests: readonly RequestLog[]): string {
  const perStep = requestsByStep(result.steps, requests);
  const lanes = `<div class="lanes">${DOMAINS.map((d) => `<div class="lane">${escapeHtml(d)}</div>`).join('')}</div>`;
  const steps = result.steps
    .map((s, i) => {
      const notes = s.notes.map((n) => `<p class="note">${escapeHtml(n)}</p>`).join('\n');
      const arrows = (perStep[i] ?? []).map(arrow).join('\n');
      return `<section class="step"><h2>${i + 1}. ${escapeHtml(s.title)}</h2>\n${notes}\n${lanes}\n<div class="exchange">\n${arrows}\n</div></section>`;
    })
    .join('\n');
  const chats = [...result.chats]
    .map(
      ([user, lines]) =>
        `<div class="chat"><h3>${escapeHtml(user)}</h3>${lines
          .map((l) => `<p class="line"><b>${escapeHtml(l.sender.replace(/^mimi:\/\//, ''))}</b>: ${escapeHtml(l.text)}</p>`)
          .join('')}</div>`,
    )
    .join('\n');
  const views = result.finalViews
    .map((v) => `<li>${escapeHtml(`${v.client}: epoch ${v.epoch}, authenticator ${v.epochAuthenticator.slice(0, 16)}…, ${v.participants.join(', ')}`)}</li>`)
    .join('');
  const verdict = result.agreed
    ? '<p class="verdict ok">OK: every remaining client agrees on epoch, epoch authenticator and participant list</p>'
    : '<p class="verdict failed">FAILED: the remaining clients disagree</p>';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>mimi demo: draft-ietf-mimi-protocol-06 example flow</title>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<style>${STYLE}</style></head>
<body>
<h1>mimi demo: draft-ietf-mimi-protocol-06 example flow</h1>
<p>${requests.length} provider-to-provider requests. Each arrow goes from the requesting provider to the one that served it; open it for the decoded body.</p>
${steps}
<h2>What each user sees</h2>
<div class="chats">${chats}</div>
<h2>Remaining clients</h2>
<ul>${views}</ul>
${verdict}
</body></html>
`;
}
