import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatManifest, inferOutputs, planShipped, readRawManifest, trackedKey, withEntry } from './manifest-edit.ts';

const REPO = new URL('../../', import.meta.url).pathname;
const tmp = mkdtempSync(join(tmpdir(), 'mimi-manifest-edit-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('the manifest edits of mimi spec update', () => {
  it('writes the committed manifest back byte for byte (the layout update writes)', () => {
    expect(formatManifest(readRawManifest(REPO))).toBe(readFileSync(join(REPO, 'spec/drafts/drafts.json'), 'utf8'));
  });

  it('replaces the tracked entry in place and appends a new one', () => {
    const m = readRawManifest(REPO);
    const key = trackedKey(m, 'draft-ietf-mimi-protocol');
    expect(key).toMatch(/^draft-ietf-mimi-protocol-\d\d\.md$/);
    const keys = Object.keys(m.drafts);
    const replaced = withEntry(m, key, 'draft-ietf-mimi-protocol-99.md', 'draft-ietf-mimi-protocol');
    expect(Object.keys(replaced.drafts)).toEqual(keys.map((k) => (k === key ? 'draft-ietf-mimi-protocol-99.md' : k)));
    expect(Object.keys(withEntry(m, undefined, 'draft-new-00.md', 'draft-new').drafts)).toEqual([...keys, 'draft-new-00.md']);
    expect(trackedKey(m, 'draft-not-tracked')).toBeUndefined();
  });

  it('keeps a file the old version included and the new one only ships, drops what it no longer ships', () => {
    const files = join(tmp, 'x-02-files');
    mkdirSync(files, { recursive: true });
    writeFileSync(join(files, 'a.cddl'), 'a = 1\n');
    writeFileSync(join(files, 'kept.cddl'), 'k = 1\n');
    const plan = planShipped(
      { file: 'x-01.md', markdown: '<{{a.cddl}}\n<{{kept.cddl}}\n<{{gone.cddl}}\n', shipped: [{ file: 'older.cddl', includedBy: 'x-00.md' }] },
      { file: 'x-02.md', markdown: '<{{a.cddl}}\n', filesDir: files },
    );
    expect(plan.shipped).toEqual([{ file: 'kept.cddl', includedBy: 'x-01.md', note: expect.stringContaining('x-02.md no longer does') }]);
    expect(plan.dropped.map((d) => d.file)).toEqual(['older.cddl', 'gone.cddl']);
  });

  it('infers the outputs of a new draft from its text', () => {
    const tls = '~~~ tls\nstruct { uint8 a; } A;\n~~~\n';
    expect(inferOutputs(tls, (info) => info === 'tls')).toEqual(['tls']);
    expect(inferOutputs('<{{s.cddl}}\n<{{examples/e.edn}}\n', () => false)).toEqual(['cddl', 'examples']);
    expect(inferOutputs('~~~ cddl\na = 1\n~~~\n', () => false)).toEqual(['cddl']);
    expect(inferOutputs('prose only\n', () => false)).toEqual([]);
  });
});
