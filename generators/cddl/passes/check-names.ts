/**
 * Pass over the lowered rules of a content package: every name can be written into generated code
 * as it is (rules in generators/common/generated-names.ts). A rule name is a key of the package's
 * `codecs` registry and of each file's `defs`, and becomes declarations through tsName
 * (`KeyId`, `KeyIdSchema`, `readKeyId`, …); array member labels, the member that tells variants
 * apart, a map's fixed keys and enumeration member names become property keys. Problems are reported at the rule
 * (`invalid-identifier`, `reserved-name`, `name-collision`); nothing is renamed.
 */
import { diagnosticAt, type Diagnostic } from '../../common/diagnostics.ts';
import { nameProblem, type NameUse } from '../../common/generated-names.ts';
import { CONTENT_MODULE_NAMES, declaredNames } from '../emit/names.ts';
import type { Shape } from '../shape.ts';
import type { LoweredRule, LoweredSpec } from './lower.ts';

const HINT = 'rename it in the .cddl file (for a draft, with an erratum)';

export function checkContentNames(specs: readonly LoweredSpec[]): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  /** Generated name → the rule that declares it (a rule several files share is one rule). */
  const owner = new Map<string, LoweredRule>();
  for (const spec of specs) {
    for (const r of spec.rules) {
      const at = r.rule.provenance;
      const check = (name: string, use: NameUse, what: string): boolean => {
        const problem = nameProblem(name, use, CONTENT_MODULE_NAMES);
        if (problem) diagnostics.push(diagnosticAt(at, 'error', problem.code, `${what}: ${problem.message}`, HINT));
        return !problem;
      };
      if (!check(r.name, 'property', `rule name '${r.name}'`)) continue;
      for (const n of declaredNames(r.name)) {
        if (!check(n, 'declaration', `rule '${r.name}' would declare '${n}'`)) break;
        const prior = owner.get(n);
        if (prior && prior.name !== r.name) {
          const p = prior.rule.provenance;
          diagnostics.push(
            diagnosticAt(
              at,
              'error',
              'name-collision',
              `rule '${r.name}' would declare '${n}', which '${prior.name}' (${p.file}:${p.line}:${p.col}) declares too`,
              HINT,
            ),
          );
          break;
        }
        owner.set(n, r);
      }
      for (const m of r.enumMembers ?? []) check(m.name, 'property', `member '${m.name}' of ${r.name}`);
      for (const name of propertyNames(r.shape)) check(name, 'property', `member '${name}' of ${r.name}`);
    }
  }
  return diagnostics;
}

/** The names records inside a shape use as property keys, in order. */
function* propertyNames(s: Shape): Generator<string> {
  switch (s.k) {
    case 'record': {
      const variants = s.record.variants;
      const fields = [...s.record.fields, ...(variants?.variants.flatMap((v) => v.fields) ?? [])];
      if (variants) yield variants.tagField;
      for (const f of fields) {
        yield f.name;
        yield* propertyNames(f.shape);
      }
      return;
    }
    case 'choice':
      for (const o of s.options) yield* propertyNames(o);
      return;
    case 'list':
      yield* propertyNames(s.element);
      return;
    case 'table':
      yield* propertyNames(s.key);
      yield* propertyNames(s.value);
      return;
    case 'tag':
      yield* propertyNames(s.inner);
      return;
    case 'struct':
      for (const f of s.struct.fields) {
        yield f.name;
        yield* propertyNames(f.shape);
      }
      for (const r of s.struct.rest) {
        yield* propertyNames(r.key);
        yield* propertyNames(r.value);
      }
      return;
    default:
      return;
  }
}
