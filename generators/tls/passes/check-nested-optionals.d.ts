import { type TlsPackage } from '../model.ts';
export declare function checkNestedOptionals(pkg: TlsPackage): void;
//# sourceMappingURL=check-nested-optionals.d.ts.map