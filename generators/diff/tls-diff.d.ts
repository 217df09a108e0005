import type { RawFinding } from './model.ts';
import type { SpecSet } from './spec-set.ts';
export declare function diffTls(oldSide: SpecSet, newSide: SpecSet): RawFinding[];
//# sourceMappingURL=tls-diff.d.ts.map