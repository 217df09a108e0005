/**
 * The operation model: what client, server and operation table are generated from. Built from a
 * validated, dereferenced OpenAPI document; every MIMI rule the generator relies on (one success
 * status, path parameters only, TLS bodies naming a generated codec with the context it needs…) is
 * checked here and reported as a diagnostic at the YAML line of the operation.
 */
import { type Diagnostic } from '../common/diagnostics.ts';
import type { JsonSchema, OpenApiDocument } from './openapi-types.ts';
export declare const TLS_MEDIA_TYPE = "application/mimi-protocol";
export declare const PROBLEM_MEDIA_TYPE = "application/problem+json";
declare const METHODS: readonly ["get", "put", "post", "delete", "patch", "head", "options"];
declare const ROLES: readonly ["hub", "follower", "any"];
/** Names schemas.ts imports: a schema may not take them. */
export declare const SCHEMA_MODULE_NAMES: ReadonlySet<string>;
export type Role = (typeof ROLES)[number];
export type TlsContext = Record<string, string | number>;
/** A TLS-PL type a body is encoded as, resolved to the generated package that has its codec. */
export interface TlsTypeRef {
    /** TLS-PL type name, as x-mimi-tls-type writes it (the key of the package's `codecs`). */
    name: string;
    /** TypeScript type the codec encodes. */
    tsType: string;
    /** Exported codec constant. */
    codecIdent: string;
    /** Module to import both from (`./index.ts` for the package itself). */
    module: string;
    /** Context values the codec's selects need from the caller. */
    contextNames: readonly string[];
}
export type TlsResolver = (name: string) => TlsTypeRef | null;
export interface TlsBodyModel {
    kind: 'tls';
    tls: TlsTypeRef;
    context: TlsContext | null;
}
export type ResponseBodyModel = TlsBodyModel | {
    kind: 'none';
} | {
    kind: 'binary';
    contentType: string;
} | {
    kind: 'json';
    schemaName: string;
};
export interface ParamModel {
    name: string;
    description: string;
}
export interface OperationModel {
    operationId: string;
    method: Uppercase<(typeof METHODS)[number]>;
    path: string;
    pathParams: ParamModel[];
    summary: string;
    description: string;
    role: Role;
    directoryKey: string | null;
    request: TlsBodyModel | null;
    success: {
        status: number;
        description: string;
        body: ResponseBodyModel;
    };
    errorStatuses: number[];
}
export interface SchemaModel {
    name: string;
    schema: JsonSchema;
}
export interface ApiModel {
    title: string;
    /** info.version, e.g. draft-ietf-mimi-protocol-06. */
    version: string;
    operations: OperationModel[];
    /** The GET /.well-known/… operation that returns the directory document (JSON), if any. */
    directoryOperation: string | null;
    /** Component schemas that describe JSON (not TLS or binary) values, in description order. */
    schemas: SchemaModel[];
}
export declare function buildModel(doc: OpenApiDocument, text: string, file: string, resolve: TlsResolver): {
    model: ApiModel;
    diagnostics: Diagnostic[];
};
export {};
//# sourceMappingURL=model.d.ts.map