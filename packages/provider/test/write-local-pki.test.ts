/**
 * A local PKI on disk (src/pki/write-local-pki.ts): the files and their modes, and the refusal to
 * replace anything without `force`, which leaves the folder exactly as it was.
 */
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalPki, type LocalPki, PkiError, writeLocalPki } from '../src/pki/index.ts';

const root = mkdtempSync(join(tmpdir(), 'mimikit-pki-write-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const freshDir = () => join(root, `case-${n++}`);
const mode = (path: string) => statSync(path).mode & 0o777;

let pki: LocalPki;
let otherPki: LocalPki;
beforeAll(async () => {
  [pki, otherPki] = await Promise.all([createLocalPki({ domains: ['a.example', 'b.example'] }), createLocalPki({ domains: ['a.example', 'b.example'] })]);
});

const FILES = ['a.example.key.pem', 'a.example.pem', 'b.example.key.pem', 'b.example.pem', 'ca.key.pem', 'ca.pem'];

describe('writeLocalPki', () => {
  it('writes ca.pem, ca.key.pem and <domain>.pem, <domain>.key.pem; keys 0600, certificates 0644; a new folder 0700', () => {
    const dir = join(freshDir(), 'nested');
    const written = writeLocalPki(dir, pki);
    expect(readdirSync(dir).sort()).toEqual(FILES);
    expect(mode(dir)).toBe(0o700);
    expect(written).toEqual([
      { path: join(dir, 'ca.pem'), contents: 'ca', mode: 0o644 },
      { path: join(dir, 'ca.key.pem'), contents: 'ca key', mode: 0o600 },
      { path: join(dir, 'a.example.pem'), contents: 'certificate', domain: 'a.example', mode: 0o644 },
      { path: join(dir, 'a.example.key.pem'), contents: 'key', domain: 'a.example', mode: 0o600 },
      { path: join(dir, 'b.example.pem'), contents: 'certificate', domain: 'b.example', mode: 0o644 },
      { path: join(dir, 'b.example.key.pem'), contents: 'key', domain: 'b.example', mode: 0o600 },
    ]);
    for (const file of written) expect(mode(file.path), file.path).toBe(file.mode);
    expect(readFileSync(join(dir, 'ca.pem'), 'utf8')).toBe(pki.ca.cert);
    expect(readFileSync(join(dir, 'ca.key.pem'), 'utf8')).toBe(pki.ca.key);
    expect(readFileSync(join(dir, 'b.example.pem'), 'utf8')).toBe(pki.providers[1]?.cert);
    expect(readFileSync(join(dir, 'b.example.key.pem'), 'utf8')).toBe(pki.providers[1]?.key);
  });

  it('an existing folder keeps its mode', () => {
    const dir = freshDir();
    mkdirSync(dir, { mode: 0o755 });
    writeLocalPki(dir, pki);
    expect(mode(dir)).toBe(0o755);
  });

  it('without force, any existing file (a dangling symbolic link too) is refused with a PkiError naming it, and nothing is written', () => {
    for (const existing of ['b.example.key.pem', 'ca.pem']) {
      const dir = freshDir();
      mkdirSync(dir);
      writeFileSync(join(dir, existing), 'mine');
      const err = (() => {
        try {
          writeLocalPki(dir, pki);
        } catch (e) {
          return e;
        }
      })();
      expect(err).toBeInstanceOf(PkiError);
      expect(err).toMatchObject({ code: 'file-exists', file: join(dir, existing) });
      expect(readdirSync(dir)).toEqual([existing]);
      expect(readFileSync(join(dir, existing), 'utf8')).toBe('mine');
    }
    const dir = freshDir();
    mkdirSync(dir);
    symlinkSync(join(dir, 'nowhere'), join(dir, 'a.example.key.pem'));
    expect(() => writeLocalPki(dir, pki)).toThrow(expect.objectContaining({ code: 'file-exists', file: join(dir, 'a.example.key.pem') }));
    expect(readdirSync(dir)).toEqual(['a.example.key.pem']);
  });

  it('with force, replaces the files: new contents, and a key that was 0644 before is 0600 after', () => {
    const dir = freshDir();
    writeLocalPki(dir, pki);
    writeFileSync(join(dir, 'other.txt'), 'kept');
    const loose = join(dir, 'a.example.key.pem');
    rmSync(loose);
    writeFileSync(loose, 'old', { mode: 0o644 });
    writeLocalPki(dir, otherPki, { force: true });
    expect(readFileSync(join(dir, 'ca.pem'), 'utf8')).toBe(otherPki.ca.cert);
    expect(readFileSync(loose, 'utf8')).toBe(otherPki.providers[0]?.key);
    expect(mode(loose)).toBe(0o600);
    // Nothing else in the folder is touched, and no temporary file is left behind.
    expect(readdirSync(dir).sort()).toEqual([...FILES, 'other.txt'].sort());
  });

  it('with force, a symbolic link is replaced, never written through', () => {
    const dir = freshDir();
    mkdirSync(dir);
    const target = join(root, `target-${n}`);
    writeFileSync(target, 'elsewhere');
    symlinkSync(target, join(dir, 'ca.key.pem'));
    writeLocalPki(dir, pki, { force: true });
    expect(readFileSync(target, 'utf8')).toBe('elsewhere');
    expect(lstatSync(join(dir, 'ca.key.pem')).isSymbolicLink()).toBe(false);
    expect(readFileSync(join(dir, 'ca.key.pem'), 'utf8')).toBe(pki.ca.key);
    expect(() => readlinkSync(join(dir, 'ca.key.pem'))).toThrow();
  });
});
