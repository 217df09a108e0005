/**
 * Checks `@spec` tags against the drafts the repository tracks (spec/drafts/drafts.json): each must
 * name a tracked draft and exactly one section of its tracked version. A tag that names nothing
 * would leave the prose watch blind to the code it sits on, so each is an error at the tag's
 * file:line:col, with the nearest titles as a hint.
 */
import type { Diagnostic } from '../common/diagnostics.ts';
import { readDraft, readManifest } from '../extract/manifest.ts';
import { draftSections, findSections, type DraftSection } from '../extract/sections.ts';
import type { SpecTag } from './spec-tags.ts';

/** A tracked draft: its name, the version's file name and its sections. */
export interface TrackedDraft {
  name: string;
  file: string;
  sections: DraftSection[];
}

/** The tracked version of every draft spec/drafts/drafts.json lists, sectioned. */
export function trackedDrafts(root: string): { drafts: Map<string, TrackedDraft>; diagnostics: Diagnostic[] } {
  const { entries, diagnostics } = readManifest(root);
  const drafts = new Map<string, TrackedDraft>();
  for (const entry of entries) {
    const read = readDraft(root, entry, diagnostics);
    if (read) drafts.set(entry.name, { name: entry.name, file: entry.file, sections: draftSections(read.markdown) });
  }
  return { drafts, diagnostics };
}

export function checkSpecTags(tags: readonly SpecTag[], drafts: ReadonlyMap<string, TrackedDraft>): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const tag of tags) {
    const at = { file: tag.file, line: tag.line, col: tag.col, severity: 'error' as const };
    const draft = drafts.get(tag.draft);
    if (!draft) {
      out.push({
        ...at,
        code: 'spec-tag-unknown-draft',
        message: `\`@spec\` names ${tag.draft}, which spec/drafts/drafts.json does not track`,
        hint: `tracked: ${[...drafts.keys()].sort().join(', ')}`,
      });
      continue;
    }
    const found = findSections(draft.sections, tag.section);
    if (found.length === 1) continue;
    if (found.length === 0) {
      out.push({
        ...at,
        code: 'spec-tag-unknown-section',
        message: `\`@spec\` names §${tag.section}, which ${draft.file} does not have`,
        hint: nearestTitles(draft.sections, tag.section),
      });
    } else {
      out.push({
        ...at,
        code: 'spec-tag-ambiguous-section',
        message: `\`@spec\` §${tag.section} matches ${found.length} sections of ${draft.file}: ${found.map((s) => `${s.label} (line ${s.line})`).join(', ')}`,
        hint: `name it by path, e.g. §${found[0]?.path.join(' > ')}`,
      });
    }
  }
  return out;
}

/** Titles sharing the most words (or word stems) with the reference, for the hint. */
function nearestTitles(sections: readonly DraftSection[], reference: string): string {
  const wordsOf = (t: string) =>
    t
      .toLowerCase()
      .split(/[^a-z0-9]+/)
      .filter(Boolean);
  const words = wordsOf(reference);
  // `Directories` is near `Directory`: words match when they share their first 5 letters.
  const near = (w: string) => words.some((x) => x === w || (x.length >= 5 && w.length >= 5 && x.slice(0, 5) === w.slice(0, 5)));
  const scored = sections
    .map((s) => ({ s, score: wordsOf(s.title).filter(near).length }))
    .filter((x) => x.score > 0)
    .sort((a, b) => b.score - a.score || a.s.line - b.s.line)
    .slice(0, 3);
  return scored.length > 0 ? `did you mean ${scored.map((x) => `§${x.s.title}`).join(', ')}?` : 'no section title shares a word with it';
}
