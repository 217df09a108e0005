import type { RawFinding } from './model.ts';
import type { SpecSet } from './spec-set.ts';
export declare function diffOpenApi(oldSide: SpecSet, newSide: SpecSet): RawFinding[];
//# sourceMappingURL=openapi-diff.d.ts.map