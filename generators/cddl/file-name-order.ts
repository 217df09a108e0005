/**
 * CDDL specs in the order of their file names. A version's CDDL comes as a draft's files in include
 * order or as a spec directory's in sorted order; which definition of a rule defined twice counts
 * as the first (the one `mimi spec diff` compares) must not depend on which of the two the version
 * was loaded from.
 */
import type { CddlSpec } from './ir.ts';

export function inFileNameOrder(specs: readonly CddlSpec[]): CddlSpec[] {
  return [...specs].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
