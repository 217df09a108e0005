/**
 * Splits the content of a TLS fence into top-level definitions. A definition ends with the `;`
 * that closes it at brace depth 0; comments right above it belong to it. Top-level statements
 * that are not declarations (`x = SignWithLabel(…)`, `F(a, b) = …`) are pseudo-code: skipped,
 * with a warning. Statements inside braces (`ProtocolVersion version = mls10;`) are never
 * inspected, so fixed values in structs are kept.
 *
 * Linear time: draft text is untrusted (`mimi spec lint` runs on anyone's draft), so every scan
 * moves forward, and each question asked at a line break looks at a bounded amount of text
 * instead of the whole statement so far. `SplitWork` counts the characters examined, so tests can
 * check this without timing anything.
 */
import type { Diagnostic } from '../common/diagnostics.ts';
import type { TrackedText } from './errata.ts';
export interface RawDefinition {
    /** Index of the first character, including the comments kept above it. */
    start: number;
    /** Index of the first character of the declaration itself (after the comments). */
    declStart: number;
    /** Index one past the last character (the `;`, or a comment on the same line after it). */
    end: number;
    /** The declared name (`Credential`, `ratchet_tree`), or '' when none could be found. */
    name: string;
    /** False when the definition has no closing `;` (an error was reported). */
    terminated: boolean;
}
/** Characters examined by splitDefinitions (every scan step, every string handed to a pattern). */
export interface SplitWork {
    chars: number;
}
/** Block comments become a space, then line comments are removed (in that order, as always). */
export declare function stripTlsComments(text: string): string;
export declare function splitDefinitions(t: TrackedText, draftFile: string, work?: SplitWork): {
    definitions: RawDefinition[];
    diagnostics: Diagnostic[];
};
//# sourceMappingURL=split.d.ts.map