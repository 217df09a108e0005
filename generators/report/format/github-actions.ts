/**
 * GitHub Actions workflow commands, one line per finding, which GitHub shows as annotations on the
 * file and line (and in the run summary):
 *
 * ```
 * ::error file=drafts/draft-ietf-mimi-protocol.md,line=830,col=1,title=tls-struct-field-inserted::KeyMaterialRequest: Field …
 * ```
 *
 * ERR → `::error`, WARN → `::warning`, INFO → `::notice`; a suppressed finding is a `::notice`
 * whose title says so. The position is the new one, or the old one for something removed; the
 * spec file's (`file`, as the user named it), not the draft's, since annotations need a path in the
 * repository. Escaping follows @actions/core: `%`, CR and LF in the message; also `:` and `,` in
 * properties. A PROSE finding is annotated on each code location that implements its section too.
 */
import type { Finding, Level, Report } from '../model.ts';
import { primaryLocation } from './shared.ts';

const COMMAND: Record<Level, string> = { ERR: 'error', WARN: 'warning', INFO: 'notice' };

export function formatGithubActions(report: Report): string {
  return report.findings.map(command).join('');
}

function command(f: Finding): string {
  const props: string[] = [];
  const at = primaryLocation(f);
  if (at) {
    props.push(`file=${escapeProperty(at.file)}`, `line=${at.line}`);
    if (at.col !== undefined) props.push(`col=${at.col}`);
  }
  const name = f.suppressed ? 'notice' : COMMAND[f.level];
  const title = `title=${escapeProperty(f.suppressed ? `${f.rule} (suppressed ${f.level})` : f.rule)}`;
  // A PROSE finding is also shown on each line of code that implements the section, where the
  // reviewer of a pull request sees it.
  const onCode = (f.implementedBy ?? []).map(
    (c) => `::${name} file=${escapeProperty(c.file)},line=${c.line},col=${c.col},${title}::${escapeData(`this code implements ${f.subject}: ${f.message}`)}\n`,
  );
  return `::${name} ${[...props, title].join(',')}::${escapeData(`${f.subject}: ${f.message}`)}\n${onCode.join('')}`;
}

export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
