import type { Diagnostic } from '../common/diagnostics.ts';
/** `// text` or `; text`, with any line break in `text` written as its escape. */
export declare function commentLine(marker: '//' | ';', text: string): string;
/** A warning when the draft's file name, which every provenance line repeats, holds a line break. */
export declare function fileNameDiagnostics(draftFile: string): Diagnostic[];
//# sourceMappingURL=comment-line.d.ts.map