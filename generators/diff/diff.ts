/**
 * `mimi spec diff` as a library: two SpecSets → a Report. Each domain has its own differ (TLS-PL,
 * CDDL, OpenAPI), all reporting RawFindings against the one rule catalogue; finalize applies
 * levels, config overrides, suppressions and fingerprints.
 */
import { EMPTY_CONFIG, type DiffConfig } from './config.ts';
import { diffCddl } from './cddl-diff.ts';
import { finalize, sortFindings } from './finalize.ts';
import { summarize, type Report } from '../report/model.ts';
import { diffOpenApi } from './openapi-diff.ts';
import { errataNoteFindings } from './errata-forward.ts';
import { sideErrorFindings } from './side-errors.ts';
import { proseFindings } from './prose-watch.ts';
import type { SpecSet } from './spec-set.ts';
import type { SpecTag } from './spec-tags.ts';
import { diffTls } from './tls-diff.ts';

export const DIFFERS = [diffTls, diffCddl, diffOpenApi] as const;

/** `tags`: the `@spec` tags of the hand-written code (scanSpecTags), for the prose watch; none by default. */
export function diffSpecSets(oldSide: SpecSet, newSide: SpecSet, config: DiffConfig = EMPTY_CONFIG, tags: readonly SpecTag[] = []): Report {
  const suppressed = new Set(config.suppress.map((s) => s.fingerprint));
  const sideErrors = [...sideErrorFindings(oldSide, 'old'), ...sideErrorFindings(newSide, 'new')].map((f) => ({
    ...f,
    suppressed: suppressed.has(f.fingerprint),
  }));
  const findings = sortFindings([
    ...finalize([...DIFFERS.flatMap((d) => d(oldSide, newSide)), ...proseFindings(oldSide, newSide, tags), ...errataNoteFindings(newSide)], config),
    ...sideErrors,
  ]);
  return { tool: 'mimi spec diff', reportVersion: 1, sides: [oldSide.info, newSide.info], findings, summary: summarize(findings) };
}
