/**
 * docs/cli.md's table of commands is the `mimi` command as it is: a row for every command that
 * `mimi --help` and its groups' help list, with exactly the options that command's help lists; and
 * every `--option` the docs write after a `mimi` command (inline code and shell blocks alike) is
 * one that command takes.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DOC_PAGES, ROOT } from './doc-pages.ts';
import { type CliCommand, cliCommands } from './cli-help.ts';

interface TableRow {
  command: string;
  options: string[];
}

/** The rows of the table under docs/cli.md's "## Commands". */
function commandTable(markdown: string): TableRow[] {
  const section = markdown.split(/^## /m).find((s) => s.startsWith('Commands\n'));
  if (!section) return [];
  return section
    .split('\n')
    .filter((line) => line.startsWith('| `mimi '))
    .map((line) => {
      const cells = line.split(' | ');
      const command = /`mimi ([^`]*)`/.exec(cells[0]!)![1]!;
      return {
        command: command
          .split(' ')
          .filter((w) => !/^[[<]/.test(w))
          .join(' '),
        options: [...(cells.at(-1) ?? '').matchAll(/`(--[\w-]+)`/g)].map((m) => m[1]!).sort(),
      };
    });
}

/** Each `mimi …` command line the docs write: in inline code and in shell blocks. */
function mentions(markdown: string): string[] {
  const found: string[] = [];
  for (const line of markdown.split('\n')) {
    const command = /^\s*(?:npx )?(mimi .*)$/.exec(line);
    if (command) found.push(command[1]!);
    for (const span of line.matchAll(/`(?:npx )?(mimi [^`]*)`/g)) found.push(span[1]!);
  }
  return found;
}

let commands: CliCommand[] = [];
beforeAll(async () => {
  commands = await cliCommands();
}, 120_000);

describe('docs/cli.md, "Commands"', () => {
  it('has a row for every command, with the options its --help lists, and no other row', () => {
    const table = commandTable(readFileSync(join(ROOT, 'docs/cli.md'), 'utf8'));
    const expected = commands.map((c) => ({ command: c.path.join(' '), options: [...c.options].sort() }));
    const byName = (a: TableRow, b: TableRow) => a.command.localeCompare(b.command);
    expect(table.sort(byName)).toEqual(expected.sort(byName));
    // The walk found the groups' commands, not only the groups.
    expect(expected.map((c) => c.command)).toEqual(expect.arrayContaining(['spec diff', 'codec decode', 'pki init', 'generate']));
  });
});

describe('every mimi option the docs mention exists', () => {
  for (const page of DOC_PAGES) {
    it(page, () => {
      const problems: string[] = [];
      for (const mention of mentions(readFileSync(join(ROOT, page), 'utf8'))) {
        // The command ends where the shell starts another one or a comment.
        const words = mention.split(/\s(?:\||&&|;|#)\s/)[0]!.split(/\s+/);
        // The longest command path the words start with; its options are the ones allowed.
        const command = commands.filter((c) => c.path.every((word, i) => words[i + 1] === word)).sort((a, b) => b.path.length - a.path.length)[0];
        if (!command) continue;
        for (const word of words.slice(1 + command.path.length)) {
          const option = /^(--[\w-]+)/.exec(word)?.[1];
          if (option && option !== '--help' && !command.options.includes(option)) {
            problems.push(`${page}: \`mimi ${command.path.join(' ')}\` has no ${option} (in \`${mention}\`)`);
          }
        }
      }
      expect(problems).toEqual([]);
    });
  }
});
