/**
 * `mimi spec diff` as a library: two SpecSets → a Report. Each domain has its own differ (TLS-PL,
 * CDDL, OpenAPI), all reporting RawFindings against the one rule catalogue; finalize applies
 * levels, config overrides, suppressions and fingerprints.
 */
import { EMPTY_CONFIG, type DiffConfig } from './config.ts';
import { diffCddl } from './cddl-diff.ts';
import { finalize } from './finalize.ts';
import { summarize, type Report } from './model.ts';
import { diffOpenApi } from './openapi-diff.ts';
import type { SpecSet } from './spec-set.ts';
import { diffTls } from './tls-diff.ts';

export const DIFFERS = [diffTls, diffCddl, diffOpenApi] as const;

export function diffSpecSets(oldSide: SpecSet, newSide: SpecSet, config: DiffConfig = EMPTY_CONFIG): Report {
  const findings = finalize(
    DIFFERS.flatMap((d) => d(oldSide, newSide)),
    config,
  );
  return { tool: 'mimi spec diff', reportVersion: 1, sides: [oldSide.info, newSide.info], findings, summary: summarize(findings) };
}
