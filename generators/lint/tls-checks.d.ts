import { type Diagnostic } from '../common/diagnostics.ts';
import type { Declaration } from '../tls/ir.ts';
import { type TlsPackage } from '../tls/model.ts';
export interface TlsLintOptions {
    /**
     * Names used from outside the TLS specs (OpenAPI bodies, `x-mimi-tls-type`; types the drafts use
     * only in prose, such as signature inputs): never reported as unused.
     */
    roots?: ReadonlySet<string>;
}
export declare function lintTlsPackages(pkgs: readonly TlsPackage[], options?: TlsLintOptions): Diagnostic[];
/** Names a declaration refers to: field and alias types, discriminator paths and their enums. */
export declare function referencedNames(decl: Declaration): Set<string>;
//# sourceMappingURL=tls-checks.d.ts.map