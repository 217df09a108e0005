/** Helpers shared by the output formats: summary wording, side labels, which location to point at. */
import type { Finding, Level, Report, SideInfo, SourceLocation, Summary } from '../model.ts';

/** `3 ERR, 1 WARN, 2 INFO (1 suppressed)`; the parenthesis only when something was suppressed. */
export function summaryLine(s: Summary): string {
  const counts = `${s.ERR} ERR, ${s.WARN} WARN, ${s.INFO} INFO`;
  return s.suppressed > 0 ? `${counts} (${s.suppressed} suppressed)` : counts;
}

export function isLint(report: Report): boolean {
  return report.tool === 'mimi spec lint';
}

/** `draft-ietf-mimi-protocol-05` when the side names its draft and version, else the label as given. */
export function sideName(side: SideInfo | undefined): string {
  if (!side) return '?';
  if (side.draft && side.version) return `${side.draft}-${side.version}`;
  return side.draft ?? side.label;
}

/** The old and new side of a diff report, or the lint target twice. */
export function sides(report: Report): { old: SideInfo | undefined; new: SideInfo | undefined } {
  return { old: report.sides[0], new: report.sides[report.sides.length - 1] };
}

/** `old → new` for a diff, the target for a lint. */
export function comparedLine(report: Report): string {
  const s = sides(report);
  return isLint(report) ? sideName(s.new) : `${sideName(s.old)} → ${sideName(s.new)}`;
}

/** What a finding's `new` location is called: `new` in a diff, `at` in a lint (which has one side). */
export function newLabel(report: Report): string {
  return isLint(report) ? 'at' : 'new';
}

/** Where an annotation points: the new location, or the old one for something removed. */
export function primaryLocation(f: Finding): SourceLocation | undefined {
  return f.new ?? f.old;
}

export interface Section {
  title: string;
  findings: Finding[];
}

/**
 * The findings grouped as the markdown and HTML formats show them. Diff: "Breaking wire changes"
 * (ERR), "Changes to check" (WARN), "Compatible changes" (INFO), "Source-only changes" (category
 * SOURCE, whatever the level), "Suppressed". Lint: "Errors", "Warnings", "Notes", "Suppressed".
 * Every section is returned, empty or not; findings keep the report's order within a section.
 */
export function sections(report: Report): Section[] {
  const active = report.findings.filter((f) => !f.suppressed);
  const byLevel = (level: Level, category?: (f: Finding) => boolean) => active.filter((f) => f.level === level && (!category || category(f)));
  const suppressed: Section = { title: 'Suppressed', findings: report.findings.filter((f) => f.suppressed) };
  if (isLint(report)) {
    return [
      { title: 'Errors', findings: byLevel('ERR') },
      { title: 'Warnings', findings: byLevel('WARN') },
      { title: 'Notes', findings: byLevel('INFO') },
      suppressed,
    ];
  }
  const notSource = (f: Finding) => f.category !== 'SOURCE';
  return [
    { title: 'Breaking wire changes', findings: byLevel('ERR', notSource) },
    { title: 'Changes to check', findings: byLevel('WARN', notSource) },
    { title: 'Compatible changes', findings: byLevel('INFO', notSource) },
    { title: 'Source-only changes', findings: active.filter((f) => f.category === 'SOURCE') },
    suppressed,
  ];
}
