import { type Diagnostic } from '../common/diagnostics.ts';
import type { CddlSpec } from '../cddl/ir.ts';
import { CddlValidator } from './cddl-validate.ts';
export interface ExampleLintOptions {
    /** The folder as shown in diagnostics (default: `dir` as given), e.g. `spec/content/examples`. */
    displayDir?: string;
    /** Example name (file name without `.cbor`) → the rule it is an instance of. */
    rules?: Readonly<Record<string, string>>;
    /** Rules an example may be an instance of when `rules` does not say (default: each spec's first type rule). */
    roots?: readonly string[];
}
/** The root rules of some specs: the first type rule of each file (RFC 8610: a spec's first rule is its root). */
export declare function rootRules(specs: readonly CddlSpec[]): string[];
/**
 * The examples of a folder: those examples.json lists (with the rule an entry names, if any), then
 * every other *.cbor of the folder; and the .cbor files the index lists that are not there.
 */
export declare function exampleFiles(dir: string): {
    examples: Array<{
        name: string;
        file: string;
        rule?: string;
    }>;
    missing: string[];
    unreadable: boolean;
};
export declare function lintExamples(dir: string, specs: readonly CddlSpec[], options?: ExampleLintOptions): Diagnostic[];
/**
 * One example: its bytes against the candidate rules (valid when one accepts it). `inferred`
 * says the candidates are the root rules rather than a rule the caller named.
 */
export declare function lintExample(file: string, bytes: Uint8Array, validator: CddlValidator, candidates: readonly string[], inferred?: boolean): Diagnostic[];
//# sourceMappingURL=examples-check.d.ts.map