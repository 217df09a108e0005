/**
 * The findings model shared by `mimi spec diff` and `mimi spec lint`: what a differ or a lint check
 * reports, and what every output format (generators/diff/format/) prints.
 *
 * A differ produces RawFindings (rule id, subject, message, where in each version); `finalize`
 * (finalize.ts) turns them into Findings by looking the rule up in the catalogue (rules.json):
 * category, level (per direction, then config overrides), fingerprint, suppression.
 */
export const LEVELS = ['ERR', 'WARN', 'INFO'];
export function summarize(findings) {
    const s = { ERR: 0, WARN: 0, INFO: 0, suppressed: 0 };
    for (const f of findings) {
        if (f.suppressed)
            s.suppressed++;
        else
            s[f.level]++;
    }
    return s;
}
/** Exit status for `--fail-on`: 1 when an unsuppressed finding is at or above the threshold. */
export function failsOn(report, threshold) {
    if (!threshold)
        return false;
    const rank = (l) => LEVELS.indexOf(l);
    return report.findings.some((f) => !f.suppressed && rank(f.level) <= rank(threshold));
}
//# sourceMappingURL=model.js.map