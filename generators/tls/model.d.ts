/**
 * A compilation unit for the TLS generator: one generated package built from several spec files
 * (e.g. RFC 9420 + mls-extensions + ratchet-tree-options → generated/mls) that may use types of
 * packages it imports (mimi-protocol imports mls). The passes in passes/ fill the symbol table and
 * the per-struct facts the emitter needs; none of them re-reads draft text.
 */
import type { Diagnostic } from '../common/diagnostics.ts';
import type { Declaration, StructDecl, TlsSpec } from './ir.ts';
export interface Symbol {
    decl: Declaration;
    /** Spec (draft) the declaration comes from. */
    spec: string;
    /** Generated package that exports it. */
    pkg: string;
}
export interface TlsPackage {
    /** Package name, e.g. `mls`; generated into generated/<name>, imported as @mimikit/<name>. */
    name: string;
    specs: TlsSpec[];
    imports: TlsPackage[];
    /** Every declaration visible in this package: its own and those of imported packages. */
    symbols: Map<string, Symbol>;
    /**
     * Per struct: the context values its encode/decode need from the caller, i.e. select
     * discriminators outside the struct that neither it nor its fields can supply.
     */
    contextNeeds: Map<string, string[]>;
    diagnostics: Diagnostic[];
}
export declare function ownDeclarations(pkg: TlsPackage): Declaration[];
export declare function isStruct(d: Declaration | undefined): d is StructDecl;
//# sourceMappingURL=model.d.ts.map