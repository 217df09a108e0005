/**
 * `mimi spec diff` as a library: two SpecSets → a Report. Each domain has its own differ (TLS-PL,
 * CDDL, OpenAPI), all reporting RawFindings against the one rule catalogue; finalize applies
 * levels, config overrides, suppressions and fingerprints.
 */
import { EMPTY_CONFIG } from "./config.js";
import { diffCddl } from "./cddl-diff.js";
import { finalize, sortFindings } from "./finalize.js";
import { summarize } from "./model.js";
import { diffOpenApi } from "./openapi-diff.js";
import { sideErrorFindings } from "./side-errors.js";
import { diffTls } from "./tls-diff.js";
export const DIFFERS = [diffTls, diffCddl, diffOpenApi];
export function diffSpecSets(oldSide, newSide, config = EMPTY_CONFIG) {
    const suppressed = new Set(config.suppress.map((s) => s.fingerprint));
    const sideErrors = [...sideErrorFindings(oldSide, 'old'), ...sideErrorFindings(newSide, 'new')].map((f) => ({ ...f, suppressed: suppressed.has(f.fingerprint) }));
    const findings = sortFindings([...finalize(DIFFERS.flatMap((d) => d(oldSide, newSide)), config), ...sideErrors]);
    return { tool: 'mimi spec diff', reportVersion: 1, sides: [oldSide.info, newSide.info], findings, summary: summarize(findings) };
}
//# sourceMappingURL=diff.js.map