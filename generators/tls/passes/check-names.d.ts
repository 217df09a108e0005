import { type TlsPackage } from '../model.ts';
export declare function checkNames(pkg: TlsPackage): void;
//# sourceMappingURL=check-names.d.ts.map