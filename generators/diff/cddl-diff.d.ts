import type { RawFinding } from './model.ts';
import type { SpecSet } from './spec-set.ts';
export declare function diffCddl(oldSide: SpecSet, newSide: SpecSet): RawFinding[];
//# sourceMappingURL=cddl-diff.d.ts.map