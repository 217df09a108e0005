/**
 * The output formats of `mimi spec diff` and `mimi spec lint`: every one renders the same Report
 * (model.ts).
 *
 * - text: for a terminal (the default); ANSI colours with `color: true`.
 * - json: the Report itself; its schema is generators/report/report.schema.json.
 * - markdown: a change log to paste into a draft.
 * - html: one self-contained page with side-by-side definitions.
 * - junit: JUnit XML for CI test report views.
 * - github-actions: workflow commands that annotate files in a GitHub pull request.
 */
import type { Report } from '../model.ts';
import { formatGithubActions } from './github-actions.ts';
import { formatHtml } from './html.ts';
import { formatJson } from './json.ts';
import { formatJunit } from './junit.ts';
import { formatMarkdown } from './markdown.ts';
import { formatText } from './text.ts';

export const FORMATS = ['text', 'json', 'markdown', 'html', 'junit', 'github-actions'] as const;
export type Format = (typeof FORMATS)[number];

export interface FormatOptions {
  /** ANSI colours (text only; ignored by the others). */
  color?: boolean;
}

export function formatReport(report: Report, format: Format, options: FormatOptions = {}): string {
  switch (format) {
    case 'text':
      return formatText(report, options);
    case 'json':
      return formatJson(report);
    case 'markdown':
      return formatMarkdown(report);
    case 'html':
      return formatHtml(report);
    case 'junit':
      return formatJunit(report);
    case 'github-actions':
      return formatGithubActions(report);
  }
}

export function isFormat(s: string): s is Format {
  return (FORMATS as readonly string[]).includes(s);
}
