import { Option, type Command } from 'commander';
import { existsSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import {
  EMPTY_CONFIG,
  loadConfig,
  diffSpecSets,
  FORMATS,
  formatReport,
  type Format,
  loadDiffSides,
  failsOn,
  LEVELS,
  type Level,
  type Report,
  scanSpecTags,
} from '@mimikit/generators';
import { REPO_ROOT } from '../root.ts';

/** Config file read when `--config` is not given and it exists in the working directory. */
export const DEFAULT_CONFIG_FILE = '.mimi-diff.json';

export interface ReportFlags {
  format: Format;
  failOn?: Level;
  color?: boolean;
  output?: string;
}

/** Writes a report in the chosen format (to --output or stdout) and sets the exit code for --fail-on. */
export function emitReport(report: Report, flags: ReportFlags): void {
  const toFile = flags.output !== undefined;
  const color = flags.color ?? (!toFile && flags.format === 'text' && process.stdout.isTTY === true && !process.env.NO_COLOR);
  const text = formatReport(report, flags.format, { color });
  if (toFile) writeFileSync(flags.output!, text);
  else process.stdout.write(text);
  if (failsOn(report, flags.failOn)) process.exitCode = 1;
}

/** The options `mimi spec diff` and `mimi spec lint` share. */
export function addReportOptions(cmd: Command): Command {
  return cmd
    .addOption(new Option('--format <format>', 'output format').choices([...FORMATS]).default('text'))
    .addOption(new Option('--fail-on <level>', 'exit 1 when an unsuppressed finding at or above this level exists').choices([...LEVELS]))
    .option('--color', 'colour the text output (default: when stdout is a terminal)')
    .option('--no-color', 'never colour the text output')
    .option('-o, --output <file>', 'write the report to a file instead of stdout');
}

interface DiffFlags extends ReportFlags {
  against?: string;
  config?: string;
  errata: boolean;
}

function workingTreeSpec(): string {
  try {
    const top = execFileSync('git', ['rev-parse', '--show-toplevel'], { stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim();
    return join(top, 'spec');
  } catch {
    return join(REPO_ROOT, 'spec');
  }
}

/**
 * `mimi spec diff <old> <new>` / `mimi spec diff --against <ref>`: what changes on the wire (and in
 * the generated API) between two versions of the definitions.
 */
export function registerSpecDiff(spec: Command): void {
  const cmd = spec
    .command('diff')
    .description('compare two versions of the definitions: wire (WIRE) and generated-API (SOURCE) changes, with rule ids, levels and fingerprints')
    .argument('[old]', 'a draft (.md), a spec directory, a .tls/.cddl/OpenAPI file, or git:<ref>')
    .argument('[new]', 'the same kinds (default with --against: the working tree spec/)')
    .option('--against <ref>', "compare the working tree's spec/ with spec/ at this git ref")
    .option('--config <file>', `level overrides and suppressions (default: ${DEFAULT_CONFIG_FILE} when present)`)
    .option(
      '--no-errata',
      "read drafts as published: without the repository's errata for their version, and without carrying an earlier version's errata forward",
    );
  addReportOptions(cmd).action(async (oldArg: string | undefined, newArg: string | undefined, flags: DiffFlags) => {
    let sides: [string, string];
    if (flags.against !== undefined) {
      if (oldArg !== undefined) throw new Error('give either --against <ref> or two versions, not both');
      sides = [`git:${flags.against}`, workingTreeSpec()];
    } else {
      if (oldArg === undefined || newArg === undefined) throw new Error('give two versions to compare (old new), or --against <ref>');
      sides = [oldArg, newArg];
    }
    const configFile = flags.config ?? (existsSync(resolve(DEFAULT_CONFIG_FILE)) ? DEFAULT_CONFIG_FILE : undefined);
    const config = configFile === undefined ? EMPTY_CONFIG : loadConfig(configFile);
    // A later version of a draft without errata of its own gets the old version's, carried forward.
    const [oldSide, newSide] = await loadDiffSides(sides[0], sides[1], { root: REPO_ROOT, errata: flags.errata });
    // The prose watch: sections the checkout's hand-written code implements (`@spec` tags), read
    // only when both sides are drafts (the watch compares draft text, nothing else has any).
    const { tags } = oldSide.markdown !== undefined && newSide.markdown !== undefined ? scanSpecTags(REPO_ROOT) : { tags: [] };
    emitReport(diffSpecSets(oldSide, newSide, config, tags), flags);
  });
}
