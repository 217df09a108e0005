/**
 * The edits `mimi spec update` and `mimi spec add` make to spec/drafts/drafts.json: the tracked
 * version's entry replaced by the new version's (same place, same name, outputs and outDir), or a
 * new entry appended; and the file written back in one layout (objects one member a line, short
 * arrays of plain values on one line), so that the manifest an update writes is the committed one.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MANIFEST, parseDraftFileName, type DraftOutput, type ShippedEntry } from '../extract/manifest.ts';
import { scanMarkdown } from '../extract/markdown.ts';
import { UpdateInputError } from './identify.ts';

export interface RawManifest {
  /** Every top-level member, in order (`comment`, `drafts`, …): written back as read. */
  members: Record<string, unknown>;
  drafts: Record<string, unknown>;
}

export function readRawManifest(root: string): RawManifest {
  let members: unknown;
  try {
    members = JSON.parse(readFileSync(join(root, MANIFEST), 'utf8'));
  } catch (err) {
    throw new UpdateInputError(`${MANIFEST}: cannot read the draft manifest: ${err instanceof Error ? err.message : String(err)}`);
  }
  const drafts = (members as { drafts?: unknown } | null)?.drafts;
  if (typeof drafts !== 'object' || drafts === null || Array.isArray(drafts)) throw new UpdateInputError(`${MANIFEST}: "drafts" must be an object`);
  return { members: members as Record<string, unknown>, drafts: drafts as Record<string, unknown> };
}

/** The manifest key (a draft file name) that lists a version of draft `name`, if any. */
export function trackedKey(manifest: RawManifest, name: string): string | undefined {
  return Object.keys(manifest.drafts).find((k) => parseDraftFileName(k)?.name === name);
}

/** A copy of the manifest with `oldKey`'s entry replaced, in place, by `newKey` → `value`; appended when `oldKey` is undefined. */
export function withEntry(manifest: RawManifest, oldKey: string | undefined, newKey: string, value: unknown): RawManifest {
  const drafts: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(manifest.drafts)) drafts[k === oldKey ? newKey : k] = k === oldKey ? value : v;
  if (oldKey === undefined) drafts[newKey] = value;
  return { members: { ...manifest.members, drafts }, drafts };
}

const LINE_WIDTH = 160;

function render(value: unknown, indent: string): string {
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    if (value.every((v) => v === null || typeof v !== 'object')) {
      const inline = `[${value.map((v) => JSON.stringify(v)).join(', ')}]`;
      if (inner.length + inline.length <= LINE_WIDTH) return inline;
    }
    return `[\n${value.map((v) => inner + render(v, inner)).join(',\n')}\n${indent}]`;
  }
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value);
    if (entries.length === 0) return '{}';
    return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${render(v, inner)}`).join(',\n')}\n${indent}}`;
  }
  return JSON.stringify(value);
}

export function formatManifest(manifest: RawManifest): string {
  return `${render(manifest.members, '')}\n`;
}

/** The .cddl files the text of a draft includes. */
function includedCddl(markdown: string): Set<string> {
  return new Set(
    scanMarkdown(markdown)
      .includes.map((i) => i.path)
      .filter((p) => p.endsWith('.cddl')),
  );
}

export interface ShippedPlan {
  shipped: ShippedEntry[];
  /** Shipped entries of the tracked version the new one does not keep, and why. */
  dropped: Array<{ file: string; reason: string }>;
}

/**
 * The `shipped` list of the new version's entry: what the tracked version shipped without
 * including, and what it included that the new version no longer includes, as long as the new
 * version's -files/ folder still has the file (a file the draft still ships keeps its spec file
 * and generated code; one it stopped shipping is gone, and extract removes its spec file).
 */
export function planShipped(
  previous: { file: string; markdown: string; shipped: readonly ShippedEntry[] },
  next: { file: string; markdown: string; filesDir: string },
): ShippedPlan {
  const ships = new Set(existsSync(next.filesDir) ? readdirSync(next.filesDir).filter((f) => f.endsWith('.cddl')) : []);
  const nowIncluded = includedCddl(next.markdown);
  const shipped: ShippedEntry[] = [];
  const dropped: ShippedPlan['dropped'] = [];
  const keep = (file: string): string | null =>
    nowIncluded.has(file) ? `${next.file} includes it again` : ships.has(file) ? null : `${next.file}'s -files/ folder no longer has it`;
  for (const s of previous.shipped) {
    const why = keep(s.file);
    if (why === null) shipped.push(s);
    else dropped.push({ file: s.file, reason: why });
  }
  for (const file of [...includedCddl(previous.markdown)].sort()) {
    if (nowIncluded.has(file) || shipped.some((s) => s.file === file)) continue;
    if (!ships.has(file)) {
      dropped.push({ file, reason: `${previous.file} included it; ${next.file} neither includes nor ships it` });
      continue;
    }
    shipped.push({
      file,
      includedBy: previous.file,
      note: `${previous.file} included it; ${next.file} no longer does, but its -files folder still ships it (kept by mimi spec update)`,
    });
  }
  return { shipped, dropped };
}

/** The outputs of a draft not tracked yet, from what its text holds: TLS-PL fences, CDDL (includes or fences), examples. */
export function inferOutputs(markdown: string, isTls: (info: string, content: string) => boolean): DraftOutput[] {
  const scanned = scanMarkdown(markdown);
  const outputs: DraftOutput[] = [];
  if (scanned.fences.some((f) => isTls(f.info, f.lines.join('\n')))) outputs.push('tls');
  if (scanned.includes.some((i) => i.path.endsWith('.cddl')) || scanned.fences.some((f) => f.info === 'cddl')) outputs.push('cddl');
  if (scanned.includes.some((i) => i.path.endsWith('.edn'))) outputs.push('examples');
  return outputs;
}
