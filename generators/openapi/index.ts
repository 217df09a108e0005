/**
 * The OpenAPI generator: spec/openapi/<pkg>.yaml → generated/<pkg>/src/{operations,client,server,
 * schemas}.ts, next to the TLS codecs of the same package (whose types the bodies use), or, for a
 * description with JSON bodies only and no TLS package of its name, as a package of its own
 * (api-package.ts).
 */
import { existsSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { hasErrors, type Diagnostic } from '../common/diagnostics.ts';
import { MIMIKIT_VERSION } from '../common/package-json.ts';
import { OPENAPI_DIR } from './paths.ts';
import { tsIdent } from '../tls/emit/names.ts';
import type { TlsPackage } from '../tls/model.ts';
import { renderApi, type RenderedFile } from './emit.ts';
import { loadOpenApi } from './load.ts';
import { buildModel, type ApiModel, type TlsResolver } from './model.ts';

export { OPENAPI_GENERATOR_ID } from './emit.ts';

/** What a package with generated client and server adds to its package.json. */
export interface PackageExtras {
  modules: Record<string, string>;
  dependencies: Record<string, string>;
}

export interface OpenApiResult {
  model: ApiModel | null;
  /** sha256 of the YAML text. */
  sha256: string;
  files: RenderedFile[];
  diagnostics: Diagnostic[];
}

/** The descriptions in spec/openapi, as package names (`mimi-protocol.yaml` → `mimi-protocol`). */
export function listOpenApiSpecs(root: string): string[] {
  const dir = join(root, OPENAPI_DIR);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => basename(f).replace(/\.ya?ml$/, ''));
}

export function openApiFile(root: string, name: string): string {
  const yaml = join(OPENAPI_DIR, `${name}.yaml`);
  return existsSync(join(root, yaml)) ? yaml : join(OPENAPI_DIR, `${name}.yml`);
}

/**
 * Generates the transport files for `pkg` from the YAML at `path` (`file` is how headers and
 * diagnostics name it). `selfModule` is how the files import the package's own codecs. Without a
 * TLS package (null), every x-mimi-tls-type is an error: the bodies must be JSON or binary.
 */
export async function generateOpenApi(path: string, file: string, pkg: TlsPackage | null, selfModule = './index.ts'): Promise<OpenApiResult> {
  const loaded = await loadOpenApi(path, file);
  const sha256 = loaded.sha256;
  if (!loaded.document) return { model: null, sha256, files: [], diagnostics: loaded.diagnostics };
  const { model, diagnostics } = buildModel(loaded.document, loaded.text, file, pkg ? tlsResolver(pkg, selfModule) : () => null);
  if (hasErrors(diagnostics)) return { model, sha256, files: [], diagnostics };
  const source = loaded.document.info['x-mimi-source'];
  const version = source?.draft && source.version ? `${source.draft}-${source.version}` : loaded.document.info.version;
  const rendered = renderApi(model, { file, sha256: loaded.sha256, version });
  return { model, sha256, files: rendered.files, diagnostics: [...diagnostics, ...rendered.diagnostics] };
}

/** Resolves x-mimi-tls-type names against the symbols a TLS package sees (its own and its imports'). */
export function tlsResolver(pkg: TlsPackage, selfModule: string): TlsResolver {
  return (name) => {
    const sym = pkg.symbols.get(name);
    if (!sym || !['struct', 'enum', 'alias'].includes(sym.decl.kind)) return null;
    const owner = findPackage(pkg, sym.pkg);
    const ident = tsIdent(sym.decl as Parameters<typeof tsIdent>[0]);
    return {
      name,
      tsType: ident,
      codecIdent: `${ident}Codec`,
      module: sym.pkg === pkg.name ? selfModule : `@mimikit/${sym.pkg}`,
      contextNames: sym.decl.kind === 'struct' ? (owner?.contextNeeds.get(name) ?? []) : [],
    };
  };
}

function findPackage(pkg: TlsPackage, name: string): TlsPackage | null {
  if (pkg.name === name) return pkg;
  for (const imp of pkg.imports) {
    const found = findPackage(imp, name);
    if (found) return found;
  }
  return null;
}

/**
 * Ranges of the runtime dependencies generated clients and servers import; they match the root
 * package.json (test/transport/generator.test.ts checks that they do).
 */
export const TRANSPORT_DEPENDENCIES: Readonly<Record<string, string>> = {
  '@mimikit/transport': MIMIKIT_VERSION,
  fastify: '^5.12.8',
  typebox: '^1.4.3',
  undici: '^7.30.2',
};

/** The package.json additions of a package with a generated client and server. */
export function packageExtras(): PackageExtras {
  return {
    modules: { './operations': 'operations', './client': 'client', './server': 'server', './schemas': 'schemas' },
    dependencies: { ...TRANSPORT_DEPENDENCIES },
  };
}
