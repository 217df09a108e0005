import { fingerprint } from "./finalize.js";
import { lintGroupsOf } from "./load-side.js";
export const SIDE_HAS_ERRORS = 'side-has-errors';
export function sideErrorFindings(side, which) {
    const out = [];
    for (const group of lintGroupsOf(side)) {
        const errors = group.diagnostics.filter((d) => d.severity === 'error');
        const first = errors[0];
        if (!first)
            continue;
        const what = group.domain === 'cddl' ? 'CDDL' : group.domain === 'errata' ? 'errata' : group.domain === 'openapi' ? 'OpenAPI' : 'TLS-PL';
        const raw = {
            rule: SIDE_HAS_ERRORS,
            domain: group.domain,
            subject: `${which}: ${side.info.label}`,
            message: `the ${which} version's ${what} has ${errors.length} error${errors.length === 1 ? '' : 's'} (first: ${first.message}); what does not parse is not compared, run \`mimi spec lint ${side.info.label}\``,
        };
        out.push({ ...raw, category: 'LINT', level: 'WARN', [which]: { file: first.file, line: first.line, col: first.col }, fingerprint: fingerprint(raw), suppressed: false });
    }
    return out;
}
//# sourceMappingURL=side-errors.js.map