import type { Finding } from './model.ts';
import type { SpecSet } from './spec-set.ts';
export declare const SIDE_HAS_ERRORS = "side-has-errors";
export declare function sideErrorFindings(side: SpecSet, which: 'old' | 'new'): Finding[];
//# sourceMappingURL=side-errors.d.ts.map