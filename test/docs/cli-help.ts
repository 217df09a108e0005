/**
 * Every `mimi` command and its long options, read from the command's own `--help` (commander's
 * layout: a "Commands:" section of `  name [args]  description` rows and an "Options:" section of
 * `  -o, --output <file>  description` rows, descriptions wrapped onto deeper-indented lines).
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { MIMI_COMMAND } from '../support/run-cli.ts';

const run = promisify(execFile);

export interface CliCommand {
  /** The words after `mimi`: `['spec', 'diff']`. */
  path: string[];
  /** Long options without `--help`: `['--against', '--no-errata', …]`. */
  options: string[];
}

/** The rows of one section of a help text, each row's first words up to the description. */
function sectionRows(help: string, title: string): string[] {
  const lines = help.split('\n');
  const start = lines.indexOf(`${title}:`);
  if (start < 0) return [];
  const rows: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (!line.startsWith(' ')) break;
    // A row starts at the section's indentation (two spaces); deeper lines wrap a description.
    if (/^ {2}\S/.test(line)) rows.push(line.trim().split(/\s{2,}/)[0]!);
  }
  return rows;
}

export function helpCommands(help: string): string[] {
  return sectionRows(help, 'Commands')
    .map((row) => row.split(' ')[0]!)
    .filter((name) => name !== 'help');
}

export function helpOptions(help: string): string[] {
  return sectionRows(help, 'Options')
    .flatMap((row) => row.split(/[ ,]+/).filter((word) => word.startsWith('--')))
    .filter((option) => option !== '--help');
}

async function help(path: readonly string[]): Promise<string> {
  return (await run(MIMI_COMMAND[0]!, [...MIMI_COMMAND.slice(1), ...path, '--help'], { encoding: 'utf8', timeout: 60_000 })).stdout;
}

/** Every command that runs something (groups excluded), from `mimi --help` down. */
export async function cliCommands(): Promise<CliCommand[]> {
  const walk = async (path: string[]): Promise<CliCommand[]> => {
    const text = await help(path);
    const children = helpCommands(text);
    if (children.length === 0) return [{ path, options: helpOptions(text) }];
    return (await Promise.all(children.map((child) => walk([...path, child])))).flat();
  };
  return walk([]);
}
