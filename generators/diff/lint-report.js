import { fingerprint } from "./finalize.js";
import { LEVELS, summarize } from "./model.js";
export function diagnosticFinding(d, domain) {
    // The subject is the file, not the line: a fingerprint must survive edits above the finding.
    const raw = { rule: d.code, domain, subject: d.file, message: d.hint ? `${d.message} (hint: ${d.hint})` : d.message };
    return { ...raw, category: 'LINT', level: d.severity === 'error' ? 'ERR' : 'WARN', new: { file: d.file, line: d.line, col: d.col }, fingerprint: fingerprint(raw), suppressed: false };
}
export function erratumFinding(e) {
    const colon = e.at.lastIndexOf(':');
    const file = e.at.slice(0, colon);
    const raw = { rule: 'erratum-applied', domain: 'errata', subject: e.id, message: `${e.reason} (${e.errataFile})` };
    return { ...raw, category: 'LINT', level: 'INFO', new: { file, line: Number(e.at.slice(colon + 1)) || 1 }, fingerprint: fingerprint(raw), suppressed: false };
}
export function lintReport(target, groups, errata) {
    const findings = [...groups.flatMap((g) => g.diagnostics.map((d) => diagnosticFinding(d, g.domain))), ...errata.map(erratumFinding)];
    // By level, then as a compiler lists them: file, line, column.
    findings.sort((a, b) => LEVELS.indexOf(a.level) - LEVELS.indexOf(b.level) ||
        (a.new?.file ?? '').localeCompare(b.new?.file ?? '') ||
        (a.new?.line ?? 0) - (b.new?.line ?? 0) ||
        (a.new?.col ?? 0) - (b.new?.col ?? 0) ||
        a.rule.localeCompare(b.rule));
    return { tool: 'mimi spec lint', reportVersion: 1, sides: [target], findings, summary: summarize(findings) };
}
//# sourceMappingURL=lint-report.js.map