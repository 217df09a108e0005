/**
 * `@spec` tags: how hand-written code says which draft section it implements, so that `mimi spec
 * diff` can report a change in that section's prose (prose-watch.ts). The one form:
 *
 *     /**
 *      * Message IDs: hash of sender, room, content and salt.
 *      * @spec draft-ietf-mimi-content §Message ID
 *      *\/
 *     export function computeMessageId(…)
 *
 * - in a JSDoc block (`/** … *\/`) directly above the function, class or constant that implements
 *   it (a block followed by a blank line or an `import`, like a file header, tags the whole file);
 *   one tag per line, several tags per block allowed;
 * - the draft by name without version (`draft-ietf-mimi-content`, not `-07`): the tag holds for
 *   every version, the tracked one (spec/drafts/drafts.json) is the one it is checked against;
 * - the section by heading title after `§` (case and blanks do not matter), by a path of titles
 *   `§Submit a Message > Message Franking` when the title alone is ambiguous, or by anchor
 *   `§#iana-frank-aad`. Never by number: numbers shift when a section is inserted before it.
 *
 * A malformed tag is a diagnostic at its file:line:col, never ignored (checkSpecTags in
 * spec-tags-check.ts also checks each names a section of the tracked version).
 */
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { Diagnostic } from '../common/diagnostics.ts';

export interface SpecTag {
  /** `draft-ietf-mimi-content`. */
  draft: string;
  /** The reference after `§`, as written (trimmed): `Message ID`, `A > B`, `#anchor`. */
  section: string;
  /** Repository-relative file (forward slashes), 1-based line and column of `@spec`. */
  file: string;
  line: number;
  col: number;
  /** The declaration the doc comment sits on (`computeMessageId`), absent for a file-level block. */
  symbol?: string;
}

export interface ScannedTags {
  tags: SpecTag[];
  diagnostics: Diagnostic[];
}

/** A draft name as the datatracker spells it, without the `-NN` version. */
const DRAFT_NAME = /^draft-[a-z0-9]+(?:-[a-z0-9]+)*$/;
const VERSIONED = /-(\d\d|latest)$/;
/** The declaration after a doc comment: `export async function name`, `class Name`, `const name`. */
const DECLARATION =
  /^\s*(?:export\s+)?(?:default\s+)?(?:declare\s+)?(?:abstract\s+)?(?:async\s+)?(?:function\*?|class|const|let|interface|type|enum)\s+([A-Za-z_$][\w$]*)/;
/** Also: a method or property inside a class (`static frank(`, `async verify(`). */
const MEMBER = /^\s*(?:(?:public|private|protected|static|readonly|async|override)\s+)*([A-Za-z_$][\w$]*)\s*[(<:=]/;
/** Files larger than this are not scanned (generated bundles, not hand-written code). */
const MAX_FILE_BYTES = 2_000_000;

/** The tags of one source text; `file` is how diagnostics and tags name it. */
export function scanTagsInText(text: string, file: string): ScannedTags {
  const tags: SpecTag[] = [];
  const diagnostics: Diagnostic[] = [];
  const lines = text.split(/\r?\n/);
  let inDoc = false;
  let pending: SpecTag[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (!inDoc) {
      const open = line.indexOf('/**');
      if (open < 0 || line.slice(0, open).includes('//')) {
        if (pending.length > 0 && line.trim() !== '') {
          const symbol = (DECLARATION.exec(line) ?? MEMBER.exec(line))?.[1];
          for (const t of pending) tags.push(symbol ? { ...t, symbol } : t);
          pending = [];
        }
        continue;
      }
      inDoc = true;
    }
    const at = line.indexOf('@spec');
    if (at >= 0 && /^@spec\b/.test(line.slice(at))) {
      const parsed = parseTag(line.slice(at + '@spec'.length).replace(/\*\/.*$/, ''), file, i + 1, at + 1);
      if ('diagnostic' in parsed) diagnostics.push(parsed.diagnostic);
      else pending.push(parsed.tag);
    }
    if (line.includes('*/')) {
      inDoc = false;
      // A block not directly above a declaration (a file header, followed by a blank line, an
      // `import` or nothing) tags the whole file: no symbol.
      const next = lines[i + 1];
      if (pending.length > 0 && (next === undefined || next.trim() === '' || /^\s*import\b/.test(next))) {
        tags.push(...pending);
        pending = [];
      }
    }
  }
  tags.push(...pending);
  return { tags, diagnostics };
}

function parseTag(rest: string, file: string, line: number, col: number): { tag: SpecTag } | { diagnostic: Diagnostic } {
  const bad = (message: string): { diagnostic: Diagnostic } => ({
    diagnostic: {
      file,
      line,
      col,
      severity: 'error',
      code: 'malformed-spec-tag',
      message,
      hint: 'write `@spec <draft-name> §<section title>`, e.g. `@spec draft-ietf-mimi-content §Message ID`',
    },
  });
  const mark = rest.indexOf('§');
  if (mark < 0) return bad('`@spec` tag without a `§<section>`');
  const draft = rest.slice(0, mark).trim();
  const section = rest.slice(mark + 1).trim();
  if (draft === '') return bad('`@spec` tag without a draft name');
  if (VERSIONED.test(draft) && DRAFT_NAME.test(draft))
    return bad(`\`@spec\` names a draft version (${draft}): name the draft without -NN, the tracked version is the one it implements`);
  if (!DRAFT_NAME.test(draft)) return bad(`\`@spec\` draft name ${JSON.stringify(draft)} is not a draft name (draft-…, lower case)`);
  if (section === '' || section === '#') return bad('`@spec` tag with an empty section after `§`');
  if (section.split('>').some((p) => p.trim() === '')) return bad(`\`@spec\` section path ${JSON.stringify(section)} has an empty part`);
  return { tag: { draft, section, file, line, col } };
}

function tsFilesUnder(dir: string, out: string[]): void {
  let entries: string[];
  try {
    entries = readdirSync(dir).sort();
  } catch {
    return;
  }
  for (const name of entries) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const path = join(dir, name);
    const st = lstatSync(path);
    // Symbolic links are not followed: a link cycle would never end, and hand-written code is no link.
    if (st.isSymbolicLink()) continue;
    if (st.isDirectory()) tsFilesUnder(path, out);
    else if (name.endsWith('.ts') && !name.endsWith('.test.ts') && !name.endsWith('.d.ts') && st.size <= MAX_FILE_BYTES) out.push(path);
  }
}

/**
 * Every tag of the hand-written code of a checkout: the `.ts` files (tests excluded) under
 * packages/<name>/src, or under the given folders instead (relative to `root`). Deterministic order.
 */
export function scanSpecTags(root: string, folders?: readonly string[]): ScannedTags {
  const dirs = folders ?? packageSources(root);
  const files: string[] = [];
  for (const d of dirs) tsFilesUnder(join(root, d), files);
  const tags: SpecTag[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const f of files) {
    const shown = relative(root, f).split(sep).join('/');
    const r = scanTagsInText(readFileSync(f, 'utf8'), shown);
    tags.push(...r.tags);
    diagnostics.push(...r.diagnostics);
  }
  return { tags, diagnostics };
}

function packageSources(root: string): string[] {
  try {
    return readdirSync(join(root, 'packages'))
      .sort()
      .map((p) => `packages/${p}/src`);
  } catch {
    return [];
  }
}

/** `computeMessageId (packages/content/src/message-id.ts:31)`-style name of where a tag sits. */
export function tagWhere(tag: SpecTag): string {
  return tag.symbol ? `${tag.symbol} (${tag.file}:${tag.line})` : `${tag.file}:${tag.line}`;
}
