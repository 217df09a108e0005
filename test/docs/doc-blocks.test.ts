/** The pieces of the runnable-docs test: blocks and markers, commands of a block, elided outputs. */
import { describe, expect, it } from 'vitest';
import { docBlocks, parseMarker } from './doc-blocks.ts';
import { docCommands } from './doc-commands.ts';
import { matchElided } from './elided-match.ts';

describe('docBlocks', () => {
  it('reads indented fences with the marker on the last non-blank line before them', () => {
    const page = [
      '1. **Lint.**',
      '',
      '   <!-- runnable: exit=1 -->',
      '   ```sh',
      '   npx mimi spec lint x.md',
      '   ```',
      '',
      '   <!-- verbatim -->',
      '   ```text',
      '   a',
      '     b',
      '   ```',
      '',
      '```sh',
      'npm ci',
      '```',
    ].join('\n');
    const blocks = docBlocks('p.md', page);
    expect(blocks.map((b) => [b.line, b.language, b.text, b.marker.kind])).toEqual([
      [4, 'sh', 'npx mimi spec lint x.md\n', 'runnable'],
      [9, 'text', 'a\n  b\n', 'verbatim'],
      [14, 'sh', 'npm ci\n', 'none'],
    ]);
    expect(blocks[0]!.marker).toEqual({ kind: 'runnable', options: { tmp: false, cwd: '.', exit: 1 } });
  });

  it('does not take a marker separated from the block by text', () => {
    const blocks = docBlocks('p.md', '<!-- runnable -->\nSome text.\n```sh\nls\n```\n');
    expect(blocks[0]!.marker.kind).toBe('none');
  });
});

describe('parseMarker', () => {
  it('reads the options and refuses unknown ones, a reason-less exemption and verbatim options', () => {
    expect(parseMarker('runnable: tmp, cwd=spec exit=2')).toEqual({ kind: 'runnable', options: { tmp: true, cwd: 'spec', exit: 2 } });
    expect(parseMarker('not-runnable: a benchmark')).toEqual({ kind: 'not-runnable', reason: 'a benchmark' });
    expect(parseMarker('runnable: temp').kind).toBe('malformed');
    expect(parseMarker('runnable: exit=one').kind).toBe('malformed');
    expect(parseMarker('not-runnable').kind).toBe('malformed');
    expect(parseMarker('verbatim: loose').kind).toBe('malformed');
    expect(parseMarker('runable').kind).toBe('malformed');
    expect(parseMarker('prettier-ignore').kind).toBe('none');
  });
});

describe('docCommands', () => {
  it('splits lines, joins continuations and here-documents, skips blanks and comment lines', () => {
    const block = [
      '# setup',
      'mkdir -p /tmp/x && cd /tmp/x',
      '',
      'npm pack \\',
      '  --workspaces   # all',
      "cat > a.js <<'EOF'",
      'console.log(1);',
      'EOF',
      'node a.js',
      '',
    ].join('\n');
    expect(docCommands(block)).toEqual([
      { text: 'mkdir -p /tmp/x && cd /tmp/x', line: 1 },
      { text: 'npm pack \\\n  --workspaces   # all', line: 3 },
      { text: "cat > a.js <<'EOF'\nconsole.log(1);\nEOF", line: 5 },
      { text: 'node a.js', line: 8 },
    ]);
  });
});

describe('matchElided', () => {
  const output = 'head\none\ntwo\nthree\ntail\n';

  it('matches the whole output, or segments in order around … lines', () => {
    expect(matchElided(output, output).ok).toBe(true);
    expect(matchElided('head\n…\ntail\n', output).ok).toBe(true);
    expect(matchElided('head\n…\ntwo\n…\ntail\n', output).ok).toBe(true);
    expect(matchElided('…\nthree\ntail\n', output).ok).toBe(true);
    expect(matchElided('head\none\n…\n', output).ok).toBe(true);
    expect(matchElided('head\none\n…\ntwo\nthree\ntail\n', output).ok).toBe(true);
  });

  it('anchors the first and last segments, keeps the order, and projects the output for a diff', () => {
    expect(matchElided('head\n…\nthree\n', output)).toEqual({ ok: false, projected: 'head\n…\none\ntwo\nthree\ntail\n' });
    expect(matchElided('one\n…\ntail\n', output).ok).toBe(false);
    expect(matchElided('head\n…\nthree\n…\ntwo\n…\ntail\n', output).ok).toBe(false);
    expect(matchElided('head\none\n', output)).toEqual({ ok: false, projected: output });
    expect(matchElided('head\n…\nfour\n…\ntail\n', output)).toEqual({ ok: false, projected: 'head\n…\none\ntwo\nthree\ntail\n' });
  });
});
