/**
 * One self-contained HTML page (inline CSS; no scripts, fonts, images or other requests): the two
 * sides, the summary as badges (`#summary`), then the findings grouped as in the markdown format,
 * each a card (`.finding`, `data-level`) with rule, subject, message, locations and fingerprint, and
 * where the finding carries the definition text, a side-by-side table (`.side-by-side`) of the old
 * and new definition with removed lines marked `.del` and added lines `.ins` (a line diff by LCS).
 * Deterministic: no timestamps, findings in the report's order.
 */
import { formatCodeLocation, formatLocation } from '../location.ts';
import type { Finding, Level, Report, SideInfo } from '../model.ts';
import { sideBySide, type SideBySideRow } from './line-diff.ts';
import { comparedLine, isLint, newLabel, sections, sideName, sides, summaryLine } from './shared.ts';

export function formatHtml(report: Report): string {
  const title = `${report.tool}: ${comparedLine(report)}`;
  const s = sides(report);
  const body: string[] = [];
  body.push('<header>', `<h1>${esc(report.tool)}</h1>`, sidesHtml(report), summaryHtml(report), '</header>', '<main>');
  if (report.findings.length === 0) body.push('<p class="none">No findings.</p>');
  for (const section of sections(report)) {
    if (section.findings.length === 0) continue;
    body.push(`<section>`, `<h2>${esc(section.title)} <span class="count">${section.findings.length}</span></h2>`);
    for (const f of section.findings) body.push(card(f, newLabel(report), sideName(s.old), sideName(s.new)));
    body.push('</section>');
  }
  body.push('</main>');
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${esc(title)}</title>`,
    `<style>${CSS}</style>`,
    '</head>',
    '<body>',
    ...body,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function sidesHtml(report: Report): string {
  const s = sides(report);
  const side = (role: string, info: SideInfo | undefined) =>
    info
      ? `<span class="side"><span class="role">${role}</span> <strong>${esc(sideName(info))}</strong> <span class="label">${esc(info.label)} (${esc(info.kind)})</span></span>`
      : '';
  if (isLint(report)) return `<p class="sides">${side('target', s.new)}</p>`;
  return `<p class="sides">${side('old', s.old)} <span class="arrow">→</span> ${side('new', s.new)}</p>`;
}

function summaryHtml(report: Report): string {
  const s = report.summary;
  const badge = (cls: string, n: number, word: string) => `<span class="badge ${cls}${n === 0 ? ' zero' : ''}"><b>${n}</b> ${word}</span>`;
  return [
    `<div id="summary" class="summary" aria-label="${esc(summaryLine(s))}">`,
    badge('err', s.ERR, 'ERR'),
    badge('warn', s.WARN, 'WARN'),
    badge('info', s.INFO, 'INFO'),
    badge('suppressed', s.suppressed, 'suppressed'),
    '</div>',
  ].join('\n');
}

const LEVEL_CLASS: Record<Level, string> = { ERR: 'err', WARN: 'warn', INFO: 'info' };

function card(f: Finding, newLabelText: string, oldName: string, newName: string): string {
  const cls = `finding ${LEVEL_CLASS[f.level]}${f.suppressed ? ' suppressed' : ''}`;
  const out: string[] = [
    `<article class="${cls}" id="f-${esc(f.fingerprint)}" data-level="${f.level}" data-category="${esc(f.category)}" data-domain="${esc(f.domain)}"${f.suppressed ? ' data-suppressed="true"' : ''}>`,
    '<div class="head">' +
      `<span class="level">${f.level}</span>` +
      `<span class="subject">${esc(f.subject)}</span>` +
      `<code class="rule">${esc(f.rule)}</code>` +
      `<span class="tag">${esc(f.category)}</span>` +
      (f.suppressed ? '<span class="tag sup">suppressed</span>' : '') +
      '</div>',
    `<p class="message">${inlineCode(f.message)}</p>`,
  ];
  const meta: string[] = [];
  const row = (k: string, v: string) => meta.push(`<dt>${k}</dt><dd>${v}</dd>`);
  if (f.old) row('old', `<code>${esc(formatLocation(f.old))}</code>`);
  if (f.new) row(newLabelText, `<code>${esc(formatLocation(f.new))}</code>`);
  if (f.direction && f.direction !== 'unknown') row('direction', esc(f.direction));
  if (f.causes && f.causes.length > 0) row('caused by', f.causes.map((c) => `<code>${esc(c)}</code>`).join(', '));
  if (f.implementedBy && f.implementedBy.length > 0) row('implemented by', f.implementedBy.map((c) => `<code>${esc(formatCodeLocation(c))}</code>`).join(', '));
  if (f.suggestedErratum) row('suggested erratum', `<pre><code>${esc(JSON.stringify(f.suggestedErratum, null, 2))}</code></pre>`);
  row('fingerprint', `<code>${esc(f.fingerprint)}</code>`);
  out.push(`<dl class="meta">${meta.join('')}</dl>`);
  if (f.oldText !== undefined || f.newText !== undefined) out.push(table(sideBySide(f.oldText, f.newText), oldName, newName));
  out.push('</article>');
  return out.join('\n');
}

function table(rows: SideBySideRow[], oldName: string, newName: string): string {
  const cells = (c: SideBySideRow['old'], mark: 'del' | 'ins') =>
    c
      ? `<td class="ln${c.changed ? ` ${mark}` : ''}">${c.line}</td><td class="code${c.changed ? ` ${mark}` : ''}">${esc(c.text)}</td>`
      : '<td class="ln empty"></td><td class="code empty"></td>';
  const body = rows.map((r) => {
    const changed = r.old?.changed || r.new?.changed;
    return `<tr${changed ? ' class="changed"' : ''}>${cells(r.old, 'del')}${cells(r.new, 'ins')}</tr>`;
  });
  return [
    '<table class="side-by-side">',
    '<colgroup><col class="ln"><col><col class="ln"><col></colgroup>',
    `<thead><tr><th colspan="2">old: ${esc(oldName)}</th><th colspan="2">new: ${esc(newName)}</th></tr></thead>`,
    '<tbody>',
    ...body,
    '</tbody>',
    '</table>',
  ].join('\n');
}

/** Escapes text for HTML content and attribute values. */
export function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Escaped text whose `backtick spans` become <code>. */
function inlineCode(s: string): string {
  return s
    .split(/`([^`\n]+)`/)
    .map((part, i) => (i % 2 === 1 ? `<code>${esc(part)}</code>` : esc(part)))
    .join('');
}

const CSS = `
:root { --err: #cf222e; --err-bg: #ffebe9; --warn: #9a6700; --warn-bg: #fff8c5; --info: #0969da; --info-bg: #ddf4ff;
  --del: #ffebe9; --del-strong: #ffcecb; --ins: #dafbe1; --ins-strong: #aceebb; --border: #d0d7de; --muted: #57606a; }
* { box-sizing: border-box; }
body { margin: 0; padding: 24px; font: 14px/1.5 -apple-system, "Segoe UI", "Noto Sans", Helvetica, Arial, sans-serif; color: #1f2328; background: #f6f8fa; }
header, main { max-width: 1200px; margin: 0 auto; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 28px 0 10px; padding-bottom: 4px; border-bottom: 1px solid var(--border); }
h2 .count { color: var(--muted); font-weight: normal; }
code, .code { font-family: ui-monospace, "SFMono-Regular", "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 12.5px; }
.sides { margin: 0 0 12px; color: var(--muted); }
.sides strong { color: #1f2328; }
.sides .role { text-transform: uppercase; font-size: 11px; letter-spacing: .05em; }
.sides .arrow { margin: 0 8px; }
.summary { display: flex; flex-wrap: wrap; gap: 8px; margin: 8px 0 4px; }
.badge { display: inline-block; padding: 4px 12px; border-radius: 999px; font-weight: 600; border: 1px solid transparent; }
.badge b { font-size: 16px; }
.badge.err { color: #fff; background: var(--err); }
.badge.warn { color: #1f2328; background: #eac54f; }
.badge.info { color: #fff; background: var(--info); }
.badge.suppressed { color: var(--muted); background: #fff; border-color: var(--border); }
.badge.zero { opacity: .45; }
.finding { background: #fff; border: 1px solid var(--border); border-left: 6px solid var(--border); border-radius: 6px; padding: 12px 16px; margin: 0 0 14px; }
.finding.err { border-left-color: var(--err); }
.finding.warn { border-left-color: #d4a72c; }
.finding.info { border-left-color: var(--info); }
.finding.suppressed { opacity: .7; border-left-style: dashed; }
.head { display: flex; flex-wrap: wrap; align-items: baseline; gap: 10px; }
.level { font-weight: 700; font-size: 12px; padding: 1px 8px; border-radius: 4px; }
.err .level { color: var(--err); background: var(--err-bg); }
.warn .level { color: var(--warn); background: var(--warn-bg); }
.info .level { color: var(--info); background: var(--info-bg); }
.subject { font-weight: 600; font-size: 15px; }
.rule { color: var(--muted); }
.tag { font-size: 11px; color: var(--muted); border: 1px solid var(--border); border-radius: 999px; padding: 0 8px; }
.tag.sup { color: #fff; background: var(--muted); border-color: var(--muted); }
.message { margin: 8px 0; }
.message code { background: #eff1f3; padding: 1px 4px; border-radius: 4px; }
.meta { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 0; color: var(--muted); font-size: 13px; }
.meta dt { font-weight: 600; }
.meta dd { margin: 0; }
.side-by-side { width: 100%; margin-top: 12px; border-collapse: collapse; table-layout: fixed; border: 1px solid var(--border); }
.side-by-side col.ln { width: 3.5em; }
.side-by-side th { text-align: left; font-weight: 600; font-size: 12px; padding: 4px 8px; background: #f6f8fa; border-bottom: 1px solid var(--border); }
.side-by-side th + th { border-left: 1px solid var(--border); }
.side-by-side td { padding: 0 8px; vertical-align: top; }
.side-by-side td.ln { text-align: right; color: var(--muted); font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 12px; user-select: none; }
.side-by-side td.ln:nth-child(3) { border-left: 1px solid var(--border); }
.side-by-side td.code { white-space: pre-wrap; word-break: break-all; }
.side-by-side td.del { background: var(--del); }
.side-by-side td.ln.del { background: var(--del-strong); }
.side-by-side td.ins { background: var(--ins); }
.side-by-side td.ln.ins { background: var(--ins-strong); }
.side-by-side td.code::before { content: "  "; }
.side-by-side td.code.del::before { content: "- "; color: var(--err); }
.side-by-side td.code.ins::before { content: "+ "; color: #1a7f37; }
.side-by-side td.empty { background: #f6f8fa; }
.side-by-side td.code.empty::before { content: none; }
.none { color: var(--muted); }
`.trim();
