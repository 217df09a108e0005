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

export type AlignStep = { kind: 'same'; old: number; new: number } | { kind: 'removed'; old: number } | { kind: 'added'; new: number };

/**
 * Aligns `old` with `next` so that as many items as possible keep their key, in order (a longest
 * common subsequence of the keys). Items are compared by key only: give a label when there is one,
 * a canonical rendering of the item otherwise. `side` lets the key of an old item follow renames.
 * The steps list every item of both sequences once, in order; in a gap, removals come first.
 */
export function alignByKey<T>(old: readonly T[], next: readonly T[], key: (item: T, side: 'old' | 'new') => string): AlignStep[] {
  const a = old.map((x) => key(x, 'old'));
  const b = next.map((x) => key(x, 'new'));
  // lcs[i * w + j]: length of the longest common subsequence of a[i..] and b[j..], in one flat table.
  const w = b.length + 1;
  const lcs = new Uint32Array((a.length + 1) * w);
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i * w + j] = a[i] === b[j] ? lcs[(i + 1) * w + j + 1]! + 1 : Math.max(lcs[(i + 1) * w + j]!, lcs[i * w + j + 1]!);
    }
  }
  const steps: AlignStep[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      steps.push({ kind: 'same', old: i++, new: j++ });
    } else if (j >= b.length || (i < a.length && lcs[(i + 1) * w + j]! >= lcs[i * w + j + 1]!)) {
      steps.push({ kind: 'removed', old: i++ });
    } else {
      steps.push({ kind: 'added', new: j++ });
    }
  }
  return steps;
}

export type AlignRun = { kind: 'same'; old: number; new: number } | { kind: 'gap'; removed: number[]; added: number[] };

/** An alignment as its matched pairs and the gaps between them (each gap: old items removed, new items added there). */
export function alignmentRuns(steps: readonly AlignStep[]): AlignRun[] {
  const runs: AlignRun[] = [];
  let gap: { kind: 'gap'; removed: number[]; added: number[] } | undefined;
  for (const s of steps) {
    if (s.kind === 'same') {
      gap = undefined;
      runs.push(s);
      continue;
    }
    if (!gap) {
      gap = { kind: 'gap', removed: [], added: [] };
      runs.push(gap);
    }
    if (s.kind === 'removed') gap.removed.push(s.old);
    else gap.added.push(s.new);
  }
  return runs;
}

export interface KeyMatch {
  /** [old index, new index] of items with equal keys, in old order. */
  pairs: Array<[number, number]>;
  /** Old items no new item has the key of, in order. */
  removed: number[];
  /** New items no old item has the key of, in order. */
  added: number[];
}

/** Pairs items with equal keys regardless of order, one to one (repeated keys pair up in order). */
export function matchByKey<T>(old: readonly T[], next: readonly T[], key: (item: T, side: 'old' | 'new') => string): KeyMatch {
  const free = new Map<string, number[]>();
  next.forEach((x, j) => {
    const k = key(x, 'new');
    const list = free.get(k);
    if (list) list.push(j);
    else free.set(k, [j]);
  });
  const pairs: Array<[number, number]> = [];
  const removed: number[] = [];
  old.forEach((x, i) => {
    const j = free.get(key(x, 'old'))?.shift();
    if (j === undefined) removed.push(i);
    else pairs.push([i, j]);
  });
  const taken = new Set(pairs.map(([, j]) => j));
  const added = next.map((_, j) => j).filter((j) => !taken.has(j));
  return { pairs, removed, added };
}

/**
 * Pairs leftover old and new items (indices) in order, each old item with the first free new item
 * `comparable` accepts; what stays unpaired is returned as removed and added.
 */
export function pairInOrder(removed: readonly number[], added: readonly number[], comparable: (old: number, next: number) => boolean): KeyMatch {
  const free = [...added];
  const pairs: Array<[number, number]> = [];
  const unpaired: number[] = [];
  for (const i of removed) {
    const at = free.findIndex((j) => comparable(i, j));
    if (at < 0) unpaired.push(i);
    else pairs.push([i, free.splice(at, 1)[0]!]);
  }
  return { pairs, removed: unpaired, added: free };
}
