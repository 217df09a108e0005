/**
 * The OpenAPI generator: spec/openapi/<pkg>.yaml → generated/<pkg>/src/{operations,client,server,
 * schemas}.ts, next to the TLS codecs of the same package (whose types the bodies use).
 */
import { existsSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { hasErrors } from "../common/diagnostics.js";
import { MIMIKIT_VERSION } from "../common/package-json.js";
import { tsIdent } from "../tls/emit/names.js";
import { renderApi } from "./emit.js";
import { loadOpenApi } from "./load.js";
import { buildModel } from "./model.js";
export { OPENAPI_GENERATOR_ID } from "./emit.js";
export const OPENAPI_DIR = 'spec/openapi';
/** The descriptions in spec/openapi, as package names (`mimi-protocol.yaml` → `mimi-protocol`). */
export function listOpenApiSpecs(root) {
    const dir = join(root, OPENAPI_DIR);
    if (!existsSync(dir))
        return [];
    return readdirSync(dir)
        .filter((f) => /\.ya?ml$/.test(f))
        .sort()
        .map((f) => basename(f).replace(/\.ya?ml$/, ''));
}
export function openApiFile(root, name) {
    const yaml = join(OPENAPI_DIR, `${name}.yaml`);
    return existsSync(join(root, yaml)) ? yaml : join(OPENAPI_DIR, `${name}.yml`);
}
/**
 * Generates the transport files for `pkg` from the YAML at `path` (`file` is how headers and
 * diagnostics name it). `selfModule` is how the files import the package's own codecs.
 */
export async function generateOpenApi(path, file, pkg, selfModule = './index.ts') {
    const loaded = await loadOpenApi(path, file);
    if (!loaded.document)
        return { model: null, files: [], diagnostics: loaded.diagnostics };
    const { model, diagnostics } = buildModel(loaded.document, loaded.text, file, tlsResolver(pkg, selfModule));
    if (hasErrors(diagnostics))
        return { model, files: [], diagnostics };
    const source = loaded.document.info['x-mimi-source'];
    const version = source?.draft && source.version ? `${source.draft}-${source.version}` : loaded.document.info.version;
    const rendered = renderApi(model, { file, sha256: loaded.sha256, version });
    return { model, files: rendered.files, diagnostics: [...diagnostics, ...rendered.diagnostics] };
}
/** Resolves x-mimi-tls-type names against the symbols a TLS package sees (its own and its imports'). */
export function tlsResolver(pkg, selfModule) {
    return (name) => {
        const sym = pkg.symbols.get(name);
        if (!sym || !['struct', 'enum', 'alias'].includes(sym.decl.kind))
            return null;
        const owner = findPackage(pkg, sym.pkg);
        const ident = tsIdent(sym.decl);
        return {
            name,
            tsType: ident,
            codecIdent: `${ident}Codec`,
            module: sym.pkg === pkg.name ? selfModule : `@mimikit/${sym.pkg}`,
            contextNames: sym.decl.kind === 'struct' ? (owner?.contextNeeds.get(name) ?? []) : [],
        };
    };
}
function findPackage(pkg, name) {
    if (pkg.name === name)
        return pkg;
    for (const imp of pkg.imports) {
        const found = findPackage(imp, name);
        if (found)
            return found;
    }
    return null;
}
/**
 * Ranges of the runtime dependencies generated clients and servers import; they match the root
 * package.json (test/transport/generator.test.ts checks that they do).
 */
export const TRANSPORT_DEPENDENCIES = {
    '@mimikit/transport': MIMIKIT_VERSION,
    fastify: '^5.12.8',
    typebox: '^1.4.3',
    undici: '^7.30.2',
};
/** The package.json additions of a package with a generated client and server. */
export function packageExtras() {
    return {
        modules: { './operations': 'operations', './client': 'client', './server': 'server', './schemas': 'schemas' },
        dependencies: { ...TRANSPORT_DEPENDENCIES },
    };
}
//# sourceMappingURL=index.js.map