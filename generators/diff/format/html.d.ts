import type { Report } from '../model.ts';
export declare function formatHtml(report: Report): string;
/** Escapes text for HTML content and attribute values. */
export declare function esc(s: string): string;
//# sourceMappingURL=html.d.ts.map