/**
 * The comments mimikit gives meaning to: the extractor's provenance line and the `@open` pragma.
 */
import type { Comment } from './lexer.ts';
/** Draft position recorded by the extractor, applied to every declaration that follows it. */
export interface DraftSource {
    draft: string;
    version?: string;
    draftLine: number;
    section?: string;
}
export declare function parseSourceComment(comment: Comment): DraftSource | undefined;
/** `// @open` or `/* @open *\/`: the enum that follows accepts values it does not list. */
export declare function isOpenPragma(comment: Comment): boolean;
//# sourceMappingURL=source-comment.d.ts.map