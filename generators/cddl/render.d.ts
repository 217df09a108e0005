/**
 * CDDL IR → CDDL text, for messages and reports: the differ shows members and choices as the draft
 * would write them, the validator and the linter name the type an item failed. `brief` abbreviates
 * maps, arrays and enumerations to `{…}`, `[…]`, `&(…)` (a validation message names the outer type,
 * the path says where inside it).
 */
import type { Group, GroupEntry, Occurrence, Type, Type1, Type2, Value } from './ir.ts';
export interface RenderOptions {
    brief?: boolean;
}
export declare function renderValue(v: Value): string;
export declare function renderArgs(args: Type[] | undefined, options?: RenderOptions): string;
export declare function renderType(t: Type, options?: RenderOptions): string;
export declare function renderType1(o: Type1, options?: RenderOptions): string;
export declare function renderType2(t: Type2, options?: RenderOptions): string;
export declare function renderGroup(g: Group, options?: RenderOptions): string;
/** One group choice: its entries, comma-separated. */
export declare function renderEntries(entries: readonly GroupEntry[], options?: RenderOptions): string;
export declare function renderOccurrence(o: Occurrence): string;
export declare function renderEntry(e: GroupEntry, options?: RenderOptions): string;
//# sourceMappingURL=render.d.ts.map