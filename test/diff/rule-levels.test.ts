/**
 * The level and category of every `mimi spec diff` rule, written here rather than read from
 * rules.json, so that a level or category changed in the catalogue (ERR lowered to INFO, request and
 * response swapped, WIRE called SOURCE) fails a test instead of silently changing what `--fail-on`
 * lets through.
 *
 * One table, one row per catalogue rule (a rule without a row, or without a fixture pair, fails):
 * - old → new: the rule's fixture pair, triggered through the real differ (diffSpecSets, loaded as
 *   the command loads files), must report that rule, in that direction, at that level and category.
 *   The directions listed for a rule are exactly those the differs can report it in:
 *   - TLS rules: every direction. A fixture pair alone gives none (`unset`); an OpenAPI document
 *     whose bodies name every type of the pair in requests, responses or both gives `request`,
 *     `response` or `unknown` (see directionFinder in generators/diff/tls-diff.ts).
 *   - CDDL and prose rules: none (content travels between clients both ways, so no request or
 *     response; prose is no value).
 *   - OpenAPI rules: bodies are `request` or `response`, error statuses `response`, the rest none.
 *     A direction the rule's own fixture does not give comes from DIRECTION_FIXTURES.
 * - new → old: the same pair reversed must report exactly the listed `LEVEL CATEGORY rule`s (an
 *   insertion reads as a removal, a narrowing as a widening, a rename stays a rename).
 * - errata rules: none. Their fixtures hold their own spec/errata for old.md (named by its docname),
 *   so that folder is the root the sides are loaded with; new.md, a later version, has no errata.
 * ISSUE_CASES add pairs for changes that once were misreported (issue 15): a renamed positional
 * member, a value narrowed under a fixed map key, a rule defined twice.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EMPTY_CONFIG } from '../../generators/diff/config.ts';
import { diffSpecSets } from '../../generators/diff/diff.ts';
import { scanSpecTags } from '../../generators/diff/spec-tags.ts';
import { loadDiffSides } from '../../generators/diff/load-pair.ts';
import type { Category, Direction, Finding, Level } from '../../generators/report/model.ts';
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

interface Expectation {
  category: Category;
  /** Level in every direction the differs report the rule in, on its pair old → new. */
  levels: Partial<Record<Reported, Level>>;
  /** `LEVEL CATEGORY rule` of every finding of the pair diffed new → old (no direction), sorted. */
  reversed: string[];
}

const rule = (category: Category, levels: Partial<Record<Reported, Level>>, reversed: string[]): Expectation => ({ category, levels, reversed });

/** Expected category, levels and reverse findings of every rule. */
const EXPECTED: Record<string, Expectation> = {
  'tls-type-added': rule('WIRE', tls('INFO'), ['ERR WIRE tls-type-removed']),
  'tls-type-removed': rule('WIRE', tls('ERR'), ['INFO WIRE tls-type-added']),
  'tls-type-renamed': rule('SOURCE', tls('WARN'), ['WARN SOURCE tls-type-renamed']),
  'tls-type-kind-changed': rule('WIRE', tls('ERR'), ['ERR WIRE tls-type-kind-changed']),
  'tls-type-changed-via-dependency': rule('WIRE', tls('INFO'), ['ERR WIRE tls-integer-width-changed', 'INFO WIRE tls-type-changed-via-dependency']),
  'tls-struct-field-inserted': rule('WIRE', tls('ERR'), ['ERR WIRE tls-struct-field-removed']),
  'tls-struct-field-removed': rule('WIRE', tls('ERR'), ['ERR WIRE tls-struct-field-inserted']),
  'tls-struct-field-reordered': rule('WIRE', tls('ERR'), ['ERR WIRE tls-struct-field-reordered']),
  'tls-struct-field-renamed': rule('SOURCE', tls('WARN'), ['WARN SOURCE tls-struct-field-renamed']),
  'tls-field-type-changed': rule('WIRE', tls('ERR'), ['ERR WIRE tls-field-type-changed']),
  'tls-integer-width-changed': rule('WIRE', tls('ERR'), ['ERR WIRE tls-integer-width-changed']),
  'tls-vector-length-prefix-changed': rule('WIRE', tls('ERR'), ['ERR WIRE tls-vector-length-prefix-changed']),
  'tls-vector-bounds-changed': rule('WIRE', tls('WARN'), ['WARN WIRE tls-vector-bounds-changed']),
  'tls-array-size-changed': rule('WIRE', tls('ERR'), ['ERR WIRE tls-array-size-changed']),
  'tls-array-vector-changed': rule('WIRE', tls('ERR'), ['ERR WIRE tls-array-vector-changed']),
  'tls-optional-added': rule('WIRE', tls('ERR'), ['ERR WIRE tls-optional-removed']),
  'tls-optional-removed': rule('WIRE', tls('ERR'), ['ERR WIRE tls-optional-added']),
  'tls-fixed-value-changed': rule('WIRE', tls('ERR'), ['ERR WIRE tls-fixed-value-changed']),
  // A new value breaks a receiver that does not know it: harmless when only servers receive it.
  'tls-enum-value-added': rule('WIRE', { unset: 'WARN', request: 'INFO', response: 'WARN', unknown: 'WARN' }, ['ERR WIRE tls-enum-value-removed']),
  'tls-open-enum-value-added': rule('WIRE', tls('INFO'), ['ERR WIRE tls-enum-value-removed']),
  'tls-enum-value-removed': rule('WIRE', tls('ERR'), ['WARN WIRE tls-enum-value-added']),
  'tls-enum-value-renumbered': rule('WIRE', tls('ERR'), ['ERR WIRE tls-enum-value-renumbered']),
  'tls-enum-value-renamed': rule('SOURCE', tls('WARN'), ['WARN SOURCE tls-enum-value-renamed']),
  'tls-enum-width-changed': rule('WIRE', tls('ERR'), ['ERR WIRE tls-enum-width-changed']),
  'tls-enum-max-changed': rule('WIRE', tls('INFO'), ['INFO WIRE tls-enum-max-changed']),
  'tls-select-arm-added': rule('WIRE', { unset: 'WARN', request: 'INFO', response: 'WARN', unknown: 'WARN' }, ['ERR WIRE tls-select-arm-removed']),
  'tls-select-arm-removed': rule('WIRE', tls('ERR'), ['WARN WIRE tls-select-arm-added']),
  'tls-select-arm-renumbered': rule('WIRE', tls('ERR'), ['ERR WIRE tls-select-arm-renumbered']),
  'tls-select-discriminator-changed': rule('WIRE', tls('ERR'), ['ERR WIRE tls-select-discriminator-changed']),
  'tls-definition-text-changed': rule('SOURCE', tls('INFO'), ['INFO SOURCE tls-definition-text-changed']),
  'tls-definition-unparsable': rule('WIRE', tls('WARN'), ['WARN LINT side-has-errors', 'WARN WIRE tls-definition-unparsable']),

  'cddl-rule-added': rule('WIRE', plain('INFO'), ['ERR WIRE cddl-rule-removed']),
  'cddl-rule-removed': rule('WIRE', plain('ERR'), ['INFO WIRE cddl-rule-added']),
  'cddl-rule-renamed': rule('SOURCE', plain('WARN'), ['WARN SOURCE cddl-rule-renamed']),
  'cddl-array-member-inserted': rule('WIRE', plain('ERR'), ['ERR WIRE cddl-array-member-removed']),
  'cddl-array-member-removed': rule('WIRE', plain('ERR'), ['ERR WIRE cddl-array-member-inserted']),
  'cddl-array-member-renamed': rule('SOURCE', plain('WARN'), ['WARN SOURCE cddl-array-member-renamed']),
  'cddl-member-type-changed': rule('WIRE', plain('ERR'), ['ERR WIRE cddl-member-type-changed']),
  'cddl-type-choice-narrowed': rule('WIRE', plain('ERR'), ['WARN WIRE cddl-type-choice-widened']),
  'cddl-type-choice-widened': rule('WIRE', plain('WARN'), ['ERR WIRE cddl-type-choice-narrowed']),
  'cddl-value-renumbered': rule('WIRE', plain('ERR'), ['ERR WIRE cddl-value-renumbered']),
  'cddl-size-changed': rule('WIRE', plain('ERR'), ['ERR WIRE cddl-size-changed']),
  'cddl-map-key-removed': rule('WIRE', plain('ERR'), ['INFO WIRE cddl-map-optional-key-added']),
  'cddl-map-required-key-added': rule('WIRE', plain('ERR'), ['ERR WIRE cddl-map-key-removed']),
  'cddl-map-optional-key-added': rule('WIRE', plain('INFO'), ['ERR WIRE cddl-map-key-removed']),
  'cddl-occurrence-changed': rule('WIRE', plain('ERR'), ['ERR WIRE cddl-occurrence-changed']),
  'cddl-type-changed-via-dependency': rule('WIRE', plain('INFO'), ['ERR WIRE cddl-array-member-removed', 'INFO WIRE cddl-type-changed-via-dependency']),
  'cddl-definition-text-changed': rule('SOURCE', plain('INFO'), ['INFO SOURCE cddl-definition-text-changed']),
  'prose-section-changed': rule('PROSE', plain('WARN'), ['WARN PROSE prose-section-changed']),
  'prose-section-renamed': rule('PROSE', plain('WARN'), ['WARN PROSE prose-section-renamed']),
  'prose-section-removed': rule('PROSE', plain('WARN'), ['WARN PROSE prose-section-added']),
  'prose-section-added': rule('PROSE', plain('WARN'), ['WARN PROSE prose-section-removed']),
  // The old version's errata carried to a later version without its own: its correction is no change.
  'erratum-carried-forward': rule('LINT', plain('INFO'), ['ERR WIRE tls-integer-width-changed']),
  'erratum-no-longer-needed': rule('LINT', plain('INFO'), []),
  'erratum-no-longer-matching': rule('LINT', plain('WARN'), ['ERR WIRE tls-integer-width-changed']),

  'api-operation-added': rule('WIRE', plain('INFO'), ['ERR WIRE api-operation-removed']),
  'api-operation-removed': rule('WIRE', plain('ERR'), ['INFO WIRE api-operation-added']),
  'api-operation-id-changed': rule('SOURCE', plain('WARN'), ['WARN SOURCE api-operation-id-changed']),
  'api-path-changed': rule('WIRE', plain('ERR'), ['ERR WIRE api-path-changed']),
  'api-method-changed': rule('WIRE', plain('ERR'), ['ERR WIRE api-method-changed']),
  'api-path-param-renamed': rule('SOURCE', plain('WARN'), ['WARN SOURCE api-path-param-renamed']),
  'api-success-status-changed': rule('WIRE', plain('ERR'), ['ERR WIRE api-success-status-changed']),
  'api-error-status-added': rule('WIRE', { response: 'INFO' }, ['WARN WIRE api-error-status-removed']),
  'api-error-status-removed': rule('WIRE', { response: 'WARN' }, ['INFO WIRE api-error-status-added']),
  'api-media-type-changed': rule('WIRE', { request: 'ERR', response: 'ERR' }, ['ERR WIRE api-media-type-changed']),
  'api-body-type-changed': rule('WIRE', { request: 'ERR', response: 'ERR' }, ['ERR WIRE api-body-type-changed']),
  // A client that sends no body breaks a server requiring one; a server answering with a body a
  // client ignores breaks nobody it cannot tell about.
  'api-body-added': rule('WIRE', { request: 'ERR', response: 'WARN' }, ['INFO WIRE api-body-removed']),
  // A server that no longer reads a body breaks no caller; a client expecting one breaks.
  'api-body-removed': rule('WIRE', { request: 'INFO', response: 'ERR' }, ['WARN WIRE api-body-added']),
  'api-role-changed': rule('WIRE', plain('WARN'), ['WARN WIRE api-role-changed']),
  'api-directory-key-changed': rule('WIRE', plain('ERR'), ['ERR WIRE api-directory-key-changed']),
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
  const file = (prefix: string) => join(dir, files.find((f) => f.startsWith(prefix))!);
  // An errata rule's fixture brings its own spec/errata (for old.md's docname version): the repository's root there.
  const root = existsSync(join(dir, 'spec', 'errata')) ? dir : ROOT;
  const [old, neu] = await loadDiffSides(...((trigger.reversed ? [file('new.'), file('old.')] : [file('old.'), file('new.')]) as [string, string]), {
    root,
    cwd: ROOT,
  });
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

/** `LEVEL CATEGORY rule` of each distinct finding, sorted. */
const shapes = (findings: readonly Finding[]): string[] => [...new Set(findings.map((f) => `${f.level} ${f.category} ${f.rule}`))].sort();

/**
 * Pairs (folders under test/fixtures/diff) for the changes issue 15 found misreported, with all
 * findings each way (no direction).
 */
const ISSUE_CASES: Record<string, { forward: string[]; reversed: string[] }> = {
  // Arrays are positional: a new label at the same index is a SOURCE rename; its type change is a WIRE finding of its own.
  'cddl-array-member-renamed/retyped': {
    forward: ['ERR WIRE cddl-member-type-changed', 'WARN SOURCE cddl-array-member-renamed'],
    reversed: ['ERR WIRE cddl-member-type-changed', 'WARN SOURCE cddl-array-member-renamed'],
  },
  // TLS struct fields are positional too.
  'tls-struct-field-renamed/retyped': {
    forward: ['ERR WIRE tls-integer-width-changed', 'WARN SOURCE tls-struct-field-renamed'],
    reversed: ['ERR WIRE tls-integer-width-changed', 'WARN SOURCE tls-struct-field-renamed'],
  },
  // `1: int` → `1: uint` and `? 2: tstr` → `? 2: tstr .size (0..64)`: new receivers reject what old
  // senders may send (ERR); the other way, old receivers reject the new values (WARN).
  'cddl-type-choice-narrowed/map-value': {
    forward: ['ERR WIRE cddl-type-choice-narrowed'],
    reversed: ['WARN WIRE cddl-type-choice-widened'],
  },
  // The new version defines a rule twice: noted on that side, whichever way round; the first definition is compared.
  'side-has-errors/rule-defined-twice': {
    forward: ['ERR WIRE cddl-type-choice-narrowed', 'WARN LINT side-has-errors'],
    reversed: ['WARN LINT side-has-errors', 'WARN WIRE cddl-type-choice-widened'],
  },
};

const CASES = Object.entries(EXPECTED).flatMap(([rule, e]) =>
  Object.entries(e.levels).map(([direction, level]): [string, Reported, Level] => [rule, direction as Reported, level]),
);

describe('the level of every diff rule', () => {
  it('the table names exactly the rules of the catalogue', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual(RULES.map((r) => r.id).sort());
  });

  it('every direction fixture is used by the table', () => {
    for (const key of Object.keys(DIRECTION_FIXTURES)) {
      const [rule, direction] = key.split(' ') as [string, Reported];
      expect(EXPECTED[rule]?.levels[direction], key).toBeDefined();
    }
  });

  it('every rule has a fixture pair: one old.* and one new.*', () => {
    for (const r of RULES) {
      const files = readdirSync(join(ROOT, r.fixture));
      expect(
        files.filter((f) => f.startsWith('old.')),
        r.id,
      ).toHaveLength(1);
      expect(
        files.filter((f) => f.startsWith('new.')),
        r.id,
      ).toHaveLength(1);
    }
  });

  it.each(CASES)('%s (%s) is %s', async (rule, direction, level) => {
    const findings = (await diffOf(triggerOf(rule, direction), direction)).filter((f) => f.rule === rule);
    expect(findings.length, `${rule} does not fire`).toBeGreaterThan(0);
    const category = EXPECTED[rule]!.category;
    expect(findings.map((f) => [f.direction ?? 'unset', f.level, f.category])).toEqual(findings.map(() => [direction, level, category]));
  });

  it.each(Object.keys(EXPECTED))('%s, its pair reversed (new → old)', async (rule) => {
    expect(shapes(await diffOf({ fixture: rule, reversed: true }, 'unset'))).toEqual(EXPECTED[rule]!.reversed);
  });

  it.each(Object.entries(ISSUE_CASES))('%s, both ways', async (fixture, expected) => {
    expect(shapes(await diffOf({ fixture }, 'unset')), 'old → new').toEqual(expected.forward);
    expect(shapes(await diffOf({ fixture, reversed: true }, 'unset')), 'new → old').toEqual(expected.reversed);
  });
});
