/**
 * Lowering pass 3: every type rule that is neither a socket (`$name`), generic, nor marked recursive → its
 * codec shape (lower/shape-lowering.ts), with its enumeration members and its literal. A rule the
 * content generator cannot represent becomes one `unsupported-cddl` error at the construct that
 * stopped it; the other rules are still lowered.
 */
import { diagnosticAt } from '../../common/diagnostics.ts';
import { LowerError } from '../lower/context.ts';
import { ShapeLowering } from '../lower/shape-lowering.ts';
import type { LoweredRule, LoweringUnit } from '../lowered.ts';

export function lowerRules(unit: LoweringUnit): void {
  const lowering = new ShapeLowering(unit.types, unit.groups, unit.recursive);
  for (const r of unit.types.values()) {
    // Generic rules have a codec per use (lower/generics.ts), not one of their own.
    if (r.name.startsWith('$') || unit.recursive.has(r.name) || r.params?.length) continue;
    try {
      lowering.takeFeatures();
      const lowered: LoweredRule = { name: r.name, rule: r, shape: lowering.lowerType(r.type) };
      const features = lowering.takeFeatures();
      if (features.length) lowered.features = features;
      const only = r.type.options.length === 1 ? r.type.options[0]! : null;
      const members = only ? lowering.enumMembers(only) : undefined;
      if (members) lowered.enumMembers = members;
      // A value rule, or one whose value a control computes (`three = 1 .plus 2`, RFC 9165).
      const computed = only?.control && lowered.shape.k === 'literal' && lowered.shape.value.kind !== 'bytes' ? lowered.shape.value : null;
      const lit = lowering.literalOf(r.name, r.provenance) ?? computed;
      if (lit) lowered.literal = lit;
      unit.rules.push(lowered);
    } catch (err) {
      if (!(err instanceof LowerError)) throw err;
      unit.diagnostics.push(diagnosticAt(err.at, 'error', 'unsupported-cddl', `${r.name}: ${err.message}`));
    }
  }
}
