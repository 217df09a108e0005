import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../common/diagnostics.ts';
import { compilePackage } from '../compile.ts';
import { parseTls } from '../parse/parser.ts';

function compile(text: string): string[] {
  const { spec, diagnostics } = parseTls(text, 'spec/test.tls', 'test');
  expect(diagnostics).toEqual([]);
  return compilePackage('test', [spec])
    .diagnostics.filter((d) => d.code === 'recursive-alias')
    .map(formatDiagnostic);
}

describe('checkAliasCycles', () => {
  it('refuses an alias that is a vector of itself (decoders would not count its depth)', () => {
    expect(compile('uint8 Leaf;\nV V<V>;')).toEqual([
      "spec/test.tls:2:1: error: 'V' is defined through itself with no struct in between (V → V): decoders count nesting only in structs, so deep input would overflow the stack [recursive-alias]\n  hint: let the recursion pass through a struct: declare 'struct { V value; } VBox;' and use 'VBox' where the cycle comes back to 'V'",
    ]);
  });

  it('refuses optional and array self-references and longer cycles, at every alias of the cycle', () => {
    expect(compile('optional<O> O;')).toHaveLength(1);
    expect(compile('A A[4];')).toHaveLength(1);
    // B is a vector of A, A of C, C of B; Outside only uses the cycle.
    const three = compile('A B<V>;\nB C<V>;\nC A<V>;\nA Outside<V>;').sort();
    expect(three.map((m) => m.split(': error: ')[0])).toEqual(['spec/test.tls:1:1', 'spec/test.tls:2:1', 'spec/test.tls:3:1']);
    expect(three[0]).toContain("'B' is defined through itself with no struct in between (B → A → C → B)");
  });

  it('accepts recursion through a struct, and aliases of aliases without a cycle', () => {
    expect(compile('struct { Tree children<V>; } Node;\nNode Tree<V>;')).toEqual([]);
    expect(compile('opaque A<V>;\nA B;\nB C<V>;\noptional<C> D;')).toEqual([]);
  });

  it('handles a long chain of aliases without recursion of its own', () => {
    const chain = Array.from({ length: 20_000 }, (_, i) => `T${i + 1} T${i};`).join('\n');
    expect(compile(`${chain}\nT0 T20000;`)).toHaveLength(20_001);
    expect(compile(`${chain}\nuint8 T20000;`)).toEqual([]);
  });
});
