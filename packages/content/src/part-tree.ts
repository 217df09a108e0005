/**
 * The implied part index (§4.4): zero-based, depth-first, counting every NestedPart including
 * MultiParts and the alternatives a receiver does not choose. `cid:N@local.invalid` URIs in HTML
 * or Markdown refer to parts by this index.
 */
import type { NestedPart } from '@mimikit/mimi-content';

export interface IndexedPart {
  index: number;
  depth: number;
  /** Index of the enclosing MultiPart, -1 for the body itself. */
  parent: number;
  part: NestedPart;
}

export function indexParts(root: NestedPart): IndexedPart[] {
  const out: IndexedPart[] = [];
  const visit = (part: NestedPart, depth: number, parent: number): void => {
    const index = out.length;
    out.push({ index, depth, parent, part });
    if (part.cardinality === 3) for (const child of part.parts) visit(child, depth + 1, index);
  };
  visit(root, 0, -1);
  return out;
}

/** The part indices a text refers to with MIMI content-ID URIs (`cid:5@local.invalid`). */
export function contentIdReferences(text: string): number[] {
  const out: number[] = [];
  for (const m of text.matchAll(/cid:(\d+)@local\.invalid/gi)) out.push(Number(m[1]));
  return out;
}

export function contentIdUri(partIndex: number): string {
  return `cid:${partIndex}@local.invalid`;
}
