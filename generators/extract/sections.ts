/**
 * A draft's sections as the prose watch compares them: each heading of the kramdown-rfc/mmark
 * source (found by scanMarkdown, so headings inside fences and HTML comments do not count) with its
 * anchor, its path of parent titles, and its text up to the next heading of the same or a higher
 * level (subsections included: code that implements a section implements its subsections too).
 *
 * Sections are named by heading text, never by number: numbers are computed by xml2rfc and shift
 * whenever a section is inserted before them, titles and anchors do not.
 */
import { formatSection, scanMarkdown, type Section } from './markdown.ts';

export interface DraftSection {
  /** Heading title without kramdown attributes: `Message ID`. */
  title: string;
  /** `{#anchor}` of the heading, when the source gives one. */
  anchor?: string;
  /** Titles from the top-level ancestor down to this section: `['Submit a Message', 'Message Franking']`. */
  path: string[];
  /** As reports show it: `3.3. Message ID`. */
  label: string;
  level: number;
  /** 1-based line of the heading. */
  line: number;
  /** The section's text (heading line excluded), whitespace-normalized: reflowing a paragraph changes nothing. */
  text: string;
  /** The section as written, heading included, for side-by-side views. */
  raw: string;
}

/** A heading's `{#anchor}` (kramdown-rfc), or undefined. */
function anchorOf(headingLine: string): string | undefined {
  const open = headingLine.lastIndexOf('{#');
  if (open < 0) return undefined;
  const close = headingLine.indexOf('}', open);
  if (close < 0) return undefined;
  const id = headingLine.slice(open + 2, close).trim();
  return id === '' ? undefined : id;
}

/**
 * Text compared across versions: runs of blanks and line breaks become one space, so a reflowed
 * paragraph or a changed blank line is no change; every other character counts.
 */
export function normalizeProse(lines: readonly string[]): string {
  return lines.join(' ').replace(/\s+/g, ' ').trim();
}

export function draftSections(markdown: string): DraftSection[] {
  const scanned = scanMarkdown(markdown);
  const { lines, sections } = scanned;
  const out: DraftSection[] = [];
  const stack: Section[] = [];
  sections.forEach((s, i) => {
    while (stack.length > 0 && (stack[stack.length - 1]?.level ?? 0) >= s.level) stack.pop();
    stack.push(s);
    let end = lines.length;
    for (let k = i + 1; k < sections.length; k++) {
      const next = sections[k];
      if (next && next.level <= s.level) {
        end = next.line - 1;
        break;
      }
    }
    const anchor = anchorOf(lines[s.line - 1] ?? '');
    out.push({
      title: s.title,
      ...(anchor ? { anchor } : {}),
      path: stack.map((p) => p.title),
      label: formatSection(s),
      level: s.level,
      line: s.line,
      text: normalizeProse(lines.slice(s.line, end)),
      raw: lines
        .slice(s.line - 1, end)
        .join('\n')
        .trimEnd(),
    });
  });
  return out;
}

/** Compares titles as an editor reads them: case and blanks do not matter. */
export function sameTitle(a: string, b: string): boolean {
  return a.replace(/\s+/g, ' ').trim().toLowerCase() === b.replace(/\s+/g, ' ').trim().toLowerCase();
}

/**
 * The sections a `§` reference names: `Message ID` (any section with that title) or a path
 * `Submit a Message > Message Franking` (a section with that title whose nearest ancestors carry the
 * titles before it), or `#anchor`. More than one result is an ambiguous reference.
 */
export function findSections(sections: readonly DraftSection[], reference: string): DraftSection[] {
  const ref = reference.trim();
  if (ref.startsWith('#')) return sections.filter((s) => s.anchor === ref.slice(1));
  const wanted = ref.split('>').map((p) => p.trim());
  return sections.filter((s) => {
    if (s.path.length < wanted.length) return false;
    const tail = s.path.slice(s.path.length - wanted.length);
    return tail.every((t, k) => sameTitle(t, wanted[k] ?? ''));
  });
}

/**
 * The draft name (without version) a draft's front matter declares (`docname: draft-x-y-06`), or
 * undefined: how a draft copied under another file name (a fixture, an editor's copy) is recognised.
 */
export function declaredDraftName(markdown: string): string | undefined {
  return declaredDraft(markdown)?.name;
}

/** The name and, when it names one (`draft-x-y-06`, not `-latest`), the version of a draft's `docname`. */
export function declaredDraft(markdown: string): { name: string; version?: string } | undefined {
  const m = /^docname:\s*["']?(draft-[a-z0-9-]+?)(?:-(\d\d|latest))?["']?\s*$/m.exec(markdown.slice(0, 20_000));
  if (!m?.[1]) return undefined;
  return m[2] && m[2] !== 'latest' ? { name: m[1], version: m[2] } : { name: m[1] };
}
