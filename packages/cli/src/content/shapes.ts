/** The lowered content rules (spec/content), for commands that need the schema at run time. */
import { hasErrors, SpecError, loadContentSpecs, type LoweredRule } from '@mimikit/generators';
import { REPO_ROOT } from '../root.ts';

let rules: Map<string, LoweredRule> | undefined;

export function contentRules(): Map<string, LoweredRule> {
  if (!rules) {
    const loaded = loadContentSpecs(REPO_ROOT);
    if (hasErrors(loaded.diagnostics)) throw new SpecError(loaded.diagnostics);
    rules = new Map();
    for (const spec of loaded.lowered) for (const r of spec.rules) if (!rules.has(r.name)) rules.set(r.name, r);
  }
  return rules;
}
