import type { Diagnostic } from '../common/diagnostics.ts';
import type { CddlInput } from './emit/emit-package.ts';
import type { CddlSpec } from './ir.ts';
import { type LoweredSpec } from './passes/lower.ts';
export interface LoadedContent {
    specs: CddlSpec[];
    lowered: LoweredSpec[];
    inputs: CddlInput[];
    diagnostics: Diagnostic[];
}
export declare function loadContentSpecs(root: string): LoadedContent;
//# sourceMappingURL=load.d.ts.map