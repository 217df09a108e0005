/**
 * One mutation run reduced to what a person acts on: the counts, Stryker's mutation score, the
 * score once the listed equivalent mutants are set aside, and every mutant no test killed, with
 * its original code and replacement. Scores follow Stryker: (killed + timeout) / (killed +
 * timeout + survived + no coverage); compile and runtime errors and ignored mutants do not count.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Stryker } from '@stryker-mutator/core';
import { normalizeCode, type EquivalentMutant } from './equivalent.ts';

/** One mutant's outcome, as Stryker returns it. */
export type MutantResult = Awaited<ReturnType<Stryker['runMutationTest']>>[number];

export interface Survivor {
  /** `file:line:col`, 1-based, relative to the repository root. */
  at: string;
  mutator: string;
  original: string;
  replacement: string;
  status: 'Survived' | 'NoCoverage';
  /** The reason from test/mutation/equivalent.md when listed there. */
  equivalent?: string;
}

export interface RunSummary {
  mutants: number;
  killed: number;
  timeout: number;
  survived: number;
  noCoverage: number;
  /** Compile and runtime errors, ignored: not part of the score. */
  notCounted: number;
  score: number;
  scoreWithoutEquivalent: number;
  survivors: Survivor[];
  /** Rows of equivalent.md for these files that matched no surviving mutant (outdated lines). */
  staleEquivalents: EquivalentMutant[];
}

export function summarize(root: string, results: readonly MutantResult[], equivalents: readonly EquivalentMutant[]): RunSummary {
  const count = (status: string) => results.filter((r) => r.status === status).length;
  const killed = count('Killed');
  const timeout = count('Timeout');
  const survived = count('Survived');
  const noCoverage = count('NoCoverage');
  const sources = new Map<string, string[]>();
  const used = new Set<EquivalentMutant>();
  const survivors: Survivor[] = [];
  for (const r of results) {
    if (r.status !== 'Survived' && r.status !== 'NoCoverage') continue;
    const file = relative(root, r.fileName);
    const lines = sources.get(file) ?? readFileSync(join(root, file), 'utf8').split('\n');
    sources.set(file, lines);
    const { start, end } = r.location;
    const original = sliceLines(lines, start, end);
    const replacement = r.replacement ?? '';
    const listed = equivalents.find(
      (e) =>
        e.file === file &&
        e.line === start.line &&
        (e.column === undefined || e.column === start.column) &&
        e.mutator === r.mutatorName &&
        e.replacement === normalizeCode(replacement),
    );
    if (listed) used.add(listed);
    survivors.push({
      at: `${file}:${start.line}:${start.column}`,
      mutator: r.mutatorName,
      original: normalizeCode(original),
      replacement: normalizeCode(replacement),
      status: r.status,
      ...(listed ? { equivalent: listed.reason } : {}),
    });
  }
  survivors.sort((a, b) => a.at.localeCompare(b.at, 'en', { numeric: true }));
  const files = new Set(results.map((r) => relative(root, r.fileName)));
  const equivalent = used.size;
  const counted = killed + timeout + survived + noCoverage;
  return {
    mutants: results.length,
    killed,
    timeout,
    survived,
    noCoverage,
    notCounted: results.length - counted,
    score: percent(killed + timeout, counted),
    scoreWithoutEquivalent: percent(killed + timeout, counted - equivalent),
    survivors,
    staleEquivalents: equivalents.filter((e) => files.has(e.file) && !used.has(e)),
  };
}

/** Stryker's locations (the mutation-testing report schema's): 1-based line and column, end exclusive. */
function sliceLines(lines: readonly string[], start: { line: number; column: number }, end: { line: number; column: number }): string {
  const line = (n: number) => lines[n - 1] ?? '';
  if (start.line === end.line) return line(start.line).slice(start.column - 1, end.column - 1);
  const middle = lines.slice(start.line, end.line - 1);
  return [line(start.line).slice(start.column - 1), ...middle, line(end.line).slice(0, end.column - 1)].join('\n');
}

function relative(root: string, file: string): string {
  return file.startsWith(`${root}/`) ? file.slice(root.length + 1) : file;
}

function percent(part: number, whole: number): number {
  return whole === 0 ? 100 : Math.round((part / whole) * 10000) / 100;
}

export function formatSummary(name: string, s: RunSummary): string {
  const out = [
    `${name}: mutation score ${s.score}% (${s.scoreWithoutEquivalent}% without the listed equivalent mutants)`,
    `  ${s.mutants} mutants: ${s.killed} killed, ${s.timeout} timed out, ${s.survived} survived, ${s.noCoverage} not covered, ${s.notCounted} not counted (errors, ignored)`,
  ];
  for (const v of s.survivors) {
    const note = v.equivalent ? `  [equivalent: ${v.equivalent}]` : v.status === 'NoCoverage' ? '  [no test runs it]' : '';
    out.push(`  ${v.at} ${v.mutator}: ${clip(v.original)} -> ${clip(v.replacement)}${note}`);
  }
  for (const e of s.staleEquivalents)
    out.push(
      `  stale row in test/mutation/equivalent.md (no such surviving mutant): ${e.file}:${e.line}${e.column ? `:${e.column}` : ''} ${e.mutator} ${clip(e.replacement)}`,
    );
  return out.join('\n');
}

function clip(code: string): string {
  return code.length > 90 ? `${code.slice(0, 87)}...` : code;
}
