import type { Report } from '../model.ts';
export declare function formatMarkdown(report: Report): string;
/** Backslash-escapes what CommonMark or kramdown could read as markup. */
export declare function escapeMarkdown(s: string): string;
//# sourceMappingURL=markdown.d.ts.map