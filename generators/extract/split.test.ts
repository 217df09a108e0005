import { describe, expect, it } from 'vitest';
import { TrackedText } from './errata.ts';
import { splitDefinitions, type SplitWork } from './split.ts';

function split(text: string, work?: SplitWork) {
  return splitDefinitions(TrackedText.fromLines(text.split('\n'), 1), 'draft.md', work);
}

/** Characters the splitter examined for `text`. */
function workFor(text: string): number {
  const work: SplitWork = { chars: 0 };
  split(text, work);
  return work.chars;
}

/**
 * Fence contents a hostile draft can hold, each of about n characters. Before the splitter was
 * made linear, the first took 3.8 s at 76 KB and 52 s at 304 KB in `mimi spec lint`: every line
 * break rescanned the whole statement so far.
 */
const HOSTILE: Record<string, (n: number) => string> = {
  'an unterminated definition of many lines': (n) => `uint8 a\n${'  1 2 3\n'.repeat(n / 8)}`,
  'many declarations on one line': (n) => 'uint8 a; '.repeat(n / 9),
  'unclosed block comments on one line': (n) => `uint8 a; ${'/* '.repeat(n / 3)}`,
  'a declaration without its ; followed by blank lines and a non-declaration': (n) => `uint8 a\n${'\n'.repeat(n)}(`,
  'a long vector range continued over comment lines': (n) => `uint8 a<${'x'.repeat(200)}\n${'//c\n'.repeat(n / 4)}`,
  'a struct closed on every line': (n) => `struct {\n${'} x\n'.repeat(n / 4)}`,
  'a long word': (n) => `uint8 ${'a'.repeat(n)} b`,
  'many [ after a name': (n) => `uint8 a${'['.repeat(n)};`,
};

describe('splitDefinitions: linear in its input', () => {
  it.each(Object.entries(HOSTILE))('%s: doubling the input at most doubles the work', (_name, make) => {
    const small = make(20_000);
    const large = make(40_000);
    const w1 = workFor(small);
    const w2 = workFor(large);
    // Every character is looked at, and only a bounded number of times.
    expect(w1).toBeGreaterThanOrEqual(small.length);
    expect(w1).toBeLessThanOrEqual(80 * small.length);
    // Quadratic work would quadruple; allow for the constant part.
    expect(w2 / w1).toBeLessThan(2.3);
  });

  it('still reports the unterminated definition and its position', () => {
    const r = split(HOSTILE['an unterminated definition of many lines']!(8000));
    expect(r.definitions).toHaveLength(1);
    expect(r.diagnostics.map((d) => [d.code, d.line, d.col])).toEqual([['unterminated-definition', 1, 1]]);
  });

  it('keeps recognising a declaration that lacks only its `;` (one line, or `} Name` after a struct)', () => {
    const r = split(['uint16 ComponentID', 'struct {', '  uint8 a;', '} Holder', 'opaque x<V>;'].join('\n'));
    expect(r.definitions.map((d) => [d.name, d.terminated])).toEqual([
      ['ComponentID', false],
      ['Holder', false],
      ['x', true],
    ]);
    expect(r.diagnostics.map((d) => [d.code, d.line])).toEqual([
      ['missing-semicolon', 1],
      ['missing-semicolon', 4],
    ]);
  });
});
