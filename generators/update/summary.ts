/**
 * The one summary `mimi spec update` / `mimi spec add` prints: each step's findings with a
 * location to open, then one closing line. JSON (`--format json`) is the summary object itself.
 *
 * ```
 * mimi spec update: draft-ietf-mimi-content-06 → draft-ietf-mimi-content-07
 *   spec/drafts/draft-ietf-mimi-content-07.md (from ../draft-ietf-mimi-content-07.md)
 *
 * Wire and API changes (mimi spec diff): 2 ERR, 1 WARN, 3 INFO
 *   ERR   cddl-map-key-removed  …
 * ```
 */
import { formatDiagnostic, formatSuggestedErratum, type Diagnostic } from '../common/diagnostics.ts';
import { formatCodeLocation, formatLocation } from '../report/location.ts';
import type { Finding, Summary } from '../report/model.ts';
import type { ErratumPlace, SpecUpdateSummary } from './update.ts';

/** Type errors shown in the text summary: the first ones point at the cause, hundreds bury it. */
const SHOWN_TYPE_ERRORS = 50;

function counts(s: Summary): string {
  return `${s.ERR} ERR, ${s.WARN} WARN, ${s.INFO} INFO${s.suppressed ? ` (${s.suppressed} suppressed)` : ''}`;
}

function finding(f: Finding): string[] {
  const out = [`  ${f.level.padEnd(4)}  ${f.rule}  ${f.subject}`, `        ${f.message}`];
  if (f.old) out.push(`        old: ${formatLocation(f.old)}`);
  if (f.new) out.push(`        new: ${formatLocation(f.new)}`);
  for (const c of f.implementedBy ?? []) out.push(`        implemented by: ${formatCodeLocation(c)}`);
  if (f.suggestedErratum) for (const l of formatSuggestedErratum(f.suggestedErratum)) out.push(`        ${l}`);
  return out;
}

/**
 * Whether a file is this draft's (its copies in spec/drafts, its spec outputs): what the summary
 * details. Warnings about the other drafts, which the run re-extracts and lints too, are counted.
 */
function ownedBy(s: SpecUpdateSummary): (file: string) => boolean {
  const prefixes = [`spec/drafts/${s.draft.name}-`];
  if (s.manifest.outputs.includes('tls')) prefixes.push(`spec/tls/${s.draft.name}.tls`);
  if (s.manifest.outputs.some((o) => o !== 'tls')) prefixes.push(`${s.manifest.outDir}/`);
  return (file) => prefixes.some((p) => file.startsWith(p));
}

function diagnostics(list: readonly Diagnostic[]): string[] {
  return list.map((d) => `  ${formatDiagnostic(d).replace(/\n/g, '\n  ')}`);
}

function erratum(kind: string, e: ErratumPlace): string {
  const where = `${e.file}:${e.line}`;
  return `  ${kind.padEnd(18)}${e.id}  ${where}${e.was !== undefined && e.was !== e.line ? ` (was line ${e.was})` : ''}${e.reason ? `: ${e.reason}` : ''}`;
}

export function formatUpdateSummary(s: SpecUpdateSummary): string {
  const out: string[] = [];
  const to = `${s.draft.name}-${s.draft.version}`;
  out.push(`mimi spec ${s.mode}${s.dryRun ? ' --dry-run (nothing written)' : ''}: ${s.previous ? `${s.draft.name}-${s.previous.version} → ` : ''}${to}`);
  out.push(
    `  ${s.draft.file}${s.draft.source !== s.draft.file ? ` (from ${s.draft.source})` : ''}${s.draft.versionFrom === 'file name' ? '' : `, version ${s.draft.version}: ${s.draft.versionFrom}`}`,
  );
  out.push(
    `  ${s.previous ? `replaces ${s.previous.file} in` : 'added to'} spec/drafts/drafts.json as ${s.manifest.key}: outputs ${s.manifest.outputs.join(', ')}`,
  );
  for (const sh of s.manifest.shipped) out.push(`  ships ${sh.file} without including it${sh.includedBy ? ` (included by ${sh.includedBy})` : ''}`);
  out.push('');

  if (s.diff) {
    out.push(`Wire and API changes (mimi spec diff ${s.previous?.file} ${s.draft.file}): ${counts(s.diff.summary)}`);
    for (const f of s.diff.changes) out.push(...finding(f));
    out.push('');
    out.push(`Prose of sections hand-written code implements (@spec tags): ${s.diff.prose.length} changed`);
    for (const f of s.diff.prose) out.push(...finding(f));
    out.push('');
  }

  // Lint errors are shown wherever they are; WARN findings about this draft's files; INFO findings
  // (errata applied, …) and other drafts' warnings are counted: `mimi spec lint` lists them.
  const own = ownedBy(s);
  const lintFile = (f: Finding) => (f.new ?? f.old)?.file ?? '';
  const shownLint = s.lint.findings.filter((f) => f.level === 'ERR' || (f.level === 'WARN' && own(lintFile(f))));
  const hiddenLint = s.lint.findings.length - shownLint.length;
  out.push(`Lint (mimi spec lint): ${counts(s.lint.summary)}${hiddenLint ? `; ${hiddenLint} INFO or about other drafts: mimi spec lint lists them` : ''}`);
  for (const f of shownLint) out.push(...finding(f));
  out.push('');

  if (s.previous) {
    const e = s.errata;
    out.push(
      `Errata: ${e.carried.length} carried${e.file ? ` into ${e.file}` : ''}, ${e.noLongerNeeded.length} no longer needed, ${e.noLongerMatching.length} no longer matching`,
    );
    for (const x of e.carried) out.push(erratum('carried', x));
    for (const x of e.noLongerNeeded) out.push(erratum('no longer needed', x));
    for (const x of e.noLongerMatching) out.push(erratum('no longer matching', x));
    out.push('');
  }

  const problems = s.extract.filter((d) => d.severity === 'error');
  const shownExtract = s.extract.filter((d) => d.severity === 'error' || own(d.file));
  const hiddenExtract = s.extract.length - shownExtract.length;
  out.push(
    `Extraction: ${problems.length} errors, ${s.extract.length - problems.length} warnings${hiddenExtract ? ` (${hiddenExtract} about other drafts: mimi spec extract lists them)` : ''}`,
  );
  out.push(...diagnostics(shownExtract));
  out.push('');
  out.push(
    s.generate.ok
      ? `Generation: ${s.generate.files} files`
      : `Generation failed: ${s.generate.diagnostics.filter((d) => d.severity === 'error').length} errors`,
  );
  out.push(...diagnostics(s.generate.diagnostics));
  out.push('');

  const f = s.files;
  out.push(`Files: ${f.added.length} added, ${f.removed.length} removed, ${f.modified.length} modified`);
  // The copied -files/ folder is one line: its files are the draft's, not the run's output.
  const copied = `${s.draft.file.replace(/\.md$/, '')}-files/`;
  const inCopy = f.added.filter((p) => p.startsWith(copied));
  if (inCopy.length) out.push(`  added     ${copied} (${inCopy.length} files)`);
  for (const p of f.added) if (!p.startsWith(copied)) out.push(`  added     ${p}`);
  for (const p of f.removed) out.push(`  removed   ${p}`);
  for (const p of f.modified) out.push(`  modified  ${p}`);
  out.push('');

  if (s.typecheck) {
    out.push(`Hand-written code against the new generated code (tsc --noEmit): ${s.typecheck.errors.length} errors`);
    out.push(...diagnostics(s.typecheck.errors.slice(0, SHOWN_TYPE_ERRORS)));
    if (s.typecheck.errors.length > SHOWN_TYPE_ERRORS)
      out.push(`  … and ${s.typecheck.errors.length - SHOWN_TYPE_ERRORS} more (npm run typecheck, or --format json, lists them all)`);
    out.push('');
  }
  for (const n of s.notes) out.push(`note: ${n}`);
  if (s.notes.length) out.push('');
  out.push(s.problems ? `${s.problems} problems to fix (above, each at its file and line)` : 'No problems: review the changes above and commit.');
  return `${out.join('\n')}\n`;
}
