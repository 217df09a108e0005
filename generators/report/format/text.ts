/**
 * The default format: one block per finding, then the summary line.
 *
 * ```
 * mimi spec diff: draft-ietf-mimi-protocol-04 → draft-ietf-mimi-protocol-05
 *
 * ERR   tls-struct-field-inserted  KeyMaterialRequest
 *   Field `expires` was inserted at position 3: every later field moves.
 *   old: draft-ietf-mimi-protocol-04.md:812 § 5.2. Claim keying material
 *   new: draft-ietf-mimi-protocol-05.md:830 § 5.2. Claim keying material
 *   fingerprint: 0123456789ab
 *
 * 2 ERR, 2 WARN, 2 INFO (1 suppressed)
 * ```
 *
 * ANSI colours only with `color: true` (ERR red, WARN yellow, INFO cyan, details and suppressed
 * findings dim). Findings keep the report's order, so the output is deterministic.
 */
import { formatSuggestedErratum } from '../../common/diagnostics.ts';
import { formatCodeLocation, formatLocation } from '../location.ts';
import type { Finding, Level, Report } from '../model.ts';
import { comparedLine, newLabel, summaryLine } from './shared.ts';

const ESC = '\u001b[';
const RESET = `${ESC}0m`;
const LEVEL_COLOUR: Record<Level, string> = { ERR: `${ESC}31m`, WARN: `${ESC}33m`, INFO: `${ESC}36m` };
const BOLD = `${ESC}1m`;
const DIM = `${ESC}2m`;

export interface TextOptions {
  color?: boolean;
}

export function formatText(report: Report, options: TextOptions = {}): string {
  const paint = (code: string, s: string) => (options.color ? `${code}${s}${RESET}` : s);
  const out: string[] = [`${report.tool}: ${comparedLine(report)}`, ''];
  if (report.findings.length === 0) out.push('No findings.', '');
  for (const f of report.findings) out.push(...block(f, newLabel(report), paint), '');
  const s = report.summary;
  const colour = s.ERR > 0 ? LEVEL_COLOUR.ERR : s.WARN > 0 ? LEVEL_COLOUR.WARN : '';
  out.push(colour ? paint(colour, summaryLine(s)) : summaryLine(s));
  return `${out.join('\n')}\n`;
}

function block(f: Finding, newName: string, paint: (code: string, s: string) => string): string[] {
  const level = f.level.padEnd(4);
  const head = f.suppressed
    ? paint(DIM, `${level}  ${f.rule}  ${f.subject}  [suppressed]`)
    : `${paint(LEVEL_COLOUR[f.level], level)}  ${f.rule}  ${paint(BOLD, f.subject)}`;
  const lines = [head, `  ${f.message}`];
  const detail = (s: string) => lines.push(paint(DIM, `  ${s}`));
  if (f.direction && f.direction !== 'unknown') detail(`direction: ${f.direction}`);
  if (f.causes && f.causes.length > 0) detail(`caused by: ${f.causes.join(', ')}`);
  if (f.old) detail(`old: ${formatLocation(f.old)}`);
  if (f.new) detail(`${newName}: ${formatLocation(f.new)}`);
  for (const c of f.implementedBy ?? []) detail(`implemented by: ${formatCodeLocation(c)}`);
  if (f.suggestedErratum) {
    const [heading = '', ...json] = formatSuggestedErratum(f.suggestedErratum);
    detail(heading);
    for (const l of json) lines.push(`  ${l}`);
  }
  detail(`fingerprint: ${f.fingerprint}`);
  return lines;
}
