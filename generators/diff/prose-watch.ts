/**
 * The prose watch: when both sides of `mimi spec diff` are versions of one draft, every section
 * that hand-written code implements (its `@spec` tags, spec-tags.ts) is compared between them, and
 * each change is a finding of its own (category PROSE, level WARN): the code may still follow the
 * old text, and no wire diff can tell (a message ID computed with a new formula has the same CDDL).
 *
 * Matching a tagged section across versions:
 * - by the tag's reference (title, title path or `#anchor`) in each version;
 * - when it names a section in one version only, its counterpart in the other is the section with
 *   the same `{#anchor}`, else the one section at the same level whose title contains the other's
 *   (`Message ID and Accepted Timestamp` → `Message ID`) and that the first version does not have:
 *   a rename (`prose-section-renamed`). Without such a counterpart the section is gone
 *   (`prose-section-removed`) or new (`prose-section-added`).
 * - a reference that matches several sections of a version is skipped here; `mimi spec lint`'s
 *   tag check (spec-tags-check.ts) reports it against the tracked version.
 * Texts are compared whitespace-normalized (sections.ts), so reflowed paragraphs are no change.
 */
import { declaredDraftName, draftSections, findSections, sameTitle, type DraftSection } from '../extract/sections.ts';
import { diffLines } from '../report/format/line-diff.ts';
import type { CodeLocation, RawFinding, SourceLocation } from '../report/model.ts';
import type { SpecSet } from './spec-set.ts';
import type { SpecTag } from './spec-tags.ts';

/** A changed section's message quotes its first SHOWN changed passages, each with CONTEXT_WORDS words before it, cut at QUOTE characters. */
const SHOWN = 3;
const CONTEXT_WORDS = 3;
const QUOTE = 160;

function draftNameOf(side: SpecSet): string | undefined {
  return side.info.draft ?? (side.markdown === undefined ? undefined : declaredDraftName(side.markdown));
}

export function proseFindings(oldSide: SpecSet, newSide: SpecSet, tags: readonly SpecTag[]): RawFinding[] {
  if (oldSide.markdown === undefined || newSide.markdown === undefined || tags.length === 0) return [];
  const draft = draftNameOf(oldSide);
  if (draft === undefined || draft !== draftNameOf(newSide)) return [];
  // Tags naming the same section (written alike) make one finding listing all their code.
  const bySection = new Map<string, SpecTag[]>();
  for (const t of tags) {
    if (t.draft !== draft) continue;
    const key = t.section.replace(/\s+/g, ' ').toLowerCase();
    bySection.set(key, [...(bySection.get(key) ?? []), t]);
  }
  if (bySection.size === 0) return [];
  const oldSections = draftSections(oldSide.markdown);
  const newSections = draftSections(newSide.markdown);
  const out: RawFinding[] = [];
  for (const group of bySection.values()) {
    const first = group[0];
    if (!first) continue;
    const finding = compareSection(first.section, oldSections, newSections);
    if (!finding) continue;
    const subject = `${draft} §${first.section}`;
    const code = group.map(codeLocation);
    const by = ` (implemented by ${[...new Set(group.map((t) => t.symbol ?? t.file))].join(', ')})`;
    const oldLoc = finding.old && sectionLocation(oldSide, finding.old);
    const newLoc = finding.new && sectionLocation(newSide, finding.new);
    out.push({
      rule: finding.rule,
      domain: 'prose',
      subject,
      message: `${finding.message}${by}`,
      ...(oldLoc ? { old: oldLoc, oldText: finding.old?.raw } : {}),
      ...(newLoc ? { new: newLoc, newText: finding.new?.raw } : {}),
      implementedBy: code,
    });
  }
  return out;
}

interface Compared {
  rule: 'prose-section-changed' | 'prose-section-renamed' | 'prose-section-removed' | 'prose-section-added';
  message: string;
  old?: DraftSection;
  new?: DraftSection;
}

function compareSection(reference: string, oldSections: DraftSection[], newSections: DraftSection[]): Compared | null {
  const inOld = findSections(oldSections, reference);
  const inNew = findSections(newSections, reference);
  if (inOld.length > 1 || inNew.length > 1) return null;
  const o = inOld[0];
  const n = inNew[0];
  if (o && n) {
    if (o.text === n.text) return null;
    return { rule: 'prose-section-changed', message: `The text of §${o.title} changed ${describeChanges(o.text, n.text)}`, old: o, new: n };
  }
  if (o) {
    const renamed = counterpart(o, newSections, oldSections);
    if (renamed) return renamedFinding(o, renamed);
    return { rule: 'prose-section-removed', message: `§${o.title} is gone from the new version`, old: o };
  }
  if (n) {
    const renamed = counterpart(n, oldSections, newSections);
    if (renamed) return renamedFinding(renamed, n);
    return { rule: 'prose-section-added', message: `§${n.title} is new in the new version: the code implements text the old version does not have`, new: n };
  }
  return null;
}

function renamedFinding(o: DraftSection, n: DraftSection): Compared {
  const text = o.text === n.text ? 'its text is unchanged' : `its text changed ${describeChanges(o.text, n.text)}`;
  return { rule: 'prose-section-renamed', message: `§${o.title} is now §${n.title}; ${text}`, old: o, new: n };
}

/** The section of `other` that `s` became (or came from): same anchor, else one containing title. */
function counterpart(s: DraftSection, other: readonly DraftSection[], own: readonly DraftSection[]): DraftSection | undefined {
  if (s.anchor) {
    const byAnchor = other.find((x) => x.anchor === s.anchor);
    if (byAnchor) return byAnchor;
  }
  const lower = s.title.toLowerCase();
  const candidates = other.filter((x) => {
    if (x.level !== s.level || own.some((y) => sameTitle(y.title, x.title))) return false;
    const t = x.title.toLowerCase();
    return t.includes(lower) || lower.includes(t);
  });
  return candidates.length === 1 ? candidates[0] : undefined;
}

/**
 * The changes between two normalized texts, word by word: `in 2 passages: «relies heavily of» →
 * «relies heavily on»; «the salt).» → «the salt), the sender URI, and the room URI.»`. Each passage
 * shows a few words of context before it; at most SHOWN passages are quoted, each cut at QUOTE chars.
 */
export function describeChanges(a: string, b: string): string {
  const oldWords = a.split(' ');
  const newWords = b.split(' ');
  let start = 0;
  while (start < oldWords.length && start < newWords.length && oldWords[start] === newWords[start]) start++;
  let endOld = oldWords.length;
  let endNew = newWords.length;
  while (endOld > start && endNew > start && oldWords[endOld - 1] === newWords[endNew - 1]) {
    endOld--;
    endNew--;
  }
  // Passages: runs of removed and inserted words between words both versions keep.
  const passages: { at: number; old: string[]; new: string[] }[] = [];
  let current: { at: number; old: string[]; new: string[] } | null = null;
  let at = start;
  for (const op of diffLines(oldWords.slice(start, endOld), newWords.slice(start, endNew))) {
    if (op.op === 'same') {
      current = null;
      at++;
      continue;
    }
    if (!current) {
      current = { at, old: [], new: [] };
      passages.push(current);
    }
    if (op.op === 'del') {
      current.old.push(op.old);
      at++;
    } else current.new.push(op.new);
  }
  const quote = (words: string[]) => {
    const text = words.join(' ');
    return `«${text.length > QUOTE ? `${text.slice(0, QUOTE)}…` : text}»`;
  };
  const shown = passages.slice(0, SHOWN).map((p) => {
    const before = oldWords.slice(Math.max(0, p.at - CONTEXT_WORDS), p.at);
    return `${quote([...before, ...p.old])} → ${quote([...before, ...p.new])}`;
  });
  const more = passages.length > SHOWN ? `; and ${passages.length - SHOWN} more` : '';
  return `in ${passages.length} passage${passages.length === 1 ? '' : 's'}: ${shown.join('; ')}${more}`;
}

function sectionLocation(side: SpecSet, s: DraftSection): SourceLocation {
  const file = side.info.label;
  return { file, line: s.line, section: s.label, draft: file.split('/').pop() ?? file, draftLine: s.line };
}

function codeLocation(t: SpecTag): CodeLocation {
  return { file: t.file, line: t.line, col: t.col, ...(t.symbol ? { symbol: t.symbol } : {}) };
}
