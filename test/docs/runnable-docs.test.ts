/**
 * The docs cannot drift (issue 15): every shell block of README.md and docs/*.md is either run here,
 * command by command, or exempted in the page itself with its reason; an output block marked
 * verbatim is compared with what the command before it prints. The convention is in
 * docs/testing.md, "Commands in the docs".
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DOC_PAGES, ROOT } from './doc-pages.ts';
import { type DocBlock, docBlocks, SHELL_LANGUAGES } from './doc-blocks.ts';
import { docCommands } from './doc-commands.ts';
import { type CommandResult, DocSandbox } from './doc-sandbox.ts';
import { matchElided } from './elided-match.ts';

/** Each command's time limit: the slowest ones take a few seconds on an idle machine, ten times that on a busy one. */
const COMMAND_TIMEOUT_MS = 60_000;

const sandbox = new DocSandbox(ROOT);
afterAll(() => sandbox.remove());

/**
 * What a verbatim block is compared with, made the same on both sides: trailing blanks of each
 * line (editors strip them from Markdown) and the path of the checkout or its copy (`<checkout>`).
 */
function normalise(text: string, root: string): string {
  return text
    .split(root.replace(/\/$/, ''))
    .join('<checkout>')
    .replace(/[ \t]+$/gm, '');
}

function where(block: DocBlock, line = 0): string {
  return `${block.file}:${block.line + 1 + line}`;
}

for (const page of DOC_PAGES) {
  const blocks = docBlocks(page, readFileSync(join(ROOT, page), 'utf8'));
  describe(page, () => {
    it('marks every shell block and every marker is well formed and placed', () => {
      const problems: string[] = [];
      blocks.forEach((block, i) => {
        const shell = SHELL_LANGUAGES.has(block.language);
        const { marker } = block;
        if (marker.kind === 'malformed') problems.push(`${where(block, -1)}: marker <!-- ${marker.text} -->: ${marker.problem}`);
        else if (shell && marker.kind === 'none')
          problems.push(`${where(block, -1)}: \`\`\`${block.language} block without <!-- runnable --> or <!-- not-runnable: reason -->`);
        else if (shell && marker.kind === 'verbatim')
          problems.push(`${where(block, -1)}: a shell block is commands, not output; mark it runnable or not-runnable`);
        else if (!shell && (marker.kind === 'runnable' || marker.kind === 'not-runnable')) {
          problems.push(`${where(block, -1)}: <!-- ${marker.kind} --> on a \`\`\`${block.language || '(no language)'} block; only shell blocks run`);
        } else if (marker.kind === 'verbatim' && blocks[i - 1]?.marker.kind !== 'runnable') {
          problems.push(`${where(block, -1)}: <!-- verbatim --> must follow a runnable block (it is compared with that block's last command)`);
        }
        if (marker.kind === 'runnable' && docCommands(block.text).length === 0) problems.push(`${where(block, -1)}: runnable block with no command`);
      });
      expect(problems).toEqual([]);
    });

    blocks.forEach((block, i) => {
      if (block.marker.kind !== 'runnable') return;
      const { options } = block.marker;
      const commands = docCommands(block.text);
      const shown = blocks[i + 1]?.marker.kind === 'verbatim' ? blocks[i + 1] : undefined;
      it(`runs ${where(block)}${options.tmp ? ' (in a copy of the checkout)' : ''}`, { timeout: COMMAND_TIMEOUT_MS * commands.length + 30_000 }, async () => {
        const root = options.tmp ? sandbox.copyCheckout() : ROOT;
        let cwd = join(root, options.cwd);
        let last: CommandResult | undefined;
        for (const command of commands) {
          last = await sandbox.run(command.text, { root, cwd, timeoutMs: COMMAND_TIMEOUT_MS });
          cwd = last.cwd;
          const report = `${where(block, command.line)} \`${command.text}\` ${last.timedOut ? `did not end in ${COMMAND_TIMEOUT_MS / 1000} s` : `exited ${last.code}`}, the page says ${options.exit}\n--- stdout\n${last.stdout}--- stderr\n${last.stderr}`;
          expect(last.code, report).toBe(options.exit);
        }
        if (shown && last) {
          const actual = normalise(last.stdout, root);
          const match = matchElided(normalise(shown.text, root), actual);
          // On a mismatch, the diff is between the page's block and the output with the page's
          // omissions applied as far as they matched: it shows where the two part.
          expect(match.projected, `${where(shown)}: the output shown verbatim differs from what \`${commands.at(-1)!.text}\` prints:\n${actual}`).toBe(
            normalise(shown.text, root),
          );
          expect(match.ok).toBe(true);
        }
      });
    });
  });
}
