import { type Diagnostic } from '../common/diagnostics.ts';
import type { TlsSpec } from './ir.ts';
import type { TlsPackage } from './model.ts';
import type { SpecInput } from './emit/emit-package.ts';
export interface PackageManifest {
    packages: Array<{
        name: string;
        specs: string[];
        imports: string[];
    }>;
}
export interface LoadedSpec {
    spec: TlsSpec;
    input: SpecInput;
    diagnostics: Diagnostic[];
}
export interface LoadedPackages {
    packages: TlsPackage[];
    inputs: Map<string, SpecInput>;
    /** Parse diagnostics per spec and compile diagnostics per package, sorted. */
    diagnostics: Diagnostic[];
}
export declare function readManifest(root: string): PackageManifest;
/** Parses one .tls file; the draft and version come from the extractor's header line. */
export declare function loadSpecFile(path: string, displayPath: string, name: string): LoadedSpec;
export declare function loadPackages(root: string, extra?: LoadedSpec[]): LoadedPackages;
//# sourceMappingURL=load.d.ts.map