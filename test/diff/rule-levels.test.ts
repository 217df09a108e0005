/**
 * The level of every `mimi spec diff` rule, written here rather than read from rules.json, so that a
 * level changed in the catalogue (ERR lowered to INFO, request and response swapped) fails a test
 * instead of silently changing what `--fail-on` lets through.
 *
 * Each (rule, direction) of the table is triggered through the real differ (diffSpecSets, on the
 * rule's fixture pair loaded as the command loads files) and its findings must carry that rule,
 * that direction and that level. The directions listed for a rule are exactly those the differs can
 * report it in:
 * - TLS rules: every direction. A fixture pair alone gives none (`unset`); an OpenAPI document whose
 *   bodies name every type of the pair in requests, responses or both gives `request`, `response`
 *   or `unknown` (see directionFinder in generators/diff/tls-diff.ts).
 * - CDDL and prose rules: none (CDDL has no request or response; prose is no value).
 * - OpenAPI rules: bodies are `request` or `response`, error statuses `response`, the rest none.
 *   A direction the rule's own fixture does not give comes from DIRECTION_FIXTURES.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EMPTY_CONFIG } from '../../generators/diff/config.ts';
import { diffSpecSets } from '../../generators/diff/diff.ts';
import { scanSpecTags } from '../../generators/diff/spec-tags.ts';
import { loadSide } from '../../generators/diff/load-side.ts';
import type { Direction, Finding, Level } from '../../generators/report/model.ts';
import { RULES } from '../../generators/diff/rules.ts';
import type { SpecSet } from '../../generators/diff/spec-set.ts';
import { ownDeclarations } from '../../generators/tls/model.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const FIX = 'test/fixtures/diff';

/** The direction a finding reports; `unset` when it carries none. */
type Reported = Direction | 'unset';

/** A TLS rule whose level is the same whichever way the value travels. */
const tls = (level: Level): Record<Reported, Level> => ({ unset: level, request: level, response: level, unknown: level });
/** A rule the differs report without a direction. */
const plain = (level: Level): Partial<Record<Reported, Level>> => ({ unset: level });

/** Expected level of every rule in every direction the differs report it in. */
const EXPECTED: Record<string, Partial<Record<Reported, Level>>> = {
  'tls-type-added': tls('INFO'),
  'tls-type-removed': tls('ERR'),
  'tls-type-renamed': tls('WARN'),
  'tls-type-kind-changed': tls('ERR'),
  'tls-type-changed-via-dependency': tls('INFO'),
  'tls-struct-field-inserted': tls('ERR'),
  'tls-struct-field-removed': tls('ERR'),
  'tls-struct-field-reordered': tls('ERR'),
  'tls-struct-field-renamed': tls('WARN'),
  'tls-field-type-changed': tls('ERR'),
  'tls-integer-width-changed': tls('ERR'),
  'tls-vector-length-prefix-changed': tls('ERR'),
  'tls-vector-bounds-changed': tls('WARN'),
  'tls-array-size-changed': tls('ERR'),
  'tls-array-vector-changed': tls('ERR'),
  'tls-optional-added': tls('ERR'),
  'tls-optional-removed': tls('ERR'),
  'tls-fixed-value-changed': tls('ERR'),
  // A new value breaks a receiver that does not know it: harmless when only servers receive it.
  'tls-enum-value-added': { unset: 'WARN', request: 'INFO', response: 'WARN', unknown: 'WARN' },
  'tls-open-enum-value-added': tls('INFO'),
  'tls-enum-value-removed': tls('ERR'),
  'tls-enum-value-renumbered': tls('ERR'),
  'tls-enum-value-renamed': tls('WARN'),
  'tls-enum-width-changed': tls('ERR'),
  'tls-enum-max-changed': tls('INFO'),
  'tls-select-arm-added': { unset: 'WARN', request: 'INFO', response: 'WARN', unknown: 'WARN' },
  'tls-select-arm-removed': tls('ERR'),
  'tls-select-arm-renumbered': tls('ERR'),
  'tls-select-discriminator-changed': tls('ERR'),
  'tls-definition-text-changed': tls('INFO'),
  'tls-definition-unparsable': tls('WARN'),

  'cddl-rule-added': plain('INFO'),
  'cddl-rule-removed': plain('ERR'),
  'cddl-rule-renamed': plain('WARN'),
  'cddl-array-member-inserted': plain('ERR'),
  'cddl-array-member-removed': plain('ERR'),
  'cddl-array-member-renamed': plain('WARN'),
  'cddl-member-type-changed': plain('ERR'),
  'cddl-type-choice-narrowed': plain('ERR'),
  'cddl-type-choice-widened': plain('WARN'),
  'cddl-value-renumbered': plain('ERR'),
  'cddl-size-changed': plain('ERR'),
  'cddl-map-key-removed': plain('ERR'),
  'cddl-map-required-key-added': plain('ERR'),
  'cddl-map-optional-key-added': plain('INFO'),
  'cddl-occurrence-changed': plain('ERR'),
  'cddl-type-changed-via-dependency': plain('INFO'),
  'cddl-definition-text-changed': plain('INFO'),

  'api-operation-added': plain('INFO'),
  'api-operation-removed': plain('ERR'),
  'api-operation-id-changed': plain('WARN'),
  'api-path-changed': plain('ERR'),
  'api-method-changed': plain('ERR'),
  'api-path-param-renamed': plain('WARN'),
  'api-success-status-changed': plain('ERR'),
  'api-error-status-added': { response: 'INFO' },
  'api-error-status-removed': { response: 'WARN' },
  'api-media-type-changed': { request: 'ERR', response: 'ERR' },
  'api-body-type-changed': { request: 'ERR', response: 'ERR' },
  // A client that sends no body breaks a server requiring one; a server answering with a body a
  // client ignores breaks nobody it cannot tell about.
  'api-body-added': { request: 'ERR', response: 'WARN' },
  // A server that no longer reads a body breaks no caller; a client expecting one breaks.
  'api-body-removed': { request: 'INFO', response: 'ERR' },
  'api-role-changed': plain('WARN'),
  'api-directory-key-changed': plain('ERR'),
  'prose-section-changed': plain('WARN'),
  'prose-section-renamed': plain('WARN'),
  'prose-section-removed': plain('WARN'),
  'prose-section-added': plain('WARN'),
};

interface Trigger {
  /** Folder under test/fixtures/diff holding old.* and new.*. */
  fixture: string;
  /** Compare new → old: the pair of the opposite rule. */
  reversed?: boolean;
}

/** Fixture pairs for the directions a rule's own pair does not give (`rule direction`). */
const DIRECTION_FIXTURES: Record<string, Trigger> = {
  'api-body-added response': { fixture: 'api-body-removed', reversed: true },
  'api-body-removed request': { fixture: 'api-body-added', reversed: true },
  'api-media-type-changed response': { fixture: 'api-media-type-changed/response' },
  'api-body-type-changed request': { fixture: 'api-body-type-changed/request' },
};

const triggerOf = (rule: string, direction: Reported): Trigger => DIRECTION_FIXTURES[`${rule} ${direction}`] ?? { fixture: rule };

/**
 * An OpenAPI document with one operation per TLS type: the type as the request body, the response
 * body, or both (`unknown`: it travels both ways).
 */
function bodiesNaming(types: readonly string[], direction: Direction): unknown {
  const media = (type: string) => ({ 'application/mimi-protocol': { 'x-mimi-tls-type': type } });
  const operation = (type: string) => ({
    operationId: `carry${type}`,
    ...(direction !== 'response' && { requestBody: { content: media(type) } }),
    responses: { '200': { description: 'carried', ...(direction !== 'request' && { content: media(type) }) } },
  });
  return { openapi: '3.1.0', info: { title: 'directions', version: '1' }, paths: Object.fromEntries(types.map((t) => [`/${t}`, { post: operation(t) }])) };
}

const tlsTypesOf = (side: SpecSet): string[] => [...side.tls.flatMap((p) => ownDeclarations(p).map((d) => d.name)), ...(side.unparsed?.keys() ?? [])];

/** The findings of `mimi spec diff` on a trigger's pair, a TLS pair given `direction` by OpenAPI bodies. */
async function diffOf(trigger: Trigger, direction: Reported): Promise<Finding[]> {
  const dir = join(ROOT, FIX, trigger.fixture);
  const files = readdirSync(dir);
  const load = (prefix: string) => loadSide(join(dir, files.find((f) => f.startsWith(prefix))!), { root: ROOT, cwd: ROOT });
  const [old, neu] = trigger.reversed ? [await load('new.'), await load('old.')] : [await load('old.'), await load('new.')];
  const isTls = old.tls.length > 0 || neu.tls.length > 0;
  if (isTls && direction !== 'unset') {
    const openapi = { file: 'directions.yaml', text: '', doc: bodiesNaming([...new Set([...tlsTypesOf(old), ...tlsTypesOf(neu)])], direction) };
    // Set in place: the loaded side keeps its identity (its diagnostics are looked up by it).
    old.openapi = openapi;
    neu.openapi = openapi;
  }
  // A prose rule's fixture holds the code whose `@spec` tag names the section (implements.ts).
  return diffSpecSets(old, neu, EMPTY_CONFIG, scanSpecTags(ROOT, [join(FIX, trigger.fixture)]).tags).findings;
}

const CASES = Object.entries(EXPECTED).flatMap(([rule, levels]) =>
  Object.entries(levels).map(([direction, level]): [string, Reported, Level] => [rule, direction as Reported, level]),
);

describe('the level of every diff rule', () => {
  it('the table names exactly the rules of the catalogue', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual(RULES.map((r) => r.id).sort());
  });

  it('every direction fixture is used by the table', () => {
    for (const key of Object.keys(DIRECTION_FIXTURES)) {
      const [rule, direction] = key.split(' ') as [string, Reported];
      expect(EXPECTED[rule]?.[direction], key).toBeDefined();
    }
  });

  it.each(CASES)('%s (%s) is %s', async (rule, direction, level) => {
    const findings = (await diffOf(triggerOf(rule, direction), direction)).filter((f) => f.rule === rule);
    expect(findings.length, `${rule} does not fire`).toBeGreaterThan(0);
    expect(findings.map((f) => [f.direction ?? 'unset', f.level])).toEqual(findings.map(() => [direction, level]));
  });
});
