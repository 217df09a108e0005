/**
 * TLS presentation-language parser: .tls text → TlsSpec IR plus diagnostics.
 *
 * Accepts RFC 8446 §3 and RFC 9420 §2.1 syntax and the dialect the MIMI/MLS drafts actually use
 * (`optional T name`, `;`-separated enums, anonymous select arms, optional `;` after a select,
 * typed-variable declarations). It only builds syntax: names are not resolved and select
 * discriminators are left for the resolve pass.
 *
 * Error handling: the parser never throws and reports every error of the file in one run. A
 * construct that cannot be parsed is abandoned (internally, by throwing `ABANDON`) up to the
 * nearest place that can resynchronise — the enclosing member, select arm, enum entry or top-level
 * statement — which skips ahead and carries on. A declaration with any error is left out of the
 * IR, except when the only problem is a missing `;` whose position is unambiguous: that one is
 * reported but the declaration is kept, so later passes do not pile "undefined type" errors on top.
 */
import { type Diagnostic } from '../../common/diagnostics.ts';
import { type TlsSpec } from '../ir.ts';
/**
 * How deeply structs, selects and `optional<…>` may nest (each inline `struct {`, `select (…) {`
 * and `optional<` is one level). The drafts nest at most 3 levels; 32 is ten times that, and far
 * below what would overflow the call stack of the parser or of the passes and emitters that recurse
 * over the IR. Deeper input is a `nesting-too-deep` error at the construct that goes too deep.
 */
export declare const TLS_MAX_NESTING = 32;
export interface ParseTlsOptions {
    /** Default TLS_MAX_NESTING. */
    maxNesting?: number;
}
export declare function parseTls(text: string, file: string, specName?: string, options?: ParseTlsOptions): {
    spec: TlsSpec;
    diagnostics: Diagnostic[];
};
//# sourceMappingURL=parser.d.ts.map