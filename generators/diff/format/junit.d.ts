import type { Report } from '../model.ts';
export declare function formatJunit(report: Report): string;
/** Escapes element content. */
export declare function text(s: string): string;
/** Escapes an attribute value (double-quoted); line breaks and tabs as character references so they survive normalisation. */
export declare function attr(s: string): string;
//# sourceMappingURL=junit.d.ts.map