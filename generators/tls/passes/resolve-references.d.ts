import { type TlsPackage } from '../model.ts';
export declare function resolveReferences(pkg: TlsPackage): void;
//# sourceMappingURL=resolve-references.d.ts.map