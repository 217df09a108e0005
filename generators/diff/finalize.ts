/**
 * RawFindings → Findings: category and level from the catalogue (per direction), level overrides
 * and suppressions from the config, and a fingerprint that survives line moves. Output order is
 * deterministic: by level, then domain, subject, rule and message.
 */
import { EMPTY_CONFIG, type DiffConfig } from './config.ts';
import { fingerprint } from '../report/fingerprint.ts';
import { LEVELS, type Finding, type RawFinding } from '../report/model.ts';
import { findingRule, levelOf } from './rules.ts';

export function finalize(raw: readonly RawFinding[], config: DiffConfig = EMPTY_CONFIG): Finding[] {
  const suppressed = new Set(config.suppress.map((s) => s.fingerprint));
  const seen = new Set<string>();
  const out: Finding[] = [];
  for (const r of raw) {
    const rule = findingRule(r.rule);
    const fp = fingerprint(r);
    if (seen.has(fp)) continue;
    seen.add(fp);
    out.push({ ...r, category: rule.category, level: config.levels[r.rule] ?? levelOf(rule, r.direction), fingerprint: fp, suppressed: suppressed.has(fp) });
  }
  return sortFindings(out);
}

export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort(
    (a, b) =>
      LEVELS.indexOf(a.level) - LEVELS.indexOf(b.level) ||
      a.domain.localeCompare(b.domain) ||
      a.subject.localeCompare(b.subject) ||
      a.rule.localeCompare(b.rule) ||
      a.message.localeCompare(b.message),
  );
}
