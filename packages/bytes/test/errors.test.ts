import { describe, expect, it } from 'vitest';
import { CodecError } from '../src/errors.ts';

class TestError extends CodecError<'bad' | 'worse'> {
  constructor(kind: 'bad' | 'worse', offset: number, detail: string, path: string[] = []) {
    super('TestError', kind, offset, detail, path);
  }
}

describe('CodecError', () => {
  it('describes kind, byte offset, path and detail', () => {
    const e = new TestError('bad', 7, 'the detail', ['T', 'list', '[2]', '{key}', 'x']);
    expect(e.name).toBe('TestError');
    expect(e).toBeInstanceOf(Error);
    expect(e.typePath).toBe('T.list[2]{key}.x');
    expect(e.message).toBe('bad at byte 7 in T.list[2]{key}.x: the detail');
  });

  it('leaves out the offset when it is -1 (not located in bytes) and the path when empty', () => {
    expect(new TestError('worse', -1, 'd').message).toBe('worse: d');
    expect(new TestError('worse', 0, 'd').message).toBe('worse at byte 0: d');
  });

  it('within() prepends segments outermost-last and re-renders the message', () => {
    const e = new TestError('bad', 3, 'd', ['b']);
    expect(e.within('[1]').within('').within('A')).toBe(e);
    expect(e.path).toEqual(['A', '[1]', 'b']);
    expect(e.message).toBe('bad at byte 3 in A[1].b: d');
  });

  it('toJSON has kind, offset, the rendered path and the detail as message', () => {
    const e = new TestError('bad', -1, 'd', ['A', 'b']);
    expect(e.toJSON()).toEqual({ kind: 'bad', offset: -1, path: 'A.b', message: 'd' });
    expect(JSON.parse(JSON.stringify(e))).toEqual(e.toJSON());
  });
});
