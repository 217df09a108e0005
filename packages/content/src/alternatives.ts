/**
 * Picking one part of a `chooseOne` MultiPart. The draft leaves the choice to the receiver
 * (§4.4: the order is only the sender's preference), so this encodes a terminal client's
 * policy: a preferred language first, then the most faithfully shown format — plain text, then
 * Markdown, then HTML, then media placeholders; parts it cannot show at all come last. Ties keep
 * the sender's order.
 */
import type { NestedPart } from '@mimikit/mimi-content';
import { PartSemantics } from './constants.ts';
import { mediaClass } from './media-type.ts';

export interface RenderPreferences {
  /** Language tags in order of preference (`['fr', 'en']`); `fr` and `fr-CA` match each other. */
  languages?: readonly string[];
}

const FORMAT_SCORE = { plain: 5, markdown: 4, html: 3, image: 2, audio: 2, video: 2, other: 0 } as const;

/** How well a terminal can show this part: 0 = not at all. */
export function formatScore(part: NestedPart): number {
  switch (part.cardinality) {
    case 0:
      return 0;
    case 1:
      return FORMAT_SCORE[mediaClass(part.contentType)];
    case 2:
      return 1; // a link or attachment line is always possible
    case 3: {
      const scores = part.parts.map(formatScore);
      // singleUnit: if one part is not understood none should be processed, so the weakest counts.
      return part.partSemantics === PartSemantics.singleUnit ? Math.min(...scores) : Math.max(...scores);
    }
  }
}

/** Higher for a better language match; 0 when no preference matches (or the part is untagged). */
export function languageScore(part: NestedPart, prefs: readonly string[]): number {
  let best = 0;
  const tags = part.language
    .split(',')
    .map((t) => t.trim().toLowerCase())
    .filter((t) => t !== '');
  prefs.forEach((pref, i) => {
    const p = pref.toLowerCase();
    // Either may be the more specific one: `fr` content suits an `fr-CA` reader and vice versa.
    if (tags.some((t) => t === p || t.startsWith(`${p}-`) || p.startsWith(`${t}-`))) best = Math.max(best, prefs.length - i);
  });
  if (part.cardinality === 3) for (const c of part.parts) best = Math.max(best, languageScore(c, prefs));
  return best;
}

/** Index into `parts` of the alternative to render. */
export function chooseAlternative(parts: readonly NestedPart[], prefs: RenderPreferences = {}): number {
  const langs = prefs.languages ?? [];
  let best = 0;
  let bestScore = -1;
  parts.forEach((p, i) => {
    const score = languageScore(p, langs) * 100 + formatScore(p);
    if (score > bestScore) {
      best = i;
      bestScore = score;
    }
  });
  return best;
}
