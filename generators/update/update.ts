/**
 * `mimi spec update` / `mimi spec add` as a library: a new version of a tracked draft (or a draft
 * not tracked yet) taken through the whole loop in one run, every problem of every step collected
 * rather than the first one stopping it:
 *
 *  1. identify the draft (identify.ts) and copy it, with its -files/ folder, into spec/drafts/;
 *  2. replace the tracked version's manifest entry (the old file and -files/ stay, unlisted, for
 *     `mimi spec diff`), keeping what the old version included and the new one only ships;
 *  3. carry the tracked version's errata forward (errata-carry.ts) into spec/errata/<new>.json;
 *  4. extract, lint, diff against the replaced version (with the prose watch), regenerate (with the
 *     derived files), and type-check the hand-written packages against the new generated code.
 *
 * The summary (summary.ts prints it) lists each step's findings with their locations and the files
 * the run added, removed and modified.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { SpecError, type Diagnostic } from '../common/diagnostics.ts';
import { EMPTY_CONFIG } from '../diff/config.ts';
import { diffSpecSets } from '../diff/diff.ts';
import { loadSide } from '../diff/load-side.ts';
import { scanSpecTags } from '../diff/spec-tags.ts';
import { loadParseTls, extractAll } from '../extract/driver.ts';
import { carryErrata, formatErrataFile } from '../extract/errata-carry.ts';
import { isTlsFence } from '../extract/extract.ts';
import { loadErrata, MANIFEST, readManifest, type DraftEntry, type DraftOutput, type ShippedEntry } from '../extract/manifest.ts';
import type { GenerateOptions } from '../generate.ts';
import { runSpecLint } from '../lint/spec-lint.ts';
import type { Finding, Summary } from '../report/model.ts';
import { compareTrees, snapshotTree, type TreeChanges } from './file-tree.ts';
import { identifyDraft, UpdateInputError, type DraftIdentity } from './identify.ts';
import { formatManifest, inferOutputs, planShipped, readRawManifest, trackedKey, withEntry } from './manifest-edit.ts';
import { scratchCopy } from './scratch-copy.ts';
import { typecheckHandWritten } from './typecheck.ts';
import { readManifest as readPackages } from '../tls/load.ts';

export interface SpecUpdateOptions {
  /** The checkout to update (its spec/, generated/, packages/). */
  root: string;
  /** `update`: a new version of a tracked draft; `add`: a draft not tracked yet. */
  mode: 'update' | 'add';
  /** The new draft's markdown (absolute, or relative to the working directory). */
  draft: string;
  /** Its -files/ folder (default: the `<draft file name>-files` sibling, when there is one). */
  files?: string;
  /** Two digits, for an editor's copy without a number. */
  version?: string;
  /** `add` only: what the draft produces (default: inferred from its text). */
  outputs?: readonly DraftOutput[];
  /** More derived files `npm run generate` writes (the test goldens): as `mimi generate --derived`. */
  extra?: GenerateOptions['extra'];
  /** Run in a scratch copy of the checkout (scratch-copy.ts) and write nothing: the summary says what would change. */
  dryRun?: boolean;
}

export interface ErratumPlace {
  id: string;
  /** Where it applies (carried) or applied (the others): a draft or -files/ file, repo-relative. */
  file: string;
  line: number;
  /** Carried: its line in the replaced version. */
  was?: number;
  reason?: string;
}

export interface SpecUpdateSummary {
  mode: 'update' | 'add';
  /** `source`: the draft as the command line named it. */
  draft: DraftIdentity & { file: string; source: string };
  /** Nothing was written: the run happened in a scratch copy. */
  dryRun: boolean;
  /** The version the update replaced (update only). */
  previous?: { file: string; version: string };
  manifest: { key: string; outputs: DraftOutput[]; outDir: string; shipped: ShippedEntry[]; dropped: Array<{ file: string; reason: string }> };
  errata: { file: string | null; carried: ErratumPlace[]; noLongerNeeded: ErratumPlace[]; noLongerMatching: ErratumPlace[] };
  /** `mimi spec diff <previous> <new>`: wire and API findings, and the prose watch's. */
  diff: { changes: Finding[]; prose: Finding[]; summary: Summary } | null;
  lint: { findings: Finding[]; summary: Summary };
  /** Extraction and generation diagnostics (errors and warnings), at the draft's own lines. */
  extract: Diagnostic[];
  generate: { ok: boolean; files: number; diagnostics: Diagnostic[] };
  /** Null when it did not run (generation failed: the generated code is the old one). */
  typecheck: { errors: Diagnostic[] } | null;
  /** Things the editor should know that are no error: what the run could not do for them. */
  notes: string[];
  files: TreeChanges;
  /** Errors of the run: extraction and generation errors, lint ERR findings, type errors. */
  problems: number;
}

/** Folders whose files a run may change (the derived files elsewhere are added from the generator's list). */
const TREE = ['spec', 'generated'];

/** A -files/ folder larger than this is no draft's (content -07's has 54 files, 60 kB): refused before copying. */
const MAX_FILES = 10_000;
const MAX_FILES_BYTES = 256 << 20;

/**
 * The -files/ folder copied beside the draft: every regular file and folder, within the limits
 * above; a link is refused (it could point anywhere), and so is a folder that holds the
 * destination or lies in it.
 */
function copyFilesFolder(from: string, to: string): void {
  const [src, dest] = [resolve(from), resolve(to)];
  if (src === dest) return;
  if (dest.startsWith(`${src}${sep}`) || src.startsWith(`${dest}${sep}`))
    throw new UpdateInputError(`${from}: the -files folder cannot hold ${to}, or lie in it`);
  let files = 0;
  let bytes = 0;
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const abs = join(dir, e.name);
      if (e.isSymbolicLink()) throw new UpdateInputError(`${abs}: a symbolic link in the -files folder; copy the file itself`);
      if (e.isDirectory()) walk(abs);
      else {
        files++;
        bytes += statSync(abs).size;
        if (files > MAX_FILES || bytes > MAX_FILES_BYTES) {
          throw new UpdateInputError(`${from}: more than ${MAX_FILES} files or ${MAX_FILES_BYTES >> 20} MiB, not a draft's -files folder`);
        }
      }
    }
  };
  walk(src);
  rmSync(dest, { recursive: true, force: true });
  cpSync(src, dest, { recursive: true });
}

export async function runSpecUpdate(options: SpecUpdateOptions): Promise<SpecUpdateSummary> {
  const root = resolve(options.root);
  if (!existsSync(join(root, MANIFEST))) throw new UpdateInputError(`${root}: not a mimikit checkout (no ${MANIFEST})`);
  if (!options.dryRun) return await updateIn(root, options);
  const copy = scratchCopy(root);
  try {
    return await updateIn(copy.root, options);
  } finally {
    copy.remove();
  }
}

/** Draft files this large are no draft (the largest MIMI draft is about 150 kB): refused before anything is read whole. */
const MAX_DRAFT_BYTES = 16 << 20;

/** The update run in `root` (the checkout, or its scratch copy in a dry run). */
async function updateIn(root: string, options: SpecUpdateOptions): Promise<SpecUpdateSummary> {
  const source = resolve(options.draft);
  if (!existsSync(source) || !statSync(source).isFile()) throw new UpdateInputError(`${options.draft}: no such file`);
  if (!source.endsWith('.md')) throw new UpdateInputError(`${options.draft}: expected a draft's markdown (.md)`);
  if (statSync(source).size > MAX_DRAFT_BYTES) throw new UpdateInputError(`${options.draft}: larger than ${MAX_DRAFT_BYTES >> 20} MiB, not a draft`);
  const markdown = readFileSync(source, 'utf8');
  const raw = readRawManifest(root);
  // Its diagnostics come again, with the rest, from the extraction below.
  const { entries } = readManifest(root);
  const identity = identifyDraft(source, markdown, options.version, (name) => {
    const key = trackedKey(raw, name);
    return key === undefined ? undefined : entries.find((e) => e.file === key)?.version;
  });
  const oldKey = trackedKey(raw, identity.name);
  const newKey = `${identity.name}-${identity.version}.md`;
  const previous = oldKey === undefined ? undefined : entries.find((e) => e.file === oldKey);
  if (options.mode === 'update') {
    if (oldKey === undefined) throw new UpdateInputError(`${identity.name} is not tracked in ${MANIFEST}: use \`mimi spec add\` for a new draft`);
    if (previous === undefined) throw new UpdateInputError(`${MANIFEST}: the entry of ${oldKey} is invalid; fix it first (mimi spec lint)`);
    if (Number(identity.version) <= Number(previous.version)) {
      throw new UpdateInputError(`${newKey} is not newer than the tracked ${oldKey}: a new version needs a higher number (--version NN for an editor's copy)`);
    }
  } else if (oldKey !== undefined) {
    throw new UpdateInputError(`${identity.name} is already tracked (${oldKey}): use \`mimi spec update\` for a new version`);
  }
  const filesSource = options.files !== undefined ? resolve(options.files) : join(dirname(source), `${basename(source, '.md')}-files`);
  if (options.files !== undefined && !(existsSync(filesSource) && statSync(filesSource).isDirectory())) {
    throw new UpdateInputError(`${options.files}: no such folder`);
  }

  const draftRel = `spec/drafts/${newKey}`;
  const filesRel = `spec/drafts/${identity.name}-${identity.version}-files`;
  // The manifest entry, planned before anything is written (a draft with nothing to extract is refused).
  let outputs: DraftOutput[];
  let value: unknown;
  let shipped: ShippedEntry[] = [];
  let dropped: Array<{ file: string; reason: string }> = [];
  if (previous !== undefined && oldKey !== undefined) {
    outputs = previous.outputs;
    const old = raw.drafts[oldKey];
    if (!existsSync(join(root, 'spec/drafts', oldKey))) throw new UpdateInputError(`spec/drafts/${oldKey}: the tracked version is missing; restore it first`);
    if (typeof old === 'object' && old !== null && !Array.isArray(old)) {
      const plan = planShipped(
        { file: oldKey, markdown: readFileSync(join(root, 'spec/drafts', oldKey), 'utf8'), shipped: previous.shipped },
        { file: newKey, markdown, filesDir: filesSource },
      );
      ({ shipped, dropped } = plan);
      const { shipped: _old, ...kept } = old as Record<string, unknown>;
      value = shipped.length ? { ...kept, shipped } : kept;
    } else value = old;
  } else {
    const parseTls = await loadParseTls();
    outputs = options.outputs?.length ? [...new Set(options.outputs)] : inferOutputs(markdown, (info, content) => isTlsFence(info, content, parseTls));
    if (outputs.length === 0) throw new UpdateInputError(`${options.draft}: no TLS-PL or CDDL in the draft; give --outputs`);
    value = outputs.length === 1 && outputs[0] === 'tls' ? identity.name : { outputs };
  }
  const before = snapshotTree(root, TREE);
  const notes: string[] = [];
  const problems: Diagnostic[] = [];

  // 1. The draft and its -files/ folder, into spec/drafts/.
  // The folder first: what it refuses is refused before anything is written.
  if (existsSync(filesSource)) copyFilesFolder(filesSource, join(root, filesRel));
  if (resolve(join(root, draftRel)) !== source) writeFileSync(join(root, draftRel), markdown);

  // 2. The manifest entry.
  writeFileSync(join(root, MANIFEST), formatManifest(withEntry(raw, oldKey, newKey, value)));
  for (const d of dropped) notes.push(`${d.file} is no longer extracted: ${d.reason}`);
  for (const sh of shipped) {
    if (sh.includedBy !== oldKey) continue;
    notes.push(
      `${sh.file}: ${newKey} no longer includes it, so the diff reports its rules removed; its -files/ folder still ships it, so it stays extracted (a "shipped" entry in ${MANIFEST}) and generated: remove that entry to drop it`,
    );
  }
  const entry: DraftEntry = {
    file: newKey,
    name: identity.name,
    version: identity.version,
    outputs,
    outDir: previous?.outDir ?? `spec/${identity.name}`,
    shipped,
  };
  if (options.mode === 'add') notes.push(...addNotes(root, entry));

  // 3. Errata carried forward.
  const errataRel = `spec/errata/${newKey.replace(/\.md$/, '')}.json`;
  const errata: SpecUpdateSummary['errata'] = { file: null, carried: [], noLongerNeeded: [], noLongerMatching: [] };
  if (previous !== undefined) {
    const prevErrata = loadErrata(root, previous);
    for (const d of prevErrata.diagnostics) problems.push(d);
    if (prevErrata.errata.length) {
      const readFile = (name: string): string | undefined => {
        const abs = join(root, filesRel, name);
        return existsSync(abs) ? readFileSync(abs, 'utf8') : undefined;
      };
      const carry = carryErrata(prevErrata.errata, { draftText: markdown, version: identity.version, readFile });
      const placeIn = (key: string, files: string, e: { file?: string }) => (e.file ? `${files}/${e.file}` : `spec/drafts/${key}`);
      const prevFiles = `spec/drafts/${oldKey!.replace(/\.md$/, '')}-files`;
      errata.carried = carry.carried.map((e) => ({
        id: e.id,
        file: placeIn(newKey, filesRel, e),
        line: e.line,
        was: prevErrata.errata.find((p) => p.id === e.id)?.line ?? e.line,
      }));
      const gone = (x: { erratum: { id: string; line: number; file?: string }; reason: string }): ErratumPlace => ({
        id: x.erratum.id,
        file: placeIn(oldKey!, prevFiles, x.erratum),
        line: x.erratum.line,
        reason: x.reason,
      });
      errata.noLongerNeeded = carry.noLongerNeeded.map(gone);
      errata.noLongerMatching = carry.noLongerMatching.map(gone);
      if (existsSync(join(root, errataRel))) notes.push(`${errataRel} already exists: kept as it is (the carried errata are not written)`);
      else if (carry.carried.length) {
        mkdirSync(join(root, 'spec/errata'), { recursive: true });
        writeFileSync(join(root, errataRel), formatErrataFile(carry.carried));
      }
      errata.file = existsSync(join(root, errataRel)) ? errataRel : null;
    }
  }

  // 4. Extract, lint, diff, generate, type-check.
  const extracted = await extractAll(root);
  const extract = extracted.diagnostics;
  const lintReport = await runSpecLint(root, undefined);
  let diff: SpecUpdateSummary['diff'] = null;
  if (oldKey !== undefined) {
    const sideOptions = { root, cwd: root };
    const [oldSide, newSide] = await Promise.all([loadSide(join(root, 'spec/drafts', oldKey), sideOptions), loadSide(join(root, draftRel), sideOptions)]);
    const report = diffSpecSets(oldSide!, newSide!, EMPTY_CONFIG, scanSpecTags(root).tags);
    diff = {
      changes: report.findings.filter((f) => f.category !== 'PROSE'),
      prose: report.findings.filter((f) => f.category === 'PROSE'),
      summary: report.summary,
    };
  }
  const generate: SpecUpdateSummary['generate'] = { ok: false, files: 0, diagnostics: [] };
  const derivedChanged: string[] = [];
  try {
    const { generateAll } = await import('../generate.ts');
    const result = await generateAll(root, options.extra ? { extra: options.extra } : {});
    generate.ok = true;
    generate.files = result.files;
    generate.diagnostics = result.diagnostics.filter((d) => d.severity === 'error');
    for (const p of result.changed) if (!TREE.some((t) => p.startsWith(`${t}/`))) derivedChanged.push(p);
  } catch (err) {
    if (!(err instanceof SpecError)) throw err;
    generate.diagnostics = [...err.diagnostics];
  }
  const typeErrors = generate.ok ? await typecheckHandWritten(root) : null;
  const typecheck = typeErrors === null ? null : { errors: typeErrors };
  if (!generate.ok) notes.push('generated/ was not regenerated (see the generator errors), so the hand-written packages were not type-checked');
  else if (typeErrors === null) notes.push('the checkout has no typescript installed (npm install), so the hand-written packages were not type-checked');

  const files = compareTrees(before, snapshotTree(root, TREE));
  files.modified = [...files.modified, ...derivedChanged].sort();
  const errors = (list: readonly Diagnostic[]) => list.filter((d) => d.severity === 'error').length;
  return {
    mode: options.mode,
    draft: { ...identity, file: draftRel, source: options.draft },
    dryRun: options.dryRun === true,
    ...(previous ? { previous: { file: `spec/drafts/${previous.file}`, version: previous.version } } : {}),
    manifest: { key: newKey, outputs, outDir: entry.outDir, shipped, dropped },
    errata,
    diff,
    lint: { findings: lintReport.findings, summary: lintReport.summary },
    extract,
    generate,
    typecheck,
    notes,
    files,
    problems: errors(problems) + errors(extract) + lintReport.summary.ERR + errors(generate.diagnostics) + (typecheck?.errors.length ?? 0),
  };
}

/** What `mimi spec add` cannot do itself: a new TLS spec needs a package, a new CDDL folder is not generated. */
function addNotes(root: string, entry: DraftEntry): string[] {
  const notes: string[] = [];
  if (entry.outputs.includes('tls')) {
    const listed = existsSync(join(root, 'spec/tls/packages.json')) && readPackages(root).packages.some((p) => p.specs.includes(entry.name));
    if (!listed) {
      notes.push(
        `spec/tls/${entry.name}.tls is in no package of spec/tls/packages.json, so nothing is generated from it: add it to a package's "specs" to generate codecs`,
      );
    }
  }
  if (entry.outputs.includes('cddl') && entry.outDir !== 'spec/content') {
    notes.push(
      `${entry.outDir}/ is not generated (npm run generate reads the CDDL of spec/content/): set "outDir": "spec/content" in ${MANIFEST} to generate its codecs`,
    );
  }
  return notes;
}
