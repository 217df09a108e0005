import type { LoweredRule } from '../passes/lower.ts';
import type { Shape } from '../shape.ts';
export { tsName } from './names.ts';
export interface EmittedContentFile {
    body: string;
    /** Rules defined in this file: rule name → TS identifier. */
    codecs: Array<{
        name: string;
        ident: string;
    }>;
    usesRuntime: Set<string>;
}
export declare class ContentEmitter {
    /** Rules emitted by an earlier file of the package (identical definitions are shared). */
    private readonly importedFrom;
    readonly imports: Map<string, string>;
    private readonly helpers;
    private readonly out;
    private readonly byName;
    readonly codecs: Array<{
        name: string;
        ident: string;
    }>;
    constructor(rules: readonly LoweredRule[], 
    /** Rules emitted by an earlier file of the package (identical definitions are shared). */
    importedFrom: Map<string, string>, imports: Map<string, string>);
    private ident;
    emit(rules: readonly LoweredRule[]): string;
    private doc;
    private emitRule;
    typeOf(s: Shape): string;
    private recordType;
    /**
     * TypeBox schema expression for a shape. Refs point into the file's `defs`, except inside maps,
     * tags and refinements (`inline`), whose checks run outside Type.Cyclic: there a reference is
     * replaced by the referenced rule's schema (a recursive one cannot be, and is left unchecked).
     */
    schemaOf(s: Shape, inline?: boolean, seen?: ReadonlySet<string>): string;
    private emitRecord;
    private readTagValue;
    private writeLiteral;
    private readExpr;
    private writeStmt;
    /** Emits (once) the read and write helpers of a shape; returns the requested function's name. */
    private helper;
    private helperCode;
    /** The CBOR initial-byte classes a shape can start with, and a JS test for its values. */
    private classOf;
    private choiceCode;
}
//# sourceMappingURL=emit-content.d.ts.map