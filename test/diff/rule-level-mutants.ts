/**
 * Mutation check of the diff rule levels (StrykerJS does not mutate JSON): moves every level of
 * generators/diff/rules.json one step (ERR→WARN, WARN→INFO and WARN→ERR, INFO→WARN), one at a time,
 * runs test/diff/rule-levels.test.ts on each and prints which test killed it. rules.json is restored
 * after each run, and on Ctrl-C. The audit's two level mutants (tls-fixed-value-changed ERR→INFO,
 * api-body-removed's directions swapped) are in test/mutation/audit.ts.
 *
 *   node --conditions=mimikit-source --import tsx test/diff/rule-level-mutants.ts [--only <rule-id>]
 *
 * A surviving mutant is a level no differ can report (CDDL findings have no direction; OpenAPI bodies
 * are always request or response), listed with that reason. Exit status 1 when any other survives.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Level } from '../../generators/report/model.ts';
import { failingTests, withFileText } from '../mutation/failing-tests.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const RULES_JSON = join(ROOT, 'generators/diff/rules.json');
const TEST = 'test/diff/rule-levels.test.ts';

interface CatalogueRule {
  id: string;
  level: Level;
  levels?: Partial<Record<string, Level>>;
}

interface Mutant {
  name: string;
  apply: (rules: CatalogueRule[]) => void;
  /** Why no test can kill it, when that is expected. */
  unreachable?: string;
}

const STEPS: Record<Level, Level[]> = { ERR: ['WARN'], WARN: ['INFO', 'ERR'], INFO: ['WARN'] };

const original = readFileSync(RULES_JSON, 'utf8');

const catalogue = (): { rules: CatalogueRule[] } => JSON.parse(original) as { rules: CatalogueRule[] };
const find = (rules: CatalogueRule[], id: string): CatalogueRule => rules.find((r) => r.id === id)!;

/** Levels the differs never consult: a rule's direction set they never report. */
function unreachable(rule: CatalogueRule, slot: string): string | undefined {
  if (rule.id.startsWith('cddl-') && slot !== 'level') return 'CDDL findings carry no direction';
  const bodies = ['api-media-type-changed', 'api-body-type-changed', 'api-body-added', 'api-body-removed'];
  if (bodies.includes(rule.id) && (slot === 'level' || slot === 'unknown')) return 'body findings are always request or response';
  if (rule.id === 'api-error-status-added' && slot !== 'response') return 'error-status findings are always response';
  return undefined;
}

function mutants(): Mutant[] {
  const out: Mutant[] = [];
  for (const rule of catalogue().rules) {
    const slots: Array<[string, Level]> = [['level', rule.level], ...Object.entries(rule.levels ?? {}).map(([d, l]): [string, Level] => [d, l!])];
    for (const [slot, level] of slots) {
      for (const to of STEPS[level]) {
        const set = (r: CatalogueRule) => {
          if (slot === 'level') r.level = to;
          else r.levels![slot] = to;
        };
        const why = unreachable(rule, slot);
        out.push({ name: `${rule.id} ${slot} ${level}→${to}`, apply: (rules) => set(find(rules, rule.id)), ...(why && { unreachable: why }) });
      }
    }
  }
  return out;
}

/** Names of the tests of TEST that fail with rules.json as it is now. */
const failing = (out: string): string[] => failingTests(ROOT, [TEST], out);

const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;
const tmp = mkdtempSync(join(tmpdir(), 'rule-level-mutants-'));
let unexpected = 0;
try {
  const baseline = failing(join(tmp, 'baseline.json'));
  if (baseline.length > 0) throw new Error(`${TEST} fails before mutation: ${baseline.join('; ')}`);
  for (const m of mutants().filter((x) => !only || x.name.startsWith(`${only} `))) {
    const mutated = catalogue();
    m.apply(mutated.rules);
    const failed = withFileText(RULES_JSON, `${JSON.stringify(mutated, null, 2)}\n`, () => failing(join(tmp, 'run.json')));
    if (failed.length > 0) console.log(`killed    ${m.name}  by ${failed.join('; ')}`);
    else if (m.unreachable) console.log(`survived  ${m.name}  (equivalent: ${m.unreachable})`);
    else {
      unexpected++;
      console.log(`SURVIVED  ${m.name}`);
    }
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
process.exit(unexpected > 0 ? 1 : 0);
