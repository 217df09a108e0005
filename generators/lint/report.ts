/**
 * `mimi spec lint` results as a Report, so lint and diff share every output format and
 * `--fail-on`: each diagnostic becomes a LINT finding (error → ERR, warning → WARN) whose rule is
 * the diagnostic code, and each erratum applied to a draft becomes an INFO finding, so the
 * deviations from the drafts stay visible in every format.
 */
import type { Diagnostic } from '../common/diagnostics.ts';
import { fingerprint } from '../report/fingerprint.ts';
import { LEVELS, summarize, type Domain, type Finding, type Report, type SideInfo } from '../report/model.ts';

/** An erratum the extractor applied, with where it applies. */
export interface AppliedErratum {
  id: string;
  reason: string;
  /** `file:line` of the corrected text (a draft line, or a line of an included .cddl file). */
  at: string;
  errataFile: string;
}

export interface LintGroup {
  /** The lint source that found them (openapi, tls, cddl, errata, examples). */
  domain: Domain;
  diagnostics: readonly Diagnostic[];
}

export function diagnosticFinding(d: Diagnostic, domain: Domain): Finding {
  // The subject is the file, not the line: a fingerprint must survive edits above the finding.
  const raw = { rule: d.code, domain, subject: d.file, message: d.hint ? `${d.message} (hint: ${d.hint})` : d.message };
  return {
    ...raw,
    category: 'LINT',
    level: d.severity === 'error' ? 'ERR' : 'WARN',
    new: { file: d.file, line: d.line, col: d.col },
    ...(d.suggestedErratum ? { suggestedErratum: d.suggestedErratum } : {}),
    fingerprint: fingerprint(raw),
    suppressed: false,
  };
}

export function erratumFinding(e: AppliedErratum): Finding {
  const colon = e.at.lastIndexOf(':');
  const file = e.at.slice(0, colon);
  const raw = { rule: 'erratum-applied', domain: 'errata' as const, subject: e.id, message: `${e.reason} (${e.errataFile})` };
  return { ...raw, category: 'LINT', level: 'INFO', new: { file, line: Number(e.at.slice(colon + 1)) || 1 }, fingerprint: fingerprint(raw), suppressed: false };
}

export function lintReport(target: SideInfo, groups: readonly LintGroup[], errata: readonly AppliedErratum[]): Report {
  const findings = [...groups.flatMap((g) => g.diagnostics.map((d) => diagnosticFinding(d, g.domain))), ...errata.map(erratumFinding)];
  // By level, then as a compiler lists them: file, line, column.
  findings.sort(
    (a, b) =>
      LEVELS.indexOf(a.level) - LEVELS.indexOf(b.level) ||
      (a.new?.file ?? '').localeCompare(b.new?.file ?? '') ||
      (a.new?.line ?? 0) - (b.new?.line ?? 0) ||
      (a.new?.col ?? 0) - (b.new?.col ?? 0) ||
      a.rule.localeCompare(b.rule),
  );
  return { tool: 'mimi spec lint', reportVersion: 1, sides: [target], findings, summary: summarize(findings) };
}
