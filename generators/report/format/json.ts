/**
 * The report as JSON, for tools: the Report of model.ts as it is, two-space indented. Its shape is
 * published as generators/report/report.schema.json (generated from report-schema.ts).
 */
import type { Report } from '../model.ts';

export function formatJson(report: Report): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
