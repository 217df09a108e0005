import { Option, type Command } from 'commander';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { LEVELS, type Level } from '@mimikit/generators';
import { EXIT_FINDINGS } from '../exit-codes.ts';
import { REPO_ROOT } from '../root.ts';

interface UpdateFlags {
  files?: string;
  version?: string;
  outputs?: string[];
  root: string;
  derived?: string[];
  format: 'text' | 'json';
  failOn?: Level;
  dryRun?: boolean;
}

const OUTPUTS = ['tls', 'cddl', 'examples'] as const;

/**
 * The modules `npm run generate` passes to `mimi generate --derived` in the checkout's package.json
 * (the test goldens), so that an update regenerates exactly what `npm run generate` would.
 */
function derivedOfGenerateScript(root: string): string[] {
  let script: unknown;
  try {
    script = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts?: Record<string, unknown> }).scripts?.generate;
  } catch {
    return [];
  }
  return typeof script === 'string' ? [...script.matchAll(/--derived[ =](\S+)/g)].map((m) => m[1]!) : [];
}

async function run(mode: 'update' | 'add', draft: string, flags: UpdateFlags): Promise<void> {
  const { runSpecUpdate, formatUpdateSummary } = await import('@mimikit/generators');
  const { loadDerived } = await import('../generate/run.ts');
  const root = resolve(flags.root);
  const modules = flags.derived ?? derivedOfGenerateScript(root);
  const derive = await Promise.all(modules.map((m) => loadDerived(resolve(root, m))));
  const summary = await runSpecUpdate({
    root,
    mode,
    draft,
    ...(flags.files !== undefined ? { files: flags.files } : {}),
    ...(flags.version !== undefined ? { version: flags.version } : {}),
    ...(flags.outputs !== undefined ? { outputs: flags.outputs as Array<(typeof OUTPUTS)[number]> } : {}),
    dryRun: flags.dryRun === true,
    extra: async (r) => (await Promise.all(derive.map((d) => d(r)))).flat(),
  });
  process.stdout.write(flags.format === 'json' ? `${JSON.stringify(summary, null, 2)}\n` : formatUpdateSummary(summary));
  const rank = (l: Level) => LEVELS.indexOf(l);
  const failing =
    flags.failOn !== undefined &&
    [...(summary.diff?.changes ?? []), ...(summary.diff?.prose ?? [])].some((f) => !f.suppressed && rank(f.level) <= rank(flags.failOn!));
  if (summary.problems > 0 || failing) process.exitCode = EXIT_FINDINGS;
}

function common(cmd: Command): Command {
  return cmd
    .option('--files <dir>', "the draft's -files/ folder (default: the <draft file name>-files folder beside it)")
    .option('--root <dir>', 'the checkout to update', REPO_ROOT)
    .option('--dry-run', 'run in a scratch copy of the checkout and write nothing: the summary says what would change')
    .option(
      '--derived <module>',
      "derived files to regenerate, as `mimi generate --derived`; repeatable (default: those of the checkout's `npm run generate`)",
      (v: string, all: string[] | undefined) => [...(all ?? []), v],
    )
    .addOption(new Option('--format <format>', 'summary format').choices(['text', 'json']).default('text'));
}

/**
 * `mimi spec update <new-draft.md>` (a new version of a tracked draft) and `mimi spec add
 * <draft.md>` (a draft not tracked yet): copy, manifest, errata, extract, lint, diff, generate,
 * type-check, one summary (generators/update/). Exit 1 when the run found problems (or a change at
 * --fail-on), 2 when it could not run.
 */
export function registerSpecUpdate(spec: Command): void {
  common(
    spec
      .command('update')
      .description(
        'take a new version of a tracked draft through the whole loop: copy it (and its -files/) into spec/drafts, replace its manifest entry, carry its errata, extract, lint, diff, regenerate, type-check',
      )
      .argument('<draft>', 'the new version (.md): draft-<name>-NN.md, or an editor\'s copy named by its "docname:"')
      .option('--version <NN>', "the version of an editor's copy without a number (default: the tracked version + 1)")
      .addOption(new Option('--fail-on <level>', 'also exit 1 when a wire, API or prose change at or above this level exists').choices([...LEVELS])),
  ).action((draft: string, flags: UpdateFlags) => run('update', draft, flags));
  common(
    spec
      .command('add')
      .description('track a new draft: copy it (and its -files/) into spec/drafts, add its manifest entry, extract, lint, regenerate, type-check')
      .argument('<draft>', 'the draft (.md)')
      .option('--version <NN>', "the version of an editor's copy without a number (default: 00)")
      .addOption(new Option('--outputs <outputs...>', 'what it produces (default: inferred from its text)').choices([...OUTPUTS])),
  ).action((draft: string, flags: UpdateFlags) => run('add', draft, flags));
}
