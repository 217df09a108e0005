/**
 * Lowering pass 4: a rule whose codec would call the codec of a rule that has none (that rule was
 * refused with its own `unsupported-cddl` error, or is recursive without a container) is refused
 * too, with an error at its own location that names the rule it needs, instead of failing the whole
 * file when the emitter meets the missing codec. Repeated until no rule is left dangling.
 */
import { diagnosticAt } from '../../common/diagnostics.ts';
import type { LoweringUnit } from '../lowered.ts';
import type { Shape } from '../shape.ts';

export function dropDanglingRules(unit: LoweringUnit): void {
  for (let changed = true; changed; ) {
    changed = false;
    const known = new Set(unit.rules.map((r) => r.name));
    unit.rules = unit.rules.filter((r) => {
      const missing = [...refsOf(r.shape)].find((n) => !known.has(n));
      if (missing === undefined) return true;
      unit.diagnostics.push(
        diagnosticAt(r.rule.provenance, 'error', 'unsupported-cddl', `${r.name}: uses '${missing}', which has no codec (see the error at '${missing}')`),
      );
      changed = true;
      return false;
    });
  }
}

/** The rules a shape refers to. */
function refsOf(s: Shape, out = new Set<string>()): Set<string> {
  switch (s.k) {
    case 'ref':
      out.add(s.name);
      break;
    case 'choice':
      for (const o of s.options) refsOf(o, out);
      break;
    case 'list':
      refsOf(s.element, out);
      break;
    case 'table':
      refsOf(s.key, out);
      refsOf(s.value, out);
      break;
    case 'tag':
      refsOf(s.inner, out);
      break;
    case 'check':
      refsOf(s.inner, out);
      if (s.check.op === 'and') refsOf(s.check.shape, out);
      break;
    case 'bstr':
      if (s.cbor) refsOf(s.cbor, out);
      break;
    case 'record':
      for (const f of [...s.record.fields, ...(s.record.variants?.variants.flatMap((v) => v.fields) ?? [])]) refsOf(f.shape, out);
      break;
    case 'struct':
      for (const f of s.struct.fields) refsOf(f.shape, out);
      for (const r of s.struct.rest) {
        refsOf(r.key, out);
        refsOf(r.value, out);
      }
      break;
    default:
      break;
  }
  return out;
}
