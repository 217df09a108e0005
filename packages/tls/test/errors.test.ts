import { describe, expect, it } from 'vitest';
import { DecodeError, EncodeError, rethrowEncodeWithin, rethrowWithin } from '../src/errors.ts';
import * as index from '../src/index.ts';

/** Prepends segments innermost-first, as the error would collect them while unwinding. */
function unwind<E extends DecodeError | EncodeError>(err: E, outermostFirst: string[]): E {
  for (const seg of [...outermostFirst].reverse()) err.within(seg);
  return err;
}

function caught(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('nothing was thrown');
}

describe('DecodeError', () => {
  it('is an Error named DecodeError with kind, offset, detail and an empty path', () => {
    const e = new DecodeError('truncated', 12, 'need 2 bytes, 1 left');
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('DecodeError');
    expect(e.kind).toBe('truncated');
    expect(e.offset).toBe(12);
    expect(e.detail).toBe('need 2 bytes, 1 left');
    expect(e.path).toEqual([]);
    expect(e.typePath).toBe('');
    expect(e.message).toBe('truncated at byte 12: need 2 bytes, 1 left');
  });

  it('within() builds the path outermost-first and typePath renders indices without a dot', () => {
    const e = unwind(new DecodeError('truncated', 40, 'x'), ['MLSMessage', 'welcome', 'secrets', '[3]', 'new_member']);
    expect(e.path).toEqual(['MLSMessage', 'welcome', 'secrets', '[3]', 'new_member']);
    expect(e.typePath).toBe('MLSMessage.welcome.secrets[3].new_member');
  });

  it('within() returns the same error (so `throw err.within(f)` works)', () => {
    const e = new DecodeError('truncated', 0, 'x');
    expect(e.within('a')).toBe(e);
  });

  it('empty segments are ignored', () => {
    const e = unwind(new DecodeError('truncated', 0, 'x'), ['', 'A', '', 'b', '']);
    expect(e.path).toEqual(['A', 'b']);
    expect(e.typePath).toBe('A.b');
  });

  it('consecutive and leading index segments render as [i][j]', () => {
    expect(unwind(new DecodeError('truncated', 0, 'x'), ['[1]', '[2]', 'x']).typePath).toBe('[1][2].x');
    expect(unwind(new DecodeError('truncated', 0, 'x'), ['T', 'm', '[0]', '[5]']).typePath).toBe('T.m[0][5]');
  });

  it('message contains kind, offset and path, and is refreshed by within()', () => {
    const e = new DecodeError('invalid-optional', 7, 'presence octet 2, expected 0 or 1');
    e.within('next').within('Node');
    expect(e.message).toBe('invalid-optional at byte 7 in Node.next: presence octet 2, expected 0 or 1');
    expect(e.message).toContain('invalid-optional');
    expect(e.message).toContain('7');
    expect(e.message).toContain('Node.next');
    expect(String(e)).toBe(`DecodeError: ${e.message}`);
  });

  it('toJSON has kind, offset, the rendered path and the detail as message', () => {
    const e = unwind(new DecodeError('vector-overrun', 9, 'detail text'), ['T', 'list', '[2]']);
    expect(e.toJSON()).toEqual({ kind: 'vector-overrun', offset: 9, path: 'T.list[2]', message: 'detail text' });
    expect(JSON.parse(JSON.stringify(e))).toEqual({ kind: 'vector-overrun', offset: 9, path: 'T.list[2]', message: 'detail text' });
  });

  it('a path given to the constructor is used as is', () => {
    const e = new DecodeError('internal', 3, 'boom', ['A', 'b']);
    expect(e.typePath).toBe('A.b');
    expect(e.message).toBe('internal at byte 3 in A.b: boom');
  });

  it('errors created without a path do not share one', () => {
    const a = new DecodeError('truncated', 0, 'x');
    const b = new DecodeError('truncated', 0, 'y');
    a.within('A');
    expect(b.path).toEqual([]);
  });
});

describe('EncodeError', () => {
  it('is an Error named EncodeError with kind, detail and path', () => {
    const e = new EncodeError('invalid-value', '70000 is not a uint16');
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('EncodeError');
    expect(e.message).toBe('invalid-value: 70000 is not a uint16');
    expect(e.path).toEqual([]);
  });

  it('within() builds the same kind of type path', () => {
    const e = unwind(new EncodeError('unknown-select-case', 'no arm'), ['MLSMessage', 'welcome', 'secrets', '[3]', 'new_member', '']);
    expect(e.typePath).toBe('MLSMessage.welcome.secrets[3].new_member');
    expect(e.message).toBe('unknown-select-case in MLSMessage.welcome.secrets[3].new_member: no arm');
  });
});

describe('rethrowWithin', () => {
  it('prepends the segment to a DecodeError and rethrows the same object', () => {
    const orig = new DecodeError('truncated', 5, 'x', ['inner']);
    const e = caught(() => rethrowWithin(orig, 'outer', 99));
    expect(e).toBe(orig);
    expect(orig.path).toEqual(['outer', 'inner']);
    expect(orig.offset).toBe(5); // the offset argument is only for foreign errors
  });

  it('also prepends to an EncodeError', () => {
    const orig = new EncodeError('invalid-value', 'x');
    expect(caught(() => rethrowWithin(orig, 'f', 0))).toBe(orig);
    expect(orig.path).toEqual(['f']);
  });

  it('turns a foreign Error into DecodeError internal with its message, the offset and the segment', () => {
    const e = caught(() => rethrowWithin(new TypeError('x is undefined'), 'field', 17));
    expect(e).toBeInstanceOf(DecodeError);
    const d = e as DecodeError;
    expect(d.kind).toBe('internal');
    expect(d.offset).toBe(17);
    expect(d.detail).toBe('x is undefined');
    expect(d.path).toEqual(['field']);
  });

  it('turns a thrown non-Error into DecodeError internal; an empty segment gives an empty path', () => {
    const d = caught(() => rethrowWithin('a string', '', 2)) as DecodeError;
    expect(d).toBeInstanceOf(DecodeError);
    expect(d.kind).toBe('internal');
    expect(d.detail).toBe('a string');
    expect(d.path).toEqual([]);
  });
});

describe('rethrowEncodeWithin', () => {
  it('prepends the segment to an EncodeError', () => {
    const orig = new EncodeError('missing-context', 'x');
    expect(caught(() => rethrowEncodeWithin(orig, 'f'))).toBe(orig);
    expect(orig.kind).toBe('missing-context');
    expect(orig.path).toEqual(['f']);
  });

  it('turns a foreign Error into EncodeError invalid-value with the segment', () => {
    const e = caught(() => rethrowEncodeWithin(new TypeError("Cannot read properties of undefined (reading 'length')"), 'b'));
    expect(e).toBeInstanceOf(EncodeError);
    const x = e as EncodeError;
    expect(x.kind).toBe('invalid-value');
    expect(x.detail).toContain('Cannot read properties');
    expect(x.path).toEqual(['b']);
  });

  it('turns a non-Error into EncodeError invalid-value; empty segment gives empty path', () => {
    const x = caught(() => rethrowEncodeWithin(42, '')) as EncodeError;
    expect(x).toBeInstanceOf(EncodeError);
    expect(x.detail).toBe('42');
    expect(x.path).toEqual([]);
  });
});

describe('index re-exports', () => {
  it('exports the runtime API', () => {
    for (const name of [
      'DecodeError',
      'EncodeError',
      'rethrowWithin',
      'rethrowEncodeWithin',
      'DEFAULT_LIMITS',
      'Reader',
      'Writer',
      'opaqueVSize',
      'fixedBytesSize',
      'rangedLength',
      'paddingSize',
      'fixedVectorSize',
      'VARINT_MAX',
      'varintSize',
      'defineCodec',
      'decodeContext',
      'encodeContext',
      'toHex',
      'fromHex',
    ]) {
      expect(index).toHaveProperty(name);
    }
    expect(index.DecodeError).toBe(DecodeError);
  });
});
