/**
 * A line diff by longest common subsequence, for the side-by-side views of the HTML format.
 * Definitions are short (a struct, a CDDL rule, an OpenAPI operation), so the O(n·m) table is fine;
 * past MAX_CELLS it falls back to "all removed, all added" rather than use a lot of memory.
 */
import { alignByKey } from '../../common/align.ts';

export type LineOp = { op: 'same'; old: string; new: string } | { op: 'del'; old: string } | { op: 'ins'; new: string };

const MAX_CELLS = 4_000_000;

export function diffLines(oldLines: readonly string[], newLines: readonly string[]): LineOp[] {
  if (oldLines.length * newLines.length > MAX_CELLS) {
    return [...oldLines.map((l): LineOp => ({ op: 'del', old: l })), ...newLines.map((l): LineOp => ({ op: 'ins', new: l }))];
  }
  return alignByKey(oldLines, newLines, (line) => line).map((s): LineOp => {
    if (s.kind === 'same') return { op: 'same', old: oldLines[s.old]!, new: newLines[s.new]! };
    return s.kind === 'removed' ? { op: 'del', old: oldLines[s.old]! } : { op: 'ins', new: newLines[s.new]! };
  });
}

/** One row of a side-by-side view; a side is absent where the other has a line it lacks. */
export interface SideBySideRow {
  old?: { line: number; text: string; changed: boolean };
  new?: { line: number; text: string; changed: boolean };
}

/**
 * Side-by-side rows: unchanged lines face each other; a run of removed lines faces the run of added
 * lines that follows it (a changed line reads across), and what is left over faces an empty cell.
 */
export function sideBySide(oldText: string | undefined, newText: string | undefined): SideBySideRow[] {
  const ops = diffLines(splitLines(oldText), splitLines(newText));
  const rows: SideBySideRow[] = [];
  let oldLine = 0;
  let newLine = 0;
  let k = 0;
  while (k < ops.length) {
    const op = ops[k]!;
    if (op.op === 'same') {
      rows.push({ old: { line: ++oldLine, text: op.old, changed: false }, new: { line: ++newLine, text: op.new, changed: false } });
      k++;
      continue;
    }
    const dels: string[] = [];
    const inss: string[] = [];
    while (k < ops.length && ops[k]!.op === 'del') dels.push((ops[k++] as { old: string }).old);
    while (k < ops.length && ops[k]!.op === 'ins') inss.push((ops[k++] as { new: string }).new);
    for (let r = 0; r < Math.max(dels.length, inss.length); r++) {
      const row: SideBySideRow = {};
      const d = dels[r];
      const a = inss[r];
      if (d !== undefined) row.old = { line: ++oldLine, text: d, changed: true };
      if (a !== undefined) row.new = { line: ++newLine, text: a, changed: true };
      rows.push(row);
    }
  }
  return rows;
}

function splitLines(text: string | undefined): string[] {
  if (text === undefined || text === '') return [];
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}
