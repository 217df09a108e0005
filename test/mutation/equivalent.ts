/**
 * The equivalent-mutant list (test/mutation/equivalent.md): mutants that survive because no test
 * can tell them from the original, each with the reason. It is a markdown table so that people
 * read it, and parsed here so that `npm run mutate` marks those survivors instead of listing them
 * as gaps. A row matches a mutant by file, line (and column when given), mutator and replacement
 * (whitespace collapsed);
 * a row matching nothing is reported as stale, so the list cannot silently rot.
 */
import { readFileSync } from 'node:fs';

export interface EquivalentMutant {
  file: string;
  line: number;
  /** When given (`file:line:col`), the mutant must start in this column. */
  column?: number;
  mutator: string;
  replacement: string;
  reason: string;
}

/** Where the list lives, relative to the repository root. */
export const EQUIVALENT_FILE = 'test/mutation/equivalent.md';

/** `| file:line[:col] | Mutator | `replacement` | reason |` rows; other lines are prose. */
export function parseEquivalents(markdown: string): EquivalentMutant[] {
  const out: EquivalentMutant[] = [];
  for (const line of markdown.split('\n')) {
    const cells = tableCells(line);
    if (cells.length !== 4) continue;
    const [at, mutator, replacement, reason] = cells as [string, string, string, string];
    const m = /^`?([^`:]+):(\d+)(?::(\d+))?`?$/.exec(at);
    if (!m) continue; // header or separator row
    out.push({ file: m[1]!, line: Number(m[2]), ...(m[3] ? { column: Number(m[3]) } : {}), mutator, replacement: normalizeCode(unquote(replacement)), reason });
  }
  return out;
}

export function readEquivalents(root: string): EquivalentMutant[] {
  try {
    return parseEquivalents(readFileSync(`${root}/${EQUIVALENT_FILE}`, 'utf8'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}

/** Code as compared: runs of whitespace (newlines of a multi-line replacement) as one space. */
export function normalizeCode(code: string): string {
  return code.replace(/\s+/g, ' ').trim();
}

/** The cells of a markdown table row; `\|` is a literal bar inside a cell. */
function tableCells(line: string): string[] {
  const t = line.trim();
  if (!t.startsWith('|') || !t.endsWith('|')) return [];
  return t
    .slice(1, -1)
    .split(/(?<!\\)\|/)
    .map((c) => c.trim().replace(/\\\|/g, '|'));
}

/** A cell's code: inside backticks (single or double, for code holding a backtick), else as written. */
function unquote(cell: string): string {
  const m = /^(`+)\s?([\s\S]*?)\s?\1$/.exec(cell);
  return m ? m[2]! : cell;
}
