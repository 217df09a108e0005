import { type TlsPackage } from '../model.ts';
export declare function checkAliasCycles(pkg: TlsPackage): void;
//# sourceMappingURL=check-alias-cycles.d.ts.map