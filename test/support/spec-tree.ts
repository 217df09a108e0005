/**
 * A temporary copy of the checkout (the one `mimi spec update --dry-run` works in) holding an
 * EARLIER version of a tracked draft, for the tests of `mimi spec update`.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { carryErrata, formatErrataFile } from '../../generators/extract/errata-carry.ts';
import { validateErrata } from '../../generators/extract/errata.ts';
import { scratchCopy } from '../../generators/update/scratch-copy.ts';
import { mimi, type RunResult } from './run-cli.ts';

export const REPO = new URL('../../', import.meta.url).pathname.replace(/\/$/, '');

/** Where the derived files of `npm run generate` live outside spec/ and generated/ (compared too). */
export const DERIVED = [
  'generators/report/report.schema.json',
  'docs/transport.md',
  'docs/provider-client.md',
  'test/golden/features',
  'test/transport/fixtures/golden',
  'test/diff/__snapshots__',
];

export interface SpecTree {
  root: string;
  /** The newer version's files, moved out of the copy's spec/drafts: what the test hands to `mimi spec update`. */
  incoming: string;
  /** An empty folder beside `incoming` to run the command from (`../<name>/<file>` is then the draft). */
  cwd: string;
  /** Repo-relative files the tree holds that the checkout does not: stand-ins made here, excluded from comparisons. */
  standIns: string[];
  cleanup(): void;
}

interface RawManifest {
  drafts: Record<string, unknown>;
  [k: string]: unknown;
}

/** The manifest with entry `from` renamed to `to` (same place), its value passed through `edit`. */
function renameEntry(root: string, from: string, to: string, edit: (v: unknown) => unknown = (v) => v): void {
  const path = join(root, 'spec/drafts/drafts.json');
  const m = JSON.parse(readFileSync(path, 'utf8')) as RawManifest;
  if (!(from in m.drafts)) throw new Error(`spec/drafts/drafts.json does not list ${from}`);
  const drafts: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(m.drafts)) drafts[k === from ? to : k] = k === from ? edit(v) : v;
  writeFileSync(path, `${JSON.stringify({ ...m, drafts }, null, 2)}\n`);
}

/** Extract and generate in the tree, as `mimi spec extract` and `npm run generate` would. */
function extractAndGenerate(root: string): void {
  const steps: Array<[string, RunResult]> = [];
  steps.push(['extract', mimi(['spec', 'extract', '--root', root], undefined, { timeout: 120_000 })]);
  steps.push(['generate', mimi(['generate', '--root', root, '--derived', join(root, 'test/support/golden-files.ts')], undefined, { timeout: 180_000 })]);
  for (const [name, r] of steps) if (r.code !== 0) throw new Error(`setting up the earlier version: ${name} exited ${r.code}\n${r.stderr}${r.stdout}`);
}

/**
 * The checkout with `draft-<name>-<older>.md` listed instead of the committed `-<newer>.md` (which,
 * with its -files/ folder and errata, is moved to `incoming`), extracted and generated: the state
 * an editor is in before running `mimi spec update`.
 *
 * The older version comes from spec/drafts (or test/fixtures/drafts), with its -files/ folder; its
 * errata from spec/errata, or, when the checkout has none for it, from the newer version's errata
 * re-anchored onto it (errata-carry.ts run backwards), as a stand-in.
 */
export function treeAtEarlierVersion(name: string, older: string, newer: string): SpecTree {
  const copy = scratchCopy(REPO);
  const root = copy.root;
  // `.incoming/<name>/` beside an empty `.incoming/checkout/`: run from there, the new version is
  // `../<name>/<file>`, the path an editor with the draft's repository next to the checkout types.
  const incoming = join(root, '.incoming', name);
  const standIns: string[] = [];
  try {
    mkdirSync(incoming, { recursive: true });
    mkdirSync(join(root, '.incoming', 'checkout'));
    const oldFile = `${name}-${older}.md`;
    const newFile = `${name}-${newer}.md`;
    const drafts = join(root, 'spec/drafts');
    renameSync(join(drafts, newFile), join(incoming, newFile));
    if (existsSync(join(drafts, `${name}-${newer}-files`))) renameSync(join(drafts, `${name}-${newer}-files`), join(incoming, `${name}-${newer}-files`));
    for (const [dir, rel] of [
      [drafts, oldFile],
      [drafts, `${name}-${older}-files`],
    ] as const) {
      if (existsSync(join(dir, rel))) continue;
      const fixture = join(REPO, 'test/fixtures/drafts', rel);
      if (!existsSync(fixture)) continue;
      cpSync(fixture, join(dir, rel), { recursive: true });
      standIns.push(`spec/drafts/${rel}`);
    }
    const newErrata = join(root, `spec/errata/${name}-${newer}.json`);
    const oldErrata = join(root, `spec/errata/${name}-${older}.json`);
    if (existsSync(newErrata)) {
      if (!existsSync(oldErrata)) {
        const { errata } = validateErrata(JSON.parse(readFileSync(newErrata, 'utf8')), newErrata);
        const back = carryErrata(errata, { draftText: readFileSync(join(drafts, oldFile), 'utf8'), version: older });
        writeFileSync(oldErrata, formatErrataFile(back.carried));
        standIns.push(`spec/errata/${name}-${older}.json`);
      }
      rmSync(newErrata);
    }
    renameEntry(root, newFile, oldFile, (v) => {
      if (typeof v !== 'object' || v === null) return v;
      const { shipped: _, ...rest } = v as Record<string, unknown>;
      return rest;
    });
    extractAndGenerate(root);
  } catch (err) {
    copy.remove();
    throw err;
  }
  return { root, incoming, cwd: join(root, '.incoming', 'checkout'), standIns, cleanup: copy.remove };
}

/** Every file under `folders` of `root` (no node_modules, no dist), repo-relative. */
export function filesUnder(root: string, folders: readonly string[]): string[] {
  const out: string[] = [];
  const walk = (rel: string): void => {
    const abs = join(root, rel);
    if (!existsSync(abs)) return;
    if (!readdirSafe(abs)) {
      out.push(rel);
      return;
    }
    for (const e of readdirSync(abs, { withFileTypes: true })) {
      if (e.name === 'node_modules' || e.name === 'dist') continue;
      if (e.isDirectory()) walk(`${rel}/${e.name}`);
      else out.push(`${rel}/${e.name}`);
    }
  };
  for (const f of folders) walk(f);
  return out.sort();
}

function readdirSafe(abs: string): boolean {
  try {
    readdirSync(abs);
    return true;
  } catch {
    return false;
  }
}

/** Files of `folders` that differ between the tree and the checkout (present in one only, or different bytes), stand-ins aside. */
export function differingFiles(tree: SpecTree, folders: readonly string[]): string[] {
  const paths = new Set([...filesUnder(REPO, folders), ...filesUnder(tree.root, folders)]);
  const differ: string[] = [];
  for (const p of [...paths].sort()) {
    if (tree.standIns.some((s) => p === s || p.startsWith(`${s}/`))) continue;
    const a = join(REPO, p);
    const b = join(tree.root, p);
    if (!existsSync(a) || !existsSync(b) || !readFileSync(a).equals(readFileSync(b))) differ.push(p);
  }
  return differ;
}
