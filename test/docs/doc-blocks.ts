/**
 * The fenced code blocks of a Markdown page and the marker comment in front of each, as the
 * runnable-docs test reads them (the convention is in docs/testing.md, "Commands in the docs").
 * A marker is an HTML comment on the last non-blank line before the opening fence:
 * `<!-- runnable -->`, `<!-- runnable: tmp, exit=1, cwd=spec -->`, `<!-- not-runnable: reason -->`
 * or `<!-- verbatim -->`. Fences may be indented (inside list items); the indentation of the
 * opening fence is removed from the block's lines.
 */

/** The languages whose blocks are commands for a shell, and so must carry a marker. */
export const SHELL_LANGUAGES: ReadonlySet<string> = new Set(['sh', 'bash', 'console', 'shell']);

export type Marker =
  | { kind: 'none' }
  | { kind: 'runnable'; options: RunOptions }
  | { kind: 'not-runnable'; reason: string }
  | { kind: 'verbatim' }
  /** A comment that starts like a marker but is not one (a typo must not exempt a block). */
  | { kind: 'malformed'; text: string; problem: string };

export interface RunOptions {
  /** Run in a throwaway copy of the checkout (for commands that write files). */
  tmp: boolean;
  /** The working folder, relative to the checkout (or its copy). */
  cwd: string;
  /** The exit code every command of the block must end with. */
  exit: number;
}

export interface DocBlock {
  file: string;
  /** 1-based line of the opening fence. */
  line: number;
  language: string;
  /** The block's text, its fence's indentation removed, ending with a newline (or empty). */
  text: string;
  marker: Marker;
}

const FENCE = /^( *)(`{3,}|~{3,})\s*([^\s`]*)[^`]*$/;
const COMMENT = /^\s*<!--\s*(.*?)\s*-->\s*$/;

export function docBlocks(file: string, markdown: string): DocBlock[] {
  const lines = markdown.split('\n');
  const blocks: DocBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i]!);
    if (!open) continue;
    const indent = open[1]!.length;
    const fence = open[2]!;
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length; j++) {
      const close = lines[j]!.trimStart();
      if (close.startsWith(fence[0]!.repeat(fence.length)) && close.replace(/[`~]/g, '').trim() === '') break;
      body.push(lines[j]!.slice(Math.min(indent, lines[j]!.length - lines[j]!.trimStart().length)));
    }
    blocks.push({
      file,
      line: i + 1,
      language: open[3]!.toLowerCase(),
      text: body.length ? `${body.join('\n')}\n` : '',
      marker: markerBefore(lines, i),
    });
    i = j;
  }
  return blocks;
}

function markerBefore(lines: readonly string[], fenceIndex: number): Marker {
  let k = fenceIndex - 1;
  while (k >= 0 && lines[k]!.trim() === '') k--;
  const comment = k >= 0 ? COMMENT.exec(lines[k]!) : null;
  if (!comment) return { kind: 'none' };
  return parseMarker(comment[1]!);
}

/** Parses the text inside `<!-- … -->`; a comment that is not about running is no marker. */
export function parseMarker(text: string): Marker {
  const m = /^(runnable|not-runnable|verbatim)\b\s*(?::\s*(.*))?$/s.exec(text);
  if (!m) {
    return /^(run|not-run|verbatim)/i.test(text) ? { kind: 'malformed', text, problem: 'not one of runnable, not-runnable, verbatim' } : { kind: 'none' };
  }
  const [, kind, rest = ''] = m;
  if (kind === 'verbatim') return rest ? { kind: 'malformed', text, problem: 'verbatim takes no options' } : { kind: 'verbatim' };
  if (kind === 'not-runnable') {
    return rest.trim() ? { kind: 'not-runnable', reason: rest.trim() } : { kind: 'malformed', text, problem: 'not-runnable needs a reason' };
  }
  const options: RunOptions = { tmp: false, cwd: '.', exit: 0 };
  for (const word of rest.split(/[\s,]+/).filter(Boolean)) {
    const option = /^(tmp)$|^(cwd|exit)=(.+)$/.exec(word);
    if (option?.[1] === 'tmp') options.tmp = true;
    else if (option?.[2] === 'cwd') options.cwd = option[3]!;
    else if (option?.[2] === 'exit' && /^\d+$/.test(option[3]!)) options.exit = Number(option[3]);
    else return { kind: 'malformed', text, problem: `unknown option '${word}' (options: tmp, cwd=<dir>, exit=<code>)` };
  }
  return { kind: 'runnable', options };
}
