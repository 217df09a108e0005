import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../common/diagnostics.ts';
import { compilePackage } from '../compile.ts';
import { parseTls } from '../parse/parser.ts';

function compile(text: string): string[] {
  const { spec, diagnostics } = parseTls(text, 'spec/test.tls', 'test');
  expect(diagnostics).toEqual([]);
  return compilePackage('test', [spec])
    .diagnostics.filter((d) => d.code === 'nested-optional')
    .map(formatDiagnostic);
}

describe('checkNestedOptionals', () => {
  it('refuses optional<optional<T>> in a field', () => {
    expect(compile('struct { optional<optional<uint8>> x; } S;')).toEqual([
      "spec/test.tls:1:10: error: field 'x' of S is an optional of an optional: an absent value and a present one holding an absent value both map to null, so one of them cannot be encoded again [nested-optional]\n  hint: use one optional, or a struct with a presence flag for the inner value",
    ]);
  });

  it('sees through aliases, the `optional T name` shorthand and select arms', () => {
    expect(compile('optional<uint8> X;\nstruct { optional<X> x; } S;')).toHaveLength(1);
    expect(compile('optional<uint8> X;\nX Y;\nstruct { optional Y y; } S;')).toHaveLength(1);
    expect(compile('optional<uint8> X;\noptional<X> Z;')).toHaveLength(1);
    expect(compile('enum { a(0), (255) } K;\noptional<uint8> X;\nstruct { K k; select (k) { case a: optional<X> x; }; } S;')).toHaveLength(1);
  });

  it('accepts optionals of vectors and structs, and vectors of optionals', () => {
    expect(compile('optional<uint8> X;\nstruct { X xs<V>; optional<uint8> y; optional struct { X a; } z; } S;')).toEqual([]);
  });
});
