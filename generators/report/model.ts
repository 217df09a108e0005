/**
 * The findings model shared by `mimi spec diff` and `mimi spec lint`: what a differ or a lint check
 * reports, and what every output format (generators/report/format/) prints.
 *
 * A differ produces RawFindings (rule id, subject, message, where in each version); `finalize`
 * (finalize.ts) turns them into Findings by looking the rule up in the catalogue (rules.json):
 * category, level (per direction, then config overrides), fingerprint, suppression.
 */
import type { SuggestedErratum } from '../common/diagnostics.ts';

/** ERR: breaking. WARN: cannot tell (depends on how peers use it). INFO: compatible. */
export type Level = 'ERR' | 'WARN' | 'INFO';
export const LEVELS: readonly Level[] = ['ERR', 'WARN', 'INFO'];

/**
 * WIRE: the bytes on the wire or their meaning change. SOURCE: the generated TypeScript API changes
 * but not the bytes (like buf's WIRE vs FILE categories). LINT: a finding of `mimi spec lint`.
 * PROSE: the text of a draft section that hand-written code implements (`@spec` tag) changed.
 */
export type Category = 'WIRE' | 'SOURCE' | 'LINT' | 'PROSE';

/** What kind of definition a finding is about. */
export type Domain = 'tls' | 'cddl' | 'openapi' | 'errata' | 'examples' | 'prose';

/**
 * Which way the changed value travels, where it matters: narrowing what a request may carry breaks
 * nobody who sends less, narrowing a response breaks clients expecting more (oasdiff's direction).
 * `unknown` when the differ cannot tell (a TLS type no OpenAPI body names).
 */
export type Direction = 'request' | 'response' | 'unknown';

/** A place in one version: the spec file position, and the draft position when known. */
export interface SourceLocation {
  /** File as the user named it or as the extractor recorded it (a draft .md, a .tls, .cddl or .yaml). */
  file: string;
  line: number;
  col?: number;
  /** Draft file name and section, e.g. `draft-ietf-mimi-protocol-05.md`, `§ 5.2. Claim keying material`. */
  draft?: string;
  section?: string;
  /** Line in the draft markdown. */
  draftLine?: number;
}

/** A place in the hand-written code: where an `@spec` tag says the code implements a draft section. */
export interface CodeLocation {
  /** Repository-relative, e.g. `packages/content/src/message-id.ts`. */
  file: string;
  line: number;
  col: number;
  /** The function, class or constant the tag documents (`computeMessageId`); absent for a whole file. */
  symbol?: string;
}

/** What a differ or lint check reports, before the catalogue and the config are applied. */
export interface RawFinding {
  /** Rule id from rules.json (kebab-case), e.g. `tls-struct-field-inserted`. */
  rule: string;
  domain: Domain;
  /**
   * What changed, as a stable path: `KeyPackage.leaf_node`, `KeyMaterialUserCode.noConsent`,
   * `mimiContent[3]`, `POST /v1/keyMaterial/{targetUser}`. Part of the fingerprint.
   */
  subject: string;
  /** One sentence, no positions (positions change between commits; the fingerprint must not). */
  message: string;
  direction?: Direction;
  /** Absent for something added (no old location) or removed (no new location). */
  old?: SourceLocation;
  new?: SourceLocation;
  /** The whole definition's text in each version (TLS-PL, CDDL or YAML), for side-by-side views. */
  oldText?: string;
  newText?: string;
  /** For findings caused by other changes (a type that changed only because a type it contains did): their subjects. */
  causes?: string[];
  /** PROSE findings: every code location whose `@spec` tag names the section. */
  implementedBy?: CodeLocation[];
  /** LINT findings in a draft's text with a mechanical fix: the erratum that makes it (spec/errata/<draft>-<NN>.json). */
  suggestedErratum?: SuggestedErratum;
}

export interface Finding extends RawFinding {
  category: Category;
  level: Level;
  /** First 12 hex digits of sha256(`${rule}:${subject}:${message}`): stable across commits. */
  fingerprint: string;
  /** Matched a fingerprint in the config's suppress list: shown, counted apart, never fails the run. */
  suppressed: boolean;
}

/** One side of a comparison, or the target of a lint, as the report names it. */
export interface SideInfo {
  /** What the user passed: a path, `git:<ref>`, … */
  label: string;
  kind: 'draft' | 'spec-dir' | 'spec-file' | 'openapi' | 'git';
  /** Draft name and version when known: `draft-ietf-mimi-protocol`, `05`. */
  draft?: string;
  version?: string;
}

export interface Summary {
  ERR: number;
  WARN: number;
  INFO: number;
  suppressed: number;
}

/** The document every format renders; its JSON form is published as generators/report/report.schema.json. */
export interface Report {
  tool: 'mimi spec diff' | 'mimi spec lint';
  /** Output format version; bump on incompatible change of this shape. */
  reportVersion: 1;
  /** diff: [old, new]; lint: [target]. */
  sides: SideInfo[];
  findings: Finding[];
  summary: Summary;
}

export function summarize(findings: readonly Finding[]): Summary {
  const s: Summary = { ERR: 0, WARN: 0, INFO: 0, suppressed: 0 };
  for (const f of findings) {
    if (f.suppressed) s.suppressed++;
    else s[f.level]++;
  }
  return s;
}

/** Exit status for `--fail-on`: 1 when an unsuppressed finding is at or above the threshold. */
export function failsOn(report: Report, threshold: Level | undefined): boolean {
  if (!threshold) return false;
  const rank = (l: Level) => LEVELS.indexOf(l);
  return report.findings.some((f) => !f.suppressed && rank(f.level) <= rank(threshold));
}
