/**
 * Errata carried forward in `mimi spec diff`: when the new side is a later version of the draft the
 * old side is (a published version with errata against an editor's copy that has none of its
 * own), the old version's errata are re-anchored to the new text (carryErrata) and applied to it,
 * so the diff compares like with like: the errata's own corrections are no wire change. What was
 * carried, and what was not, is reported as notes (errataNoteFindings).
 *
 * The old side names the errata by being a draft file (`spec/drafts/draft-x-06.md`: the
 * repository's errata for exactly that version) or a spec directory whose drafts manifest lists a
 * draft of the same name (its errata and text in that checkout's spec/errata and spec/drafts).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { displayPath } from '../common/input-path.ts';
import { makeResolver } from '../extract/content.ts';
import type { Erratum } from '../extract/errata.ts';
import type { ErrataCarry, PreviousDraft } from '../extract/errata-carry.ts';
import { loadErrata, parseDraftFileName, readManifest, type DraftEntry } from '../extract/manifest.ts';
import { declaredDraft } from '../extract/sections.ts';
import type { RawFinding, SourceLocation } from '../report/model.ts';
import type { SpecSet } from './spec-set.ts';

/** Errata of an earlier version, to apply to a later version that has none of its own. */
export interface ErrataSource {
  /** The errata file, as reports show it: `spec/errata/draft-ietf-mimi-protocol-06.json`. */
  label: string;
  errata: Erratum[];
  /** The earlier version's draft file, as reports show it, and its text. */
  draftLabel: string;
  previousDraft: PreviousDraft;
  /** Version the carried errata get: the new side's own, or the next number for an unnumbered copy. */
  nextVersion: string;
}

/** What carrying did to one side, kept on the side for the notes. */
export interface ErrataCarried {
  source: ErrataSource;
  result: ErrataCarry;
  /** The new side's file as reports show it. */
  file: string;
}

/** A draft's name and version: from its file name (`draft-x-06.md`), else from its `docname` (no version for `-latest`). */
export function draftIdentity(fileName: string, markdown: string): { name: string; version?: string } | undefined {
  return parseDraftFileName(fileName) ?? declaredDraft(markdown);
}

/**
 * The errata to carry from `oldArg` to `newArg`, or undefined when there is nothing to carry: the
 * new side is not a draft, is another draft, is not later than the old one, or has errata of its
 * own; the old side has none.
 */
export function errataToCarry(oldArg: string, newArg: string, options: { root: string; cwd?: string }): ErrataSource | undefined {
  if (oldArg.startsWith('git:') || !newArg.endsWith('.md')) return undefined;
  const cwd = options.cwd ?? process.cwd();
  const newAbs = resolve(cwd, newArg);
  const oldAbs = resolve(cwd, oldArg);
  if (!existsSync(newAbs) || !existsSync(oldAbs)) return undefined;
  const neu = draftIdentity(basename(newAbs), readFileSync(newAbs, 'utf8'));
  if (!neu) return undefined;
  if (neu.version !== undefined && loadErrata(options.root, entryOf(neu.name, neu.version, basename(newAbs))).path !== null) return undefined;

  let old: { entry: DraftEntry; root: string; draftAbs: string } | undefined;
  if (statSync(oldAbs).isDirectory()) {
    const specDir = existsSync(join(oldAbs, 'spec')) && !existsSync(join(oldAbs, 'tls')) ? join(oldAbs, 'spec') : oldAbs;
    const root = dirname(specDir);
    if (!existsSync(join(root, 'spec', 'drafts', 'drafts.json'))) return undefined;
    const entry = readManifest(root).entries.find((e) => e.name === neu.name);
    if (entry) old = { entry, root, draftAbs: join(root, 'spec', 'drafts', entry.file) };
  } else if (oldAbs.endsWith('.md')) {
    const text = readFileSync(oldAbs, 'utf8');
    const id = draftIdentity(basename(oldAbs), text);
    if (id?.name === neu.name && id.version !== undefined)
      old = { entry: entryOf(id.name, id.version, basename(oldAbs)), root: options.root, draftAbs: oldAbs };
  }
  if (!old || !existsSync(old.draftAbs)) return undefined;
  if (neu.version !== undefined && Number(neu.version) <= Number(old.entry.version)) return undefined;
  const errata = loadErrata(old.root, old.entry);
  if (errata.path === null || errata.errata.length === 0) return undefined;
  const resolveOld = makeResolver(old.draftAbs);
  return {
    label: displayPath(join(old.root, errata.path), cwd),
    errata: errata.errata,
    draftLabel: displayPath(old.draftAbs, cwd),
    previousDraft: { draftText: readFileSync(old.draftAbs, 'utf8'), readFile: (name) => resolveOld(name)?.text },
    nextVersion: neu.version ?? String(Number(old.entry.version) + 1).padStart(2, '0'),
  };
}

function entryOf(name: string, version: string, file: string): DraftEntry {
  return { file: file.endsWith(`-${version}.md`) ? file : `${name}-${version}.md`, name, version, outputs: [], outDir: '', shipped: [] };
}

/** Carries recorded on loaded sides (load-side.ts sets them). */
const carriedOnSide = new WeakMap<SpecSet, ErrataCarried>();

export function recordCarry(side: SpecSet, carried: ErrataCarried): void {
  carriedOnSide.set(side, carried);
}

export function carryOf(side: SpecSet): ErrataCarried | undefined {
  return carriedOnSide.get(side);
}

/** One note per erratum of the carry: applied (`erratum-carried-forward`), no longer needed, no longer matching. */
export function errataNoteFindings(side: SpecSet): RawFinding[] {
  const c = carryOf(side);
  if (!c) return [];
  const out: RawFinding[] = [];
  const old = (e: Erratum): SourceLocation => (e.file ? { file: e.file, line: e.line } : { file: c.source.draftLabel, line: e.line });
  const ambiguous = new Map(c.result.ambiguous.map((a) => [a.erratum.id, a]));
  for (const e of c.result.carried) {
    const before = c.source.errata.find((p) => p.id === e.id) ?? e;
    const a = ambiguous.get(e.id);
    out.push({
      rule: 'erratum-carried-forward',
      domain: 'errata',
      subject: e.id,
      message: `erratum ${e.id} of ${c.source.label} still matches and is applied to the new version${
        a ? ` (its original text occurs ${a.lines.length} times there: the occurrence nearest its old place was taken, check it)` : ''
      }: ${e.reason}`,
      old: old(before),
      new: e.file ? { file: e.file, line: e.line } : { file: c.file, line: e.line },
    });
  }
  for (const { erratum, reason } of c.result.noLongerNeeded) {
    out.push({
      rule: 'erratum-no-longer-needed',
      domain: 'errata',
      subject: erratum.id,
      message: `erratum ${erratum.id} of ${c.source.label} is not applied: the new version fixed the slip itself (${reason})`,
      old: old(erratum),
    });
  }
  for (const { erratum, reason } of c.result.noLongerMatching) {
    out.push({
      rule: 'erratum-no-longer-matching',
      domain: 'errata',
      subject: erratum.id,
      message: `erratum ${erratum.id} of ${c.source.label} cannot be applied to the new version: ${reason}; rewrite it for the new text (or drop it) in the new version's errata file`,
      old: old(erratum),
    });
  }
  return out;
}
