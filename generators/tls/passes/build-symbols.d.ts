import type { TlsPackage } from '../model.ts';
export declare function buildSymbols(pkg: TlsPackage): void;
//# sourceMappingURL=build-symbols.d.ts.map