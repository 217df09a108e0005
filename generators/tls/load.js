/**
 * Loads the built-in TLS specs: spec/tls/packages.json names the packages, each a list of .tls
 * files; every file is parsed and every package compiled against the packages it imports.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sortDiagnostics } from "../common/diagnostics.js";
import { compilePackage } from "./compile.js";
import { parseTls } from "./parse/parser.js";
export function readManifest(root) {
    return JSON.parse(readFileSync(join(root, 'spec/tls/packages.json'), 'utf8'));
}
/** Parses one .tls file; the draft and version come from the extractor's header line. */
export function loadSpecFile(path, displayPath, name) {
    const text = readFileSync(path, 'utf8');
    const m = /from (\S+?)-(\d+)\.md/.exec(text.slice(0, 400));
    const { spec, diagnostics } = parseTls(text, displayPath, name);
    return {
        spec,
        diagnostics,
        input: {
            name,
            file: displayPath,
            sha256: createHash('sha256').update(text).digest('hex'),
            draft: m?.[1] ?? name,
            version: m?.[2] ?? '',
        },
    };
}
export function loadPackages(root, extra = []) {
    const manifest = readManifest(root);
    const compiled = new Map();
    const inputs = new Map();
    const diagnostics = [];
    for (const p of manifest.packages) {
        const specs = p.specs.map((name) => {
            const loaded = loadSpecFile(join(root, 'spec/tls', `${name}.tls`), `spec/tls/${name}.tls`, name);
            for (const item of loaded.diagnostics)
                diagnostics.push(item);
            inputs.set(name, loaded.input);
            return loaded.spec;
        });
        const imports = p.imports.map((i) => {
            const dep = compiled.get(i);
            if (!dep)
                throw new Error(`spec/tls/packages.json: package ${p.name} imports ${i}, which is not listed before it`);
            return dep;
        });
        const pkg = compilePackage(p.name, specs, imports);
        for (const item of pkg.diagnostics)
            diagnostics.push(item);
        compiled.set(p.name, pkg);
    }
    for (const e of extra) {
        for (const item of e.diagnostics)
            diagnostics.push(item);
        inputs.set(e.input.name, e.input);
    }
    return { packages: [...compiled.values()], inputs, diagnostics: sortDiagnostics(diagnostics) };
}
//# sourceMappingURL=load.js.map