import { describe, expect, it } from 'vitest';
import { identifyDraft, UpdateInputError } from './identify.ts';

const tracked = (versions: Record<string, string>) => (name: string) => versions[name];

describe('identifyDraft', () => {
  it('reads name and version from a numbered file name', () => {
    expect(identifyDraft('/x/draft-ietf-mimi-content-07.md', '', undefined, tracked({}))).toEqual({
      name: 'draft-ietf-mimi-content',
      version: '07',
      versionFrom: 'file name',
    });
  });

  it('gives an editor copy without a number the version after the tracked one, from its docname', () => {
    const md = '---\ntitle: x\ndocname: draft-ietf-mimi-content-latest\n---\n';
    expect(identifyDraft('/x/draft.md', md, undefined, tracked({ 'draft-ietf-mimi-content': '07' }))).toEqual({
      name: 'draft-ietf-mimi-content',
      version: '08',
      versionFrom: 'next after the tracked version',
    });
  });

  it('takes --version, then a numbered docname, for a copy without a number', () => {
    const md = 'docname: draft-ietf-mimi-content-09\n';
    expect(identifyDraft('/x/copy.md', md, '11', tracked({})).version).toBe('11');
    expect(identifyDraft('/x/copy.md', md, undefined, tracked({})).version).toBe('09');
    expect(identifyDraft('/x/draft-ietf-mimi-content.md', '', undefined, tracked({})).version).toBe('00');
  });

  it('refuses what names no draft, a bad --version and a file name that contradicts --version', () => {
    expect(() => identifyDraft('/x/notes.md', 'no front matter', undefined, tracked({}))).toThrow(UpdateInputError);
    expect(() => identifyDraft('/x/draft-a-07.md', '', '7', tracked({}))).toThrow(/two digits/);
    expect(() => identifyDraft('/x/draft-a-07.md', '', '08', tracked({}))).toThrow(/version 07, but --version says 08/);
    expect(() => identifyDraft('/x/Draft A-07.md', '', undefined, tracked({}))).toThrow(/lower-case/);
    expect(() => identifyDraft('/x/draft-a.md', '', undefined, tracked({ 'draft-a': '99' }))).toThrow(/last two-digit version/);
  });
});
