/**
 * A diff of a version that does not fully parse compares only what parsed; saying nothing would let
 * "0 ERR" read as "no wire change". So each side whose definitions have errors gets one finding
 * (category LINT, level WARN, rule `side-has-errors`, outside the diff catalogue) naming how many
 * errors, where the first is, and the lint command that lists them all. `--fail-on WARN` stops a CI
 * run on it.
 *
 * The errors counted are those `mimi spec lint` reports for the version's definitions: what loading
 * it reported (syntax, extraction, errata) and the checks parsing does not make (a CDDL rule defined
 * twice, differently; a name used but defined nowhere; duplicate TLS fields), whatever the side was
 * loaded from (a draft, a spec directory, a git ref).
 */
import type { Diagnostic } from '../common/diagnostics.ts';
import { definitionChecks } from '../lint/definition-checks.ts';
import type { LintGroup } from '../lint/report.ts';
import { fingerprint } from '../report/fingerprint.ts';
import { lintGroupsOf } from './load-side.ts';
import type { Finding } from '../report/model.ts';
import type { SpecSet } from './spec-set.ts';

export const SIDE_HAS_ERRORS = 'side-has-errors';

export function sideErrorFindings(side: SpecSet, which: 'old' | 'new'): Finding[] {
  const out: Finding[] = [];
  for (const group of errorGroups(side)) {
    const errors = group.diagnostics;
    const first = errors[0];
    if (!first) continue;
    const what = group.domain === 'cddl' ? 'CDDL' : group.domain === 'errata' ? 'errata' : group.domain === 'openapi' ? 'OpenAPI' : 'TLS-PL';
    const raw = {
      rule: SIDE_HAS_ERRORS,
      domain: group.domain,
      subject: `${which}: ${side.info.label}`,
      message: `the ${which} version's ${what} has ${errors.length} error${errors.length === 1 ? '' : 's'} (first: ${first.message}); what does not parse is not compared, run \`mimi spec lint ${side.info.label}\``,
    };
    out.push({
      ...raw,
      category: 'LINT',
      level: 'WARN',
      [which]: { file: first.file, line: first.line, col: first.col },
      fingerprint: fingerprint(raw),
      suppressed: false,
    });
  }
  return out;
}

/** The side's errors by domain: its load errors first, then those of the definition checks. */
function errorGroups(side: SpecSet): LintGroup[] {
  const groups = new Map(lintGroupsOf(side).map((g) => [g.domain, g.diagnostics.filter((d: Diagnostic) => d.severity === 'error')]));
  for (const [domain, diagnostics] of definitionChecks(side)) {
    const errors = diagnostics.filter((d) => d.severity === 'error');
    groups.set(domain, [...(groups.get(domain) ?? []), ...errors]);
  }
  return [...groups].map(([domain, diagnostics]) => ({ domain, diagnostics }));
}
