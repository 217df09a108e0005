/**
 * @mimikit/generators: the generators' public entry point. Everything outside generators/ (the CLI
 * above all) imports from here, never from a module path inside the generators.
 */
export { compileTlsSpecFile, CUSTOM_PACKAGE, TLS_GENERATOR_ID, type CompiledTlsSpec } from './compile-custom-tls.ts';
export { formatDiagnostic, hasErrors, SpecError, type Diagnostic } from './common/diagnostics.ts';
export { compilePackage } from './tls/compile.ts';
export { loadPackages, loadSpecFile, type LoadedPackages } from './tls/load.ts';
export type { TlsPackage } from './tls/model.ts';
