/**
 * Names for the draft's magic numbers that the generated codec leaves as plain numbers
 * (draft-ietf-mimi-content-07 §4.4 and §8). The generated package already exports BaseDispos and
 * BaseStatus; these complete the vocabulary application code needs.
 */
import { BaseDispos } from '@mimikit/mimi-content';

/** The media types a MIMI client MUST be able to receive (§6.1), plus the recommended HTML. */
export const ContentTypes = {
  plain: 'text/plain;charset=utf-8',
  /** GFM without autolinks and with the mandatory No-HTML extension (§6.1.1, IANA variant GFM-MIMI). */
  markdown: 'text/markdown;variant=GFM-MIMI',
  html: 'text/html;charset=utf-8',
} as const;

/** MIMI Content Extension Keys registry (§8.2): positive integer keys of the `extensions` map. */
export const ExtensionKeys = {
  senderUri: 1,
  roomUri: 2,
} as const;

/** NestedPart `cardinality` values (§4.4). */
export const Cardinality = { nullpart: 0, single: 1, external: 2, multi: 3 } as const;

/** MultiPart `partSemantics` values (§4.4 {9}). */
export const PartSemantics = { chooseOne: 0, singleUnit: 1, processAll: 2 } as const;
export type PartSemanticsName = keyof typeof PartSemantics;

export type DispositionName = keyof typeof BaseDispos;

/** `render`, `reaction`… → number; numbers pass through so extension dispositions stay usable. */
export function dispositionCode(d: DispositionName | number): number {
  return typeof d === 'number' ? d : BaseDispos[d];
}

/** 9..255 are `unknown` (§4.4); the draft says to treat unknown values as `render` (§9.1). */
export function dispositionName(code: number): DispositionName | 'unknown' {
  for (const [name, value] of Object.entries(BaseDispos)) if (value === code) return name as DispositionName;
  return 'unknown';
}
