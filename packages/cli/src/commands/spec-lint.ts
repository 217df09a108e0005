import type { Command } from 'commander';
import { LINT_SOURCES, OPENAPI_DRAFT_DEFAULT, runSpecLint } from '@mimikit/generators';
import { REPO_ROOT } from '../root.ts';
import { addReportOptions, emitReport, type ReportFlags } from './spec-diff.ts';

interface LintFlags extends ReportFlags {
  draft?: string;
}

/**
 * `mimi spec lint [target]`: the OpenAPI description against its draft, the TLS and CDDL spec
 * diagnostics and the errata applied (default), or a draft / spec directory / file. Same formats
 * and `--fail-on` as `mimi spec diff`; without --fail-on, exit 1 on any ERR.
 */
export function registerSpecLint(spec: Command): void {
  const cmd = spec
    .command('lint')
    .description(
      'lint the spec (default), a draft (.md), a spec directory, or a .tls/.cddl/OpenAPI file: syntax, names, select cases, CDDL, OpenAPI against its draft, errata',
    )
    .argument(
      '[target]',
      `a lint source (${LINT_SOURCES.map((s) => s.name).join(', ')}), a draft, a spec directory or a file (default: every source over spec/)`,
    )
    .option('--draft <file>', `the draft an OpenAPI file describes (default: ${OPENAPI_DRAFT_DEFAULT})`);
  addReportOptions(cmd).action(async (target: string | undefined, flags: LintFlags) => {
    const report = await runSpecLint(REPO_ROOT, target, flags.draft === undefined ? {} : { draft: flags.draft });
    emitReport(report, { ...flags, failOn: flags.failOn ?? 'ERR' });
  });
}
