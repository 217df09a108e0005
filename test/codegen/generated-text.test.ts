/**
 * The per-context escaping functions of generators/common/generated-text.ts, on their own: text
 * written through them reads back as the same text in its context and never as code.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  blockCommentText,
  docComment,
  docCommentLine,
  jsonLiteral,
  lineCommentText,
  stringLiteral,
  templateText,
} from '../../generators/common/generated-text.ts';
import { tsShape } from './ts-shape.ts';

const HOSTILE = ['*/ x(); /*', '`${x()}`', 'a$', '$', '${', '\\', '\\`', '"\'', 'a\nb', 'a\r\nb', '\r', '\u2028\u2029', '\u0000\u001f', '**/', '*/*/', '/**/'];
const texts = fc.oneof(
  fc.constantFrom(...HOSTILE),
  fc.string({ unit: 'binary' }),
  fc.string({ unit: fc.constantFrom('*', '/', '$', '{', '}', '`', '\\', '\n', '\r', '\u2028', 'a', ' ') }),
);
/** Evaluates a JavaScript expression (the generated literal). */
const evaluate = (expr: string): unknown => new Function(`return (${expr});`)();

describe('generated-text', () => {
  it('template literal text reads back as the text', () => {
    fc.assert(fc.property(texts, (s) => evaluate(`\`${templateText(s)}\``) === s && evaluate(`\`${templateText(s)}{\``) === `${s}{`));
  });

  it('string literals read back as the text', () => {
    fc.assert(fc.property(texts, (s) => evaluate(stringLiteral(s)) === s));
  });

  it('block comment text stays in the comment', () => {
    const plain = tsShape('/* */ f();\n').kinds;
    fc.assert(
      fc.property(texts, (s) => {
        const shape = tsShape(`/* ${blockCommentText(s)} */ f();\n`);
        return shape.errors.length === 0 && JSON.stringify(shape.kinds) === JSON.stringify(plain);
      }),
    );
    for (const s of HOSTILE) {
      expect(tsShape(`${docComment(['a', s, `b ${s} c`], '  ')}\nf();\n`).kinds).toEqual(plain);
      expect(tsShape(`${docCommentLine(s)}\nf();\n`).kinds).toEqual(plain);
      expect(docCommentLine(s)).not.toMatch(/[\n\r\u2028\u2029]/);
    }
  });

  it('line comment text stays on its line', () => {
    const plain = tsShape('//\nf();\n').kinds;
    fc.assert(
      fc.property(texts, (s) => {
        const line = `// ${lineCommentText(s)}`;
        const shape = tsShape(`${line}\nf();\n`);
        return !/[\n\r\u2028\u2029]/.test(line) && shape.errors.length === 0 && JSON.stringify(shape.kinds) === JSON.stringify(plain);
      }),
    );
  });

  it('JSON literals are JSON.stringify, except that __proto__ keys stay own properties', () => {
    expect(jsonLiteral({ a: [1, 'x', null, true], b: { c: 'd' } })).toBe(JSON.stringify({ a: [1, 'x', null, true], b: { c: 'd' } }));
    expect(jsonLiteral(null)).toBe('null');
    const parsed = JSON.parse('{"__proto__": {"polluted": true}, "x": [{"__proto__": 1}]}') as object;
    const value = evaluate(jsonLiteral(parsed)) as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.keys(value)).toEqual(['__proto__', 'x']);
    expect(JSON.stringify(value)).toBe(JSON.stringify(parsed));
    fc.assert(fc.property(fc.jsonValue(), (v) => JSON.stringify(evaluate(jsonLiteral(v))) === JSON.stringify(v)));
  });
});
