/**
 * A change log an editor can paste into a draft's change log section:
 *
 * ```markdown
 * ## Changes from draft-ietf-mimi-protocol-04 to draft-ietf-mimi-protocol-05
 *
 * 2 ERR, 2 WARN, 2 INFO (1 suppressed)
 *
 * ### Breaking wire changes
 *
 * - **KeyMaterialRequest**: Field `expires` was inserted … (tls-struct-field-inserted)
 * ```
 *
 * Diff sections: "Breaking wire changes" (ERR), "Changes to check" (WARN), "Compatible changes"
 * (INFO), "Source-only changes" (category SOURCE, whatever the level), then "Suppressed". A lint
 * report has "Errors", "Warnings", "Notes" and "Suppressed". Empty sections are left out. Text is
 * escaped for CommonMark and kramdown; code spans (backticks) in messages are kept as written.
 */
import { formatCodeLocation, formatLocation } from '../location.ts';
import type { Finding, Report } from '../model.ts';
import { isLint, primaryLocation, sections, sideName, sides, summaryLine } from './shared.ts';

export function formatMarkdown(report: Report): string {
  const lint = isLint(report);
  const s = sides(report);
  const heading = lint
    ? `## Lint of ${escapeMarkdown(sideName(s.new))}`
    : `## Changes from ${escapeMarkdown(sideName(s.old))} to ${escapeMarkdown(sideName(s.new))}`;
  const out: string[] = [heading, '', `${report.tool}: ${summaryLine(report.summary)}`, ''];
  if (report.findings.length === 0) out.push(lint ? 'No findings.' : 'No changes found.', '');
  for (const section of sections(report)) {
    if (section.findings.length === 0) continue;
    out.push(`### ${section.title}`, '');
    for (const f of section.findings) out.push(bullet(f, lint));
    out.push('');
  }
  return out.join('\n');
}

function bullet(f: Finding, lint: boolean): string {
  const notes = [f.rule];
  const at = primaryLocation(f);
  // A lint finding's subject is its file: the line tells where.
  if (lint && at) notes.push(escapeMarkdown(formatLocation(at)));
  if (f.causes && f.causes.length > 0) notes.push(`caused by ${f.causes.map(escapeMarkdown).join(', ')}`);
  if (f.implementedBy && f.implementedBy.length > 0)
    notes.push(`implemented by ${f.implementedBy.map((c) => escapeMarkdown(formatCodeLocation(c))).join(', ')}`);
  if (f.suppressed) notes.push(`${f.level}, fingerprint ${f.fingerprint}`);
  const head = `- **${escapeMarkdown(f.subject)}**: ${escapeMessage(f.message)} (${notes.join('; ')})`;
  if (!f.suggestedErratum) return head;
  // A code block inside the list item: the erratum as JSON, ready to paste into the errata file.
  const json = JSON.stringify(f.suggestedErratum, null, 2).split('\n');
  return [
    head,
    '',
    `  Suggested erratum for \`spec/errata/${f.suggestedErratum.draft}-${f.suggestedErratum.version}.json\`:`,
    '',
    '  ```json',
    ...json.map((l) => `  ${l}`),
    '  ```',
  ].join('\n');
}

/** Backslash-escapes what CommonMark or kramdown could read as markup. */
export function escapeMarkdown(s: string): string {
  return s.replace(/[\\`*_[\]<>|{}#]/g, '\\$&').replace(/\r?\n/g, ' ');
}

/** Like escapeMarkdown, but `code spans` stay code spans. */
function escapeMessage(s: string): string {
  return s
    .split(/(`[^`\n]+`)/)
    .map((part, i) => (i % 2 === 1 ? part : escapeMarkdown(part)))
    .join('');
}
