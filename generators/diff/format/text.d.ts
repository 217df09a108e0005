import type { Report } from '../model.ts';
export interface TextOptions {
    color?: boolean;
}
export declare function formatText(report: Report, options?: TextOptions): string;
//# sourceMappingURL=text.d.ts.map