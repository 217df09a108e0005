import type { TlsPackage } from '../model.ts';
export declare const GENERATOR_ID = "mimikit generators/tls 0.1";
export interface SpecInput {
    /** Spec name (the .tls file's base name, e.g. draft-ietf-mls-protocol). */
    name: string;
    /** Repo-relative path of the .tls file. */
    file: string;
    sha256: string;
    /** Draft and version the spec was extracted from, e.g. draft-ietf-mls-protocol / 20. */
    draft: string;
    version: string;
}
export interface GeneratedFile {
    /** Path relative to the package folder. */
    path: string;
    content: string;
}
/** Additions to the generated package.json, e.g. the entry points of a generated client and server. */
export interface PackageJsonExtras {
    /** Subpath exports besides `.`, each naming its module under src/: `./client` → `client`. */
    modules?: Record<string, string>;
    dependencies?: Record<string, string>;
}
export declare function emitPackage(pkg: TlsPackage, inputs: readonly SpecInput[], extras?: PackageJsonExtras): GeneratedFile[];
//# sourceMappingURL=emit-package.d.ts.map