import type { TlsPackage } from './model.ts';
export type Json = null | boolean | number | string | Json[] | {
    [k: string]: Json;
};
export declare function toJson(value: unknown): Json;
export declare class JsonMappingError extends Error {
    readonly path: string;
    constructor(path: string, detail: string);
}
/** Converts JSON to the TypeScript value of a named type of `pkg`. */
export declare function fromJson(pkg: TlsPackage, typeName: string, json: Json): unknown;
//# sourceMappingURL=json-mapping.d.ts.map