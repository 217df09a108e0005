/**
 * Emits the TypeScript of one spec file: for every declaration a type, `readX`/`sizeX`/`writeX`
 * functions and an `XCodec`. Generated code is straight-line on purpose: one function per type,
 * member reads and writes in wire order, a `switch` per select, no closures per field. Composite
 * field types (vectors of structs, optionals) get small helper functions named after their shape.
 *
 * Error paths: every reader/sizer/writer keeps the current member name in a local `f` and, in its
 * one catch block, prepends it to the error's type path, so the successful path does no path
 * bookkeeping at all.
 */
import type { Declaration } from '../ir.ts';
import type { TlsPackage } from '../model.ts';
export interface EmittedFile {
    /** Names used from elsewhere: identifier → module specifier. */
    imports: Map<string, {
        from: string;
        typeOnly: boolean;
    }>;
    body: string;
    /** Codec constants defined in this file: declaration name → const identifier. */
    codecs: Array<{
        name: string;
        ident: string;
    }>;
}
export declare class FileEmitter {
    private readonly pkg;
    private readonly specName;
    /** Module specifier for a declaration defined elsewhere: sibling file or imported package. */
    private readonly moduleOf;
    private readonly helpers;
    private readonly out;
    readonly imports: Map<string, {
        from: string;
        typeOnly: boolean;
    }>;
    readonly codecs: Array<{
        name: string;
        ident: string;
    }>;
    constructor(pkg: TlsPackage, specName: string, 
    /** Module specifier for a declaration defined elsewhere: sibling file or imported package. */
    moduleOf: (declName: string) => string | null);
    emit(decls: readonly Declaration[]): EmittedFile;
    /** Identifier of a named type, importing it (and its functions) when it lives elsewhere. */
    private ref;
    private typeText;
    private doc;
    /** The declaration's TypeScript name (checked-names pass: refused names never get here). */
    private ident;
    private emitEnum;
    private emitAlias;
    private aliasContext;
    private contextNeedsOf;
    private emitStruct;
    /** The context argument passed to a field's codec: the caller's ctx, or values from this struct. */
    private ctxArg;
    private discriminator;
    /** `case "a":` lines of an arm, or `default:`. */
    private armLabels;
    private readMembers;
    private sizeMembers;
    private writeMembers;
    /** The path segment an error in a select's discriminator is reported under. */
    private selectSegment;
    private encodeSwitch;
    private readExpr;
    private sizeExpr;
    private writeStmt;
    /** Named codecs take a context argument only when they can use one. */
    private namedCtx;
    /** Emits (once) the read/size/write helpers of a composite type and returns their suffix. */
    private helper;
    private vectorHelper;
}
//# sourceMappingURL=emit-file.d.ts.map