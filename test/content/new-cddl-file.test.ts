/**
 * "Adding a CDDL file to spec/content must be all it takes": a copy of the repository's spec/
 * with one more .cddl file generates one more module, without any other change.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SpecError } from '../../generators/common/diagnostics.ts';
import { generateAll } from '../../generators/generate.ts';

const ROOT = new URL('../../', import.meta.url).pathname;

/** Copies of the repository made by a test, removed after it (they held a full generated/). */
const copies: string[] = [];
const copyRoot = (): string => {
  const root = mkdtempSync(join(tmpdir(), 'mimikit-'));
  copies.push(root);
  return root;
};
afterEach(() => {
  for (const root of copies.splice(0)) rmSync(root, { recursive: true, force: true });
});

describe('spec/content', () => {
  it('a new .cddl file becomes a generated codec module', async () => {
    const root = copyRoot();
    cpSync(join(ROOT, 'spec'), join(root, 'spec'), { recursive: true });
    cpSync(join(ROOT, 'generated'), join(root, 'generated'), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules'), join(root, 'node_modules'), 'dir');
    writeFileSync(
      join(root, 'spec/content/typing.cddl'),
      '; source: draft-example-typing-00.md:1 § 1. Typing\nTypingNotice = [ room: tstr, typing: bool, until: uint .size 8 ]\n',
    );
    const result = await generateAll(root);
    expect(result.changed).toContain('generated/mimi-content/src/typing.ts');
    expect(result.changed).toContain('generated/mimi-content/src/index.ts');
    const index = readFileSync(join(root, 'generated/mimi-content/src/index.ts'), 'utf8');
    expect(index).toMatch(/\bTypingNotice: TypingNoticeCodec,/);
    const mod = await import(join(root, 'generated/mimi-content/src/typing.ts'));
    const bytes = mod.TypingNoticeCodec.encode({ room: 'r', typing: true, until: 5n });
    expect([...bytes]).toEqual([0x83, 0x61, 0x72, 0xf5, 0x05]);
    expect(mod.TypingNoticeCodec.decode(bytes)).toEqual({ room: 'r', typing: true, until: 5n });
  });

  it('a rule defined through itself is a located diagnostic from generate, not a RangeError', async () => {
    const root = copyRoot();
    cpSync(join(ROOT, 'spec'), join(root, 'spec'), { recursive: true });
    writeFileSync(join(root, 'spec/content/loop.cddl'), 'Loop = [a, c]\na = b\nb = a\nc = c\n');
    const error = await generateAll(root).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SpecError);
    const located = (error as SpecError).diagnostics.filter((d) => d.code === 'recursive-rule').map((d) => `${d.file}:${d.line}:${d.col}`);
    expect(located).toEqual(['spec/content/loop.cddl:2:1', 'spec/content/loop.cddl:3:1', 'spec/content/loop.cddl:4:1']);
  });
});
