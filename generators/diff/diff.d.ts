/**
 * `mimi spec diff` as a library: two SpecSets → a Report. Each domain has its own differ (TLS-PL,
 * CDDL, OpenAPI), all reporting RawFindings against the one rule catalogue; finalize applies
 * levels, config overrides, suppressions and fingerprints.
 */
import { type DiffConfig } from './config.ts';
import { diffCddl } from './cddl-diff.ts';
import { type Report } from './model.ts';
import { diffOpenApi } from './openapi-diff.ts';
import type { SpecSet } from './spec-set.ts';
import { diffTls } from './tls-diff.ts';
export declare const DIFFERS: readonly [typeof diffTls, typeof diffCddl, typeof diffOpenApi];
export declare function diffSpecSets(oldSide: SpecSet, newSide: SpecSet, config?: DiffConfig): Report;
//# sourceMappingURL=diff.d.ts.map