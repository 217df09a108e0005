/**
 * Sequence and set alignment shared by the differs: which items of the old version correspond to
 * which items of the new one.
 *
 * - `alignByKey`: for positional things (CBOR array members, TLS struct fields), where an insertion
 *   must not be mistaken for a change of every later item. A longest common subsequence of keys.
 * - `alignmentRuns`: the same alignment as matched pairs and the gaps between them, which is where
 *   a differ looks for renames (a removed and an added item in the same gap).
 * - `matchByKey`: for unordered things (type choices, map keys, rule names, HTTP statuses).
 * - `pairInOrder`: what is left over by either, paired when the caller says two items are the same
 *   thing changed rather than one removed and one added.
 */
export type AlignStep = {
    kind: 'same';
    old: number;
    new: number;
} | {
    kind: 'removed';
    old: number;
} | {
    kind: 'added';
    new: number;
};
/**
 * Aligns `old` with `next` so that as many items as possible keep their key, in order (a longest
 * common subsequence of the keys). Items are compared by key only: give a label when there is one,
 * a canonical rendering of the item otherwise. `side` lets the key of an old item follow renames.
 * The steps list every item of both sequences once, in order; in a gap, removals come first.
 */
export declare function alignByKey<T>(old: readonly T[], next: readonly T[], key: (item: T, side: 'old' | 'new') => string): AlignStep[];
export type AlignRun = {
    kind: 'same';
    old: number;
    new: number;
} | {
    kind: 'gap';
    removed: number[];
    added: number[];
};
/** An alignment as its matched pairs and the gaps between them (each gap: old items removed, new items added there). */
export declare function alignmentRuns(steps: readonly AlignStep[]): AlignRun[];
export interface KeyMatch {
    /** [old index, new index] of items with equal keys, in old order. */
    pairs: Array<[number, number]>;
    /** Old items no new item has the key of, in order. */
    removed: number[];
    /** New items no old item has the key of, in order. */
    added: number[];
}
/** Pairs items with equal keys regardless of order, one to one (repeated keys pair up in order). */
export declare function matchByKey<T>(old: readonly T[], next: readonly T[], key: (item: T, side: 'old' | 'new') => string): KeyMatch;
/**
 * Pairs leftover old and new items (indices) in order, each old item with the first free new item
 * `comparable` accepts; what stays unpaired is returned as removed and added.
 */
export declare function pairInOrder(removed: readonly number[], added: readonly number[], comparable: (old: number, next: number) => boolean): KeyMatch;
//# sourceMappingURL=align.d.ts.map