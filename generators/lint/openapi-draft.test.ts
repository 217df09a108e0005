import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { trackedOpenapiDraft } from './openapi-draft.ts';
import { runSpecLint } from './spec-lint.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const temps: string[] = [];
afterAll(() => {
  for (const d of temps) rmSync(d, { recursive: true, force: true });
});

/** A tree whose spec/drafts/drafts.json lists `drafts`. */
function treeWith(drafts: Record<string, string | null>): string {
  const dir = mkdtempSync(join(tmpdir(), 'mimikit-openapi-draft-'));
  temps.push(dir);
  mkdirSync(join(dir, 'spec/drafts'), { recursive: true });
  writeFileSync(join(dir, 'spec/drafts/drafts.json'), `${JSON.stringify({ drafts }, null, 2)}\n`);
  return dir;
}

describe('the draft the OpenAPI description is linted against', () => {
  it('is the version of draft-ietf-mimi-protocol that drafts.json tracks', () => {
    expect(trackedOpenapiDraft(root)).toEqual({ draft: 'spec/drafts/draft-ietf-mimi-protocol-06.md' });
    // After `mimi spec update` to -07 the manifest lists -07, and so does lint.
    const next = treeWith({ 'draft-ietf-mls-protocol-20.md': null, 'draft-ietf-mimi-protocol-07.md': 'draft-ietf-mimi-protocol' });
    expect(trackedOpenapiDraft(next)).toEqual({ draft: 'spec/drafts/draft-ietf-mimi-protocol-07.md' });
  });

  it('is a located error when none or two are tracked, and `mimi spec lint openapi` reports it as a finding', async () => {
    const none = treeWith({ 'draft-ietf-mls-protocol-20.md': null });
    const r = trackedOpenapiDraft(none);
    expect(r).toMatchObject({ diagnostic: { file: 'spec/drafts/drafts.json', line: 1, severity: 'error', code: 'no-openapi-draft' } });
    expect('diagnostic' in r && r.diagnostic.message).toBe(
      'spec/drafts/drafts.json tracks no draft-ietf-mimi-protocol, the draft the OpenAPI description is checked against',
    );
    const two = treeWith({ 'draft-ietf-mimi-protocol-06.md': 'a', 'draft-ietf-mimi-protocol-07.md': 'b' });
    expect(trackedOpenapiDraft(two)).toMatchObject({ diagnostic: { code: 'no-openapi-draft', line: 4 } });
    const report = await runSpecLint(none, 'openapi');
    expect(report.findings.map((f) => [f.level, f.rule, f.new?.file])).toEqual([['ERR', 'no-openapi-draft', 'spec/drafts/drafts.json']]);
  });
});
