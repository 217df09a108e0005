/**
 * JUnit XML, for CI systems that show test reports (GitLab, Jenkins, Azure, the JUnit report
 * actions of GitHub): one <testsuite> per domain (tls, cddl, openapi, errata, examples, in that
 * order; only domains with findings), one <testcase> per finding, named `subject (rule-id)`.
 *
 * - ERR: a <failure type="ERR">.
 * - WARN: passes, with the finding in <system-out>. A WARN means "cannot tell", and every JUnit
 *   consumer turns any <failure> into a red build, which would make `--fail-on ERR` meaningless; so
 *   only ERR fails here. Whether warnings fail the run is `--fail-on WARN`'s job (the exit status).
 * - INFO: passes, with the finding in <system-out>.
 * - suppressed (any level): <skipped>, with the fingerprint.
 *
 * Text is escaped for XML 1.0; characters XML cannot carry (most C0 controls) become U+FFFD.
 */
import { formatCodeLocation, formatLocation } from '../location.ts';
import type { Domain, Finding, Report } from '../model.ts';
import { newLabel, primaryLocation, summaryLine } from './shared.ts';

const DOMAIN_ORDER: readonly Domain[] = ['tls', 'cddl', 'openapi', 'errata', 'examples', 'prose'];

export function formatJunit(report: Report): string {
  const tool = report.tool.replace(/ /g, '-');
  const byDomain = new Map<string, Finding[]>();
  for (const f of report.findings) {
    const list = byDomain.get(f.domain) ?? [];
    list.push(f);
    byDomain.set(f.domain, list);
  }
  const domains = [...byDomain.keys()].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  const count = (fs: readonly Finding[]) => ({
    tests: fs.length,
    failures: fs.filter((f) => !f.suppressed && f.level === 'ERR').length,
    skipped: fs.filter((f) => f.suppressed).length,
  });
  const all = count(report.findings);
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${attr(`${report.tool}: ${summaryLine(report.summary)}`)}" tests="${all.tests}" failures="${all.failures}" errors="0" skipped="${all.skipped}">`,
  ];
  for (const domain of domains) {
    const fs = byDomain.get(domain)!;
    const c = count(fs);
    out.push(`  <testsuite name="${attr(`${tool}.${domain}`)}" tests="${c.tests}" failures="${c.failures}" errors="0" skipped="${c.skipped}">`);
    for (const f of fs) out.push(...testcase(f, `${tool}.${domain}`, newLabel(report)));
    out.push('  </testsuite>');
  }
  out.push('</testsuites>', '');
  return out.join('\n');
}

function rank(domain: string): number {
  const i = DOMAIN_ORDER.indexOf(domain as Domain);
  return i < 0 ? DOMAIN_ORDER.length : i;
}

function testcase(f: Finding, classname: string, newName: string): string[] {
  const at = primaryLocation(f);
  const pos = at ? ` file="${attr(at.file)}" line="${at.line}"` : '';
  const open = `    <testcase classname="${attr(classname)}" name="${attr(`${f.subject} (${f.rule})`)}"${pos}>`;
  const details = detailText(f, newName);
  if (f.suppressed)
    return [open, `      <skipped message="${attr(`suppressed ${f.level} (fingerprint ${f.fingerprint}): ${f.message}`)}"/>`, '    </testcase>'];
  if (f.level === 'ERR')
    return [open, `      <failure type="ERR" message="${attr(`${f.subject}: ${f.message}`)}">${text(details)}</failure>`, '    </testcase>'];
  return [open, `      <system-out>${text(details)}</system-out>`, '    </testcase>'];
}

function detailText(f: Finding, newName: string): string {
  const lines = [`${f.level} ${f.rule} ${f.subject}`, f.message];
  if (f.direction && f.direction !== 'unknown') lines.push(`direction: ${f.direction}`);
  if (f.causes && f.causes.length > 0) lines.push(`caused by: ${f.causes.join(', ')}`);
  if (f.old) lines.push(`old: ${formatLocation(f.old)}`);
  if (f.new) lines.push(`${newName}: ${formatLocation(f.new)}`);
  for (const c of f.implementedBy ?? []) lines.push(`implemented by: ${formatCodeLocation(c)}`);
  lines.push(`fingerprint: ${f.fingerprint}`);
  return lines.join('\n');
}

// XML 1.0 allows tab, LF, CR and everything from U+0020 except lone surrogates and U+FFFE/U+FFFF.
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters XML 1.0 forbids, removed on purpose
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Escapes element content. */
export function text(s: string): string {
  return s.replace(INVALID_XML, '\uFFFD').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Escapes an attribute value (double-quoted); line breaks and tabs as character references so they survive normalisation. */
export function attr(s: string): string {
  return text(s).replace(/"/g, '&quot;').replace(/'/g, '&apos;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}
