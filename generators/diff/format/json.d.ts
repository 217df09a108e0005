/**
 * The report as JSON, for tools: the Report of model.ts as it is, two-space indented. Its shape is
 * published as generators/diff/report.schema.json (generated from report-schema.ts).
 */
import type { Report } from '../model.ts';
export declare function formatJson(report: Report): string;
//# sourceMappingURL=json.d.ts.map