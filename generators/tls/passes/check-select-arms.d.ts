import { type TlsPackage } from '../model.ts';
export declare function checkSelectArms(pkg: TlsPackage): void;
//# sourceMappingURL=check-select-arms.d.ts.map