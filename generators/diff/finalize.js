/**
 * RawFindings → Findings: category and level from the catalogue (per direction), level overrides
 * and suppressions from the config, and a fingerprint that survives line moves. Output order is
 * deterministic: by level, then domain, subject, rule and message.
 */
import { createHash } from 'node:crypto';
import { EMPTY_CONFIG } from "./config.js";
import { LEVELS } from "./model.js";
import { findingRule, levelOf } from "./rules.js";
export function fingerprint(f) {
    return createHash('sha256').update(`${f.rule}:${f.subject}:${f.message}`).digest('hex').slice(0, 12);
}
export function finalize(raw, config = EMPTY_CONFIG) {
    const suppressed = new Set(config.suppress.map((s) => s.fingerprint));
    const seen = new Set();
    const out = [];
    for (const r of raw) {
        const rule = findingRule(r.rule);
        const fp = fingerprint(r);
        if (seen.has(fp))
            continue;
        seen.add(fp);
        out.push({ ...r, category: rule.category, level: config.levels[r.rule] ?? levelOf(rule, r.direction), fingerprint: fp, suppressed: suppressed.has(fp) });
    }
    return sortFindings(out);
}
export function sortFindings(findings) {
    return findings.sort((a, b) => LEVELS.indexOf(a.level) - LEVELS.indexOf(b.level) ||
        a.domain.localeCompare(b.domain) ||
        a.subject.localeCompare(b.subject) ||
        a.rule.localeCompare(b.rule) ||
        a.message.localeCompare(b.message));
}
//# sourceMappingURL=finalize.js.map