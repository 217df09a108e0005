/**
 * Loads one side of `mimi spec diff` (or the target of `mimi spec lint`) into a SpecSet, from
 * whatever the user names:
 *
 * - a draft's markdown (`draft-ietf-mimi-protocol-05.md`): its TLS-PL fences and CDDL (fences and
 *   mmark `<{{file}}` includes, resolved from the draft's `-files/` sibling or its own folder), with
 *   the repository's errata for exactly that draft version, if it has any;
 * - a spec directory (`spec/`, or any folder with `tls/`, `content/`, `openapi/`);
 * - a single `.tls`, `.cddl` or OpenAPI (`.yaml`, `.yml`, `.json`) file;
 * - `git:<ref>`: the repository's `spec/` at that commit (`--against <ref>`).
 *
 * TLS names a draft does not define itself (RFC 9420's KeyPackage in a protocol draft) resolve
 * through the repository's built-in packages (spec/tls/packages.json), so both sides of a diff see
 * the same external types.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, posix, relative, sep } from 'node:path';
import type { Diagnostic } from '../common/diagnostics.ts';
import { displayPath, existingInput } from '../common/input-path.ts';
import { swaggerParser } from '../openapi/swagger-parser.ts';
import type { CddlSpec } from '../cddl/ir.ts';
import { parseCddl } from '../cddl/parse/parser.ts';
import { extractCddl } from '../extract/cddl.ts';
import { makeResolver, resolveIncludePath } from '../extract/content.ts';
import { loadErrata, parseDraftFileName, type DraftEntry } from '../extract/manifest.ts';
import { TrackedText } from '../extract/errata.ts';
import { carryErrata } from '../extract/errata-carry.ts';
import { extractTls } from '../extract/extract.ts';
import { splitDefinitions } from '../extract/split.ts';
import { placeWithSuggestion } from '../extract/suggest-erratum.ts';
import { compilePackage } from '../tls/compile.ts';
import { readManifest, type PackageManifest as Manifest } from '../tls/load.ts';
import type { TlsSpec } from '../tls/ir.ts';
import type { TlsPackage } from '../tls/model.ts';
import { parseTls } from '../tls/parse/parser.ts';
import { draftIdentity, type ErrataSource, recordCarry, type ErrataCarried } from './errata-forward.ts';
import { ExtractedLines } from './extracted-lines.ts';
import type { LintGroup } from '../lint/report.ts';
import type { Domain, SideInfo, SourceLocation } from '../report/model.ts';
import type { OpenApiSide, SpecSet } from './spec-set.ts';

export interface LoadSideOptions {
  /** The repository whose built-in TLS packages and errata apply (default: the mimikit checkout). */
  root: string;
  /** Paths in reports are shown relative to this folder when inside it (default: process.cwd()). */
  cwd?: string;
  /** Apply the repository's errata for a draft's exact version (default true); false reads the draft as published. */
  errata?: boolean;
  /**
   * Errata of an earlier version (errataToCarry in errata-forward.ts), carried forward to a draft
   * that has no errata file of its own for its exact version; ignored when `errata` is false.
   */
  carry?: ErrataSource;
}

/** The input cannot be loaded at all (unknown kind, bad git ref; a missing file is a MissingInputError): a message for the user. */
export class SideError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SideError';
  }
}

const OPENAPI_EXT = /\.(ya?ml|json)$/i;

export async function loadSide(arg: string, options: LoadSideOptions): Promise<SpecSet> {
  if (arg.startsWith('git:')) return await loadGitRef(arg.slice(4), options);
  const cwd = options.cwd ?? process.cwd();
  const abs = existingInput(arg, [cwd]);
  const display = displayPath(abs, cwd);
  if (statSync(abs).isDirectory()) return await loadSpecDir(abs, display, options);
  if (abs.endsWith('.md')) return loadDraft(abs, display, options);
  if (abs.endsWith('.tls')) {
    const spec = parseFile(abs, display, parseTls);
    const unparsed = unparsedOf(definitionsOfTlsFile(readFileSync(abs, 'utf8'), display), [spec]);
    return fileSide(display, 'spec-file', { tls: [packageOf([spec], display, options)], unparsed });
  }
  if (abs.endsWith('.cddl')) return fileSide(display, 'spec-file', { cddl: [parseFile(abs, display, parseCddl)] });
  if (OPENAPI_EXT.test(abs)) return fileSide(display, 'openapi', { openapi: await readOpenApi(abs, display) });
  throw new SideError(`${arg}: expected a draft (.md), a spec directory, a .tls, .cddl or OpenAPI (.yaml/.json) file, or git:<ref>`);
}

/** The diagnostics of each loaded side by the kind of definition they are about, for `mimi spec lint`. */
const groupsOfSide = new WeakMap<SpecSet, LintGroup[]>();

export function lintGroupsOf(side: SpecSet): LintGroup[] {
  return groupsOfSide.get(side) ?? [{ domain: 'tls', diagnostics: side.diagnostics }];
}

const ERRATA_CODES = new Set(['stale-erratum', 'invalid-erratum']);

/** Builds a SpecSet; `found` are its load diagnostics per domain (errata problems are moved to 'errata'). */
function makeSide(
  info: SideInfo,
  parts: Partial<Pick<SpecSet, 'tls' | 'cddl' | 'openapi' | 'unparsed'>>,
  found: Array<[Domain, readonly Diagnostic[]]>,
): SpecSet {
  const byDomain = new Map<Domain, Diagnostic[]>();
  for (const [domain, list] of found) {
    for (const d of list) {
      const key = ERRATA_CODES.has(d.code) ? 'errata' : domain;
      // Appended in place: copying the list for each diagnostic made a draft with many errors quadratic.
      const list = byDomain.get(key);
      if (list) list.push(d);
      else byDomain.set(key, [d]);
    }
  }
  const groups = [...byDomain].map(([domain, diagnostics]) => ({ domain, diagnostics }));
  const side: SpecSet = {
    info,
    tls: parts.tls ?? [],
    cddl: parts.cddl ?? [],
    openapi: parts.openapi ?? null,
    diagnostics: groups.flatMap((g) => g.diagnostics),
  };
  if (parts.unparsed?.size) side.unparsed = parts.unparsed;
  groupsOfSide.set(side, groups);
  return side;
}

function fileSide(label: string, kind: SideInfo['kind'], parts: Partial<Pick<SpecSet, 'tls' | 'cddl' | 'openapi' | 'unparsed'>>): SpecSet {
  return makeSide({ label, kind }, parts, [
    ['tls', (parts.tls ?? []).flatMap((p) => p.diagnostics)],
    ['cddl', (parts.cddl ?? []).flatMap((c) => parsed.get(c) ?? [])],
  ]);
}

/** Parse diagnostics travel with the spec: they are collected by the caller through `parsed`. */
const parsed = new WeakMap<object, Diagnostic[]>();

function parseFile<S extends object>(
  abs: string,
  display: string,
  parse: (text: string, file: string, name?: string) => { spec: S; diagnostics: Diagnostic[] },
): S {
  const r = parse(readFileSync(abs, 'utf8'), display, basename(abs).replace(/\.[a-z]+$/, ''));
  parsed.set(r.spec, r.diagnostics);
  return r.spec;
}

/** Parsed by swagger-parser without validation or dereferencing: a diff must work on a description mid-edit. */
async function readOpenApi(abs: string, display: string): Promise<OpenApiSide> {
  const text = readFileSync(abs, 'utf8');
  try {
    return { file: display, text, doc: await (await swaggerParser()).parse(abs) };
  } catch (err) {
    throw new SideError(`${display}: cannot be read as OpenAPI: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
  }
}

// ---------------------------------------------------------------- TLS packages and their imports

/** The repository's built-in packages, compiled once per root. */
const builtinCache = new Map<string, { manifest: Manifest; specs: Map<string, TlsSpec> }>();

function builtins(root: string): { manifest: Manifest; specs: Map<string, TlsSpec> } {
  let b = builtinCache.get(root);
  if (!b) {
    const manifest: Manifest = existsSync(join(root, 'spec/tls/packages.json')) ? readManifest(root) : { packages: [] };
    const specs = new Map<string, TlsSpec>();
    for (const p of manifest.packages) {
      for (const name of p.specs) specs.set(name, parseTls(readFileSync(join(root, 'spec/tls', `${name}.tls`), 'utf8'), `spec/tls/${name}.tls`, name).spec);
    }
    b = { manifest, specs };
    builtinCache.set(root, b);
  }
  return b;
}

/**
 * The built-in packages a spec named `specName` can see: those its own package imports, plus the
 * other specs of its own package (an mls-extensions draft sees RFC 9420). A spec the manifest does
 * not list sees every built-in package.
 */
function importsFor(specName: string | null, root: string): TlsPackage[] {
  const { manifest, specs } = builtins(root);
  const compiled = new Map<string, TlsPackage>();
  const build = (name: string, exclude: string | null): TlsPackage => {
    const key = `${name}\u0000${exclude ?? ''}`;
    let pkg = compiled.get(key);
    if (!pkg) {
      const entry = manifest.packages.find((p) => p.name === name)!;
      const own = entry.specs.filter((s) => s !== exclude).map((s) => specs.get(s)!);
      pkg = compilePackage(
        name,
        own,
        entry.imports.map((i) => build(i, null)),
      );
      compiled.set(key, pkg);
    }
    return pkg;
  };
  const home = specName ? manifest.packages.find((p) => p.specs.includes(specName)) : undefined;
  if (!home) return manifest.packages.map((p) => build(p.name, null));
  const imports = home.imports.map((i) => build(i, null));
  if (home.specs.length > 1) imports.push(build(home.name, specName));
  return imports;
}

/**
 * The extractor's "definition ends without ';'" where the parser reports the same `;` (with
 * what it found instead) is one problem: the parser's diagnostic says it.
 */
function notSaidByParser(tls: readonly TlsPackage[]): (d: Diagnostic) => boolean {
  const said = new Set(tls.flatMap((p) => p.diagnostics.filter((d) => d.code === 'missing-semicolon').map((d) => `${d.file}:${d.line}`)));
  return (d) => !(d.code === 'missing-semicolon' && said.has(`${d.file}:${d.line}`));
}

function packageOf(specs: TlsSpec[], name: string, options: LoadSideOptions, specName: string | null = null): TlsPackage {
  const pkg = compilePackage(name, specs, importsFor(specName, options.root));
  pkg.diagnostics = [...specs.flatMap((s) => parsed.get(s) ?? []), ...pkg.diagnostics];
  return pkg;
}

/** Definitions written in the text (`found`) that the parser did not turn into declarations of `specs`. */
function unparsedOf(found: Iterable<{ name: string; location: SourceLocation }>, specs: readonly TlsSpec[]): Map<string, SourceLocation> {
  const declared = new Set(specs.flatMap((s) => s.declarations.map((d) => d.name)));
  const out = new Map<string, SourceLocation>();
  for (const f of found) if (f.name && !declared.has(f.name) && !out.has(f.name)) out.set(f.name, f.location);
  return out;
}

/** The definitions a .tls file writes, found by the extractor's splitter (which needs no valid syntax inside them). */
function definitionsOfTlsFile(text: string, file: string): Array<{ name: string; location: SourceLocation }> {
  const t = TrackedText.fromLines(text.split('\n'), 1);
  return splitDefinitions(t, file).definitions.map((d) => ({ name: d.name, location: { file, line: t.lineAt(d.declStart) } }));
}

// ---------------------------------------------------------------- drafts

function loadDraft(abs: string, display: string, options: LoadSideOptions): SpecSet {
  const markdown = readFileSync(abs, 'utf8');
  const fileName = basename(abs);
  // A copy under another file name (a fixture, an editor's copy) is known by its docname.
  const named = draftIdentity(fileName, markdown);
  const id = named?.version !== undefined ? { name: named.name, version: named.version } : null;
  const info: SideInfo = { label: display, kind: 'draft', ...(id ? { draft: id.name, version: id.version } : {}) };
  let errata: ReturnType<typeof loadErrata> = { path: null, errata: [], diagnostics: [] };
  let carried: ErrataCarried | undefined;
  if (id && options.errata !== false) {
    const entry: DraftEntry = {
      file: parseDraftFileName(fileName) ? fileName : `${id.name}-${id.version}.md`,
      name: id.name,
      version: id.version,
      outputs: [],
      outDir: '',
      shipped: [],
    };
    errata = loadErrata(options.root, entry);
  }
  if (errata.path === null && options.errata !== false && options.carry) {
    // No errata of its own: the earlier version's, re-anchored to this text (errata-forward.ts).
    const source = options.carry;
    const resolveHere = makeResolver(abs);
    const result = carryErrata(
      source.errata,
      { draftText: markdown, version: source.nextVersion, readFile: (name) => resolveHere(name)?.text },
      source.previousDraft,
    );
    carried = { source, result, file: display };
    errata = { path: `${source.label} (carried forward)`, errata: result.carried, diagnostics: [] };
  }

  // One errata file serves both extractions: each erratum must apply to one of them, and is stale
  // only when neither applied it.
  const errataFile = errata.path ? { errataFile: errata.path } : {};
  const tlsResult = extractTls(
    markdown,
    display,
    errata.errata.filter((e) => !e.file),
    { parseTls, ...errataFile, ...(id ? { draft: id } : {}) },
  );
  const leftover = errata.errata.filter((e) => !tlsResult.applied.includes(e.id));
  const cddlResult = extractCddl(markdown, display, makeResolver(abs), { name: id?.name ?? fileName.replace(/\.md$/, ''), errata: leftover, ...errataFile });
  const appliedBy = (ids: string[]) => (d: Diagnostic) => !(d.code === 'stale-erratum' && ids.some((i) => d.message.startsWith(`erratum ${i} `)));
  const cddlDiagnostics: Diagnostic[] = [...cddlResult.diagnostics];
  const tls: TlsPackage[] = [];
  const draftLines = markdown.split(/\r?\n/);
  if (tlsResult.definitions.length > 0) {
    const parsedTls = parseTls(tlsResult.tls, `${display}#tls`, id?.name ?? fileName);
    const lines = new ExtractedLines(tlsResult.tls, display);
    lines.relocate(parsedTls.spec, `${display}#tls`);
    // A mechanical fix of the extracted text becomes the erratum that makes it in the draft.
    const context = id && {
      extractedLines: tlsResult.tls.split('\n'),
      at: (l: number) => lines.at(l),
      draftFile: display,
      draftLines,
      draft: id,
    };
    parsed.set(
      parsedTls.spec,
      parsedTls.diagnostics.map((d) => placeWithSuggestion(d, (x) => lines.place(x, `${display}#tls`), context)),
    );
    const pkg = packageOf([parsedTls.spec], id?.name ?? fileName, options, id?.name ?? null);
    pkg.diagnostics = pkg.diagnostics.map((d) => lines.place(d, `${display}#tls`));
    tls.push(pkg);
  }

  // Included CDDL files as diagnostics name them → the include's spelling and the file's lines.
  const includedFiles = new Map<string, { name: string; abs: string; lines?: string[] }>();
  const included = (file: string) => {
    const f = includedFiles.get(file);
    if (!f) return undefined;
    f.lines ??= readFileSync(f.abs, 'utf8').split(/\r?\n/);
    return { name: f.name, lines: f.lines };
  };
  const cddl: CddlSpec[] = cddlResult.files.map((f) => {
    const file = `${display}#${f.name}`;
    const r = parseCddl(f.text, file, f.name.replace(/\.cddl$/, ''));
    const lines = new ExtractedLines(f.text, display, (include) => {
      const found = resolveIncludePath(abs, include);
      if (!found) return null;
      const path = posix.join(posix.dirname(display), found.displayPath);
      includedFiles.set(path, { name: include, abs: found.abs });
      return path;
    });
    lines.relocate(r.spec, file);
    const context = id && { extractedLines: f.text.split('\n'), at: (l: number) => lines.at(l), draftFile: display, draftLines, draft: id, included };
    for (const d of r.diagnostics) cddlDiagnostics.push(placeWithSuggestion(d, (x) => lines.place(x, file), context));
    return r.spec;
  });
  const unparsed = unparsedOf(
    tlsResult.definitions.map((d) => ({ name: d.name, location: { file: display, line: d.line, draft: fileName, draftLine: d.line, section: d.section } })),
    tls.flatMap((p) => p.specs),
  );
  const side = makeSide(info, { tls, cddl, unparsed }, [
    ['errata', errata.diagnostics],
    ['tls', [...tlsResult.diagnostics.filter(appliedBy(cddlResult.applied)).filter(notSaidByParser(tls)), ...tls.flatMap((p) => p.diagnostics)]],
    ['cddl', cddlDiagnostics],
  ]);
  side.markdown = markdown;
  if (carried) recordCarry(side, carried);
  return side;
}

// ---------------------------------------------------------------- spec directories

function listFiles(dir: string, ext: string): string[] {
  return existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => f.endsWith(ext))
        .sort()
    : [];
}

async function loadSpecDir(abs: string, display: string, options: LoadSideOptions, info: SideInfo = { label: display, kind: 'spec-dir' }): Promise<SpecSet> {
  // `spec/` itself, or a folder holding one (a repository checkout).
  const dir = existsSync(join(abs, 'spec')) && !existsSync(join(abs, 'tls')) ? join(abs, 'spec') : abs;
  const shown = (p: string) =>
    info.kind === 'git' ? `${info.label}:${relative(dirname(dir), p).split(sep).join('/')}` : displayPath(p, options.cwd ?? process.cwd());
  const tlsDir = existsSync(join(dir, 'tls')) ? join(dir, 'tls') : dir;
  const tls: TlsPackage[] = [];
  const manifestPath = join(tlsDir, 'packages.json');
  const found: Array<{ name: string; location: SourceLocation }> = [];
  const specOf = (name: string) => {
    const abs = join(tlsDir, `${name}.tls`);
    for (const item of definitionsOfTlsFile(readFileSync(abs, 'utf8'), shown(abs))) found.push(item);
    return parseFile(abs, shown(abs), parseTls);
  };
  if (existsSync(manifestPath)) {
    // The directory's own packages, importing each other as its manifest says (not the built-ins).
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
    const compiled = new Map<string, TlsPackage>();
    for (const p of manifest.packages) {
      const specs = p.specs.map(specOf);
      const pkg = compilePackage(
        p.name,
        specs,
        p.imports.flatMap((i) => compiled.get(i) ?? []),
      );
      pkg.diagnostics = [...specs.flatMap((s) => parsed.get(s) ?? []), ...pkg.diagnostics];
      compiled.set(p.name, pkg);
      tls.push(pkg);
    }
  } else {
    const specs = listFiles(tlsDir, '.tls').map((f) => specOf(f.replace(/\.tls$/, '')));
    if (specs.length) tls.push(packageOf(specs, basename(dir), options));
  }
  const cddlDir = existsSync(join(dir, 'content')) ? join(dir, 'content') : dir;
  const cddl = listFiles(cddlDir, '.cddl').map((f) => parseFile(join(cddlDir, f), shown(join(cddlDir, f)), parseCddl));
  const openapiDir = existsSync(join(dir, 'openapi')) ? join(dir, 'openapi') : dir;
  const yamls = readdirIfExists(openapiDir)
    .filter((f) => /\.ya?ml$/i.test(f))
    .sort();
  const openapi = yamls[0] ? await readOpenApi(join(openapiDir, yamls[0]), shown(join(openapiDir, yamls[0]))) : null;
  const unparsed = unparsedOf(
    found,
    tls.flatMap((p) => p.specs),
  );
  return makeSide(info, { tls, cddl, openapi, unparsed }, [
    ['tls', tls.flatMap((p) => p.diagnostics)],
    ['cddl', cddl.flatMap((c) => parsed.get(c) ?? [])],
  ]);
}

function readdirIfExists(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir) : [];
}

// ---------------------------------------------------------------- git refs

/** `spec/` of the repository at `ref`, unpacked into a temporary folder and loaded as a spec directory. */
async function loadGitRef(ref: string, options: LoadSideOptions): Promise<SpecSet> {
  if (!/^[\w./~^@{}-]+$/.test(ref) || ref.startsWith('-')) throw new SideError(`git:${ref}: not a git revision`);
  const cwd = options.cwd ?? process.cwd();
  const git = (args: string[], at = cwd) => execFileSync('git', args, { cwd: at, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 256 << 20 });
  let top: string;
  let archive: Buffer;
  try {
    top = git(['rev-parse', '--show-toplevel']).toString().trim();
    git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
    archive = git(['archive', '--format=tar', ref, 'spec'], top);
  } catch (err) {
    const stderr = (err as { stderr?: Buffer }).stderr?.toString().trim();
    throw new SideError(`git:${ref}: ${stderr || 'not a revision of this repository, or it has no spec/ folder'}`);
  }
  const tmp = mkdtempSync(join(tmpdir(), 'mimi-diff-'));
  try {
    execFileSync('tar', ['-x', '-C', tmp], { input: archive });
    return await loadSpecDir(join(tmp, 'spec'), `git:${ref}`, options, { label: `git:${ref}`, kind: 'git' });
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
