import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { existingInput, MissingInputError, pathArgument } from './input-path.ts';

const dir = mkdtempSync(join(tmpdir(), 'input-path-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
writeFileSync(join(dir, 'here.tls'), '');
writeFileSync(join(dir, 'plain'), '');

describe('existingInput', () => {
  it('resolves against the first folder that has it, and names the argument when none has', () => {
    expect(existingInput('here.tls', ['/nonexistent-base', dir])).toBe(join(dir, 'here.tls'));
    const err = (() => {
      try {
        existingInput('gone.tls', [dir]);
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(MissingInputError);
    expect(err).toMatchObject({ input: 'gone.tls', message: 'gone.tls: no such file or directory' });
  });
});

describe('pathArgument', () => {
  it('is undefined for a bare name that is no file, the path for one that is, and missing for a path that is not there', () => {
    expect(pathArgument('mls', [dir])).toBeUndefined();
    expect(pathArgument('plain', [dir])).toBe(join(dir, 'plain'));
    expect(pathArgument('here.tls', [dir])).toBe(join(dir, 'here.tls'));
    for (const path of ['gone.tls', 'sub/gone', 'sub\\gone', 'draft-07.md']) expect(() => pathArgument(path, [dir])).toThrow(MissingInputError);
  });
});
