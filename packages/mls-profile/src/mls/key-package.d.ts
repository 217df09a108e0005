import { type PrivateKeyPackage } from './backend.ts';
import { type CipherSuite } from './cipher-suite.ts';
import type { CapabilityExtras, KeyPackageBundle, MlsExtension } from './types.ts';
export interface GenerateKeyPackageParams {
    cipherSuite: CipherSuite;
    /** The basic credential's identity (the MIMI identity module decides what goes in it). */
    identity: Uint8Array;
    capabilities?: CapabilityExtras;
    /** Extensions of the leaf node (e.g. MIMI content media types); their types are added to capabilities. */
    leafNodeExtensions?: readonly MlsExtension[];
    /** Extensions of the KeyPackage itself. */
    extensions?: readonly MlsExtension[];
}
export declare function generateKeyPackage(p: GenerateKeyPackageParams): Promise<KeyPackageBundle>;
/** @internal */
export declare function openKeyPackageBundle(b: KeyPackageBundle): {
    publicPackage: import("ts-mls/keyPackage.js").KeyPackage;
    privatePackage: PrivateKeyPackage;
};
//# sourceMappingURL=key-package.d.ts.map