var __rewriteRelativeImportExtension = (this && this.__rewriteRelativeImportExtension) || function (path, preserveJsx) {
    if (typeof path === "string" && /^\.\.?\//.test(path)) {
        return path.replace(/\.(tsx)$|((?:\.d)?)((?:\.[^./]+?)?)\.([cm]?)ts$/i, function (m, tsx, d, ext, cm) {
            return tsx ? preserveJsx ? ".jsx" : ".js" : d && (!ext || !cm) ? m : (d + ext + "." + cm.toLowerCase() + "js");
        });
    }
    return path;
};
/**
 * Runs the extractor over the drafts listed in spec/drafts/drafts.json and writes spec/tls/<draft>.tls
 * (TLS-PL drafts) or the .cddl files and examples of CDDL drafts (see content.ts).
 *
 * drafts.json maps a draft file in spec/drafts/ to either
 *  - a string: the name of its output (the draft name without its -NN version), outputs `["tls"]`;
 *  - `null`: the same, the name derived from the file name;
 *  - an object `{ name?, outputs, outDir?, shipped? }`: `outputs` lists what the draft produces,
 *    any of `"tls"` (spec/tls/<name>.tls), `"cddl"` (one <outDir>/<file>.cddl per included .cddl
 *    file) and `"examples"` (the included examples folder copied to <outDir>/examples/);
 *    `outDir` defaults to `spec/<name>`; `shipped` lists .cddl files of the draft's -files/ folder
 *    its text no longer includes: `{ file, includedBy?, note? }`, `includedBy` an earlier draft in
 *    spec/drafts that did include it (cited in the provenance comment).
 * A top-level `"comment"` is documentation only. Errata come from
 * spec/errata/<file name without .md>.json when that file exists.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateErrata } from "./errata.js";
import { extractTls } from "./extract.js";
import { extractCddlDraft } from "./content.js";
export const MANIFEST = 'spec/drafts/drafts.json';
const OUTPUTS = ['tls', 'cddl', 'examples'];
/** `draft-ietf-mls-protocol-20.md` → name `draft-ietf-mls-protocol`, version `20`. */
export function parseDraftFileName(file) {
    const m = /^(.+)-(\d{2})\.md$/.exec(file);
    return m ? { name: m[1] ?? '', version: m[2] ?? '' } : null;
}
export function readManifest(repoRoot) {
    const path = join(repoRoot, MANIFEST);
    const diagnostics = [];
    const entries = [];
    let json;
    try {
        json = JSON.parse(readFileSync(path, 'utf8'));
    }
    catch (err) {
        diagnostics.push({ file: MANIFEST, line: 1, col: 1, severity: 'error', code: 'invalid-manifest', message: `cannot read the draft manifest: ${err instanceof Error ? err.message : String(err)}` });
        return { entries, diagnostics };
    }
    const drafts = json.drafts;
    if (typeof drafts !== 'object' || drafts === null || Array.isArray(drafts)) {
        diagnostics.push({ file: MANIFEST, line: 1, col: 1, severity: 'error', code: 'invalid-manifest', message: '"drafts" must be an object mapping draft file → output name (or null)' });
        return { entries, diagnostics };
    }
    const bad = (message) => {
        diagnostics.push({ file: MANIFEST, line: 1, col: 1, severity: 'error', code: 'invalid-manifest', message });
    };
    for (const [file, out] of Object.entries(drafts)) {
        const parsed = parseDraftFileName(file);
        if (!parsed) {
            bad(`${file}: expected a file name like draft-name-NN.md`);
            continue;
        }
        if (typeof out === 'object' && out !== null && !Array.isArray(out)) {
            const o = out;
            const name = typeof o['name'] === 'string' && o['name'] ? o['name'] : parsed.name;
            const outputs = o['outputs'] ?? ['tls'];
            if (!Array.isArray(outputs) || !outputs.length || !outputs.every((x) => OUTPUTS.includes(x))) {
                bad(`${file}: "outputs" must be a non-empty array of ${OUTPUTS.map((x) => `"${x}"`).join(', ')}`);
                continue;
            }
            const outDir = o['outDir'] ?? `spec/${name}`;
            if (typeof outDir !== 'string' || !/^spec\/[\w.-]+(?:\/[\w.-]+)*$/.test(outDir)) {
                bad(`${file}: "outDir" must be a folder under spec/`);
                continue;
            }
            const shipped = [];
            const rawShipped = o['shipped'] ?? [];
            if (!Array.isArray(rawShipped)) {
                bad(`${file}: "shipped" must be an array`);
                continue;
            }
            for (const sh of rawShipped) {
                const r = (typeof sh === 'object' && sh !== null ? sh : {});
                const f = r['file'];
                const by = r['includedBy'];
                const note = r['note'];
                if (typeof f !== 'string' || !f || (by !== undefined && typeof by !== 'string') || (note !== undefined && typeof note !== 'string')) {
                    bad(`${file}: each "shipped" entry needs a "file" string (and optional "includedBy", "note" strings)`);
                    continue;
                }
                shipped.push({ file: f, ...(typeof by === 'string' ? { includedBy: by } : {}), ...(typeof note === 'string' ? { note } : {}) });
            }
            entries.push({ file, name, version: parsed.version, outputs: [...new Set(outputs)], outDir, shipped });
            continue;
        }
        const name = typeof out === 'string' && out ? out : parsed.name;
        entries.push({ file, name, version: parsed.version, outputs: ['tls'], outDir: `spec/${name}`, shipped: [] });
    }
    return { entries, diagnostics };
}
/** Loads generators/tls/parse/parser.ts when it exists (it is optional for the extractor). */
export async function loadParseTls() {
    const url = new URL('../tls/parse/parser.ts', import.meta.url);
    if (!existsSync(url))
        return undefined;
    try {
        const mod = (await import(__rewriteRelativeImportExtension(url.href)));
        return typeof mod.parseTls === 'function' ? mod.parseTls : undefined;
    }
    catch {
        return undefined;
    }
}
export function loadErrata(repoRoot, entry) {
    const rel = `spec/errata/${entry.file.replace(/\.md$/, '')}.json`;
    const abs = join(repoRoot, rel);
    if (!existsSync(abs))
        return { path: null, errata: [], diagnostics: [] };
    let json;
    try {
        json = JSON.parse(readFileSync(abs, 'utf8'));
    }
    catch (err) {
        return {
            path: rel,
            errata: [],
            diagnostics: [{ file: rel, line: 1, col: 1, severity: 'error', code: 'invalid-erratum', message: `not valid JSON: ${err instanceof Error ? err.message : String(err)}` }],
        };
    }
    const { errata, diagnostics } = validateErrata(json, rel);
    for (const e of errata) {
        if (e.draft !== entry.name || e.version !== entry.version) {
            diagnostics.push({ file: rel, line: 1, col: 1, severity: 'error', code: 'invalid-erratum', message: `erratum ${e.id} is for ${e.draft}-${e.version}, but this file belongs to ${entry.name}-${entry.version}` });
        }
    }
    return { path: rel, errata: errata.filter((e) => e.draft === entry.name && e.version === entry.version), diagnostics };
}
export async function extractAll(repoRoot, options = {}) {
    const { entries, diagnostics } = readManifest(repoRoot);
    const parseTls = options.parseTls === null ? undefined : (options.parseTls ?? (await loadParseTls()));
    const only = options.only ?? [];
    const selected = only.length ? entries.filter((e) => only.includes(e.file) || only.includes(e.name) || only.includes(`spec/drafts/${e.file}`)) : entries;
    for (const o of only) {
        if (!entries.some((e) => o === e.file || o === e.name || o === `spec/drafts/${e.file}`)) {
            diagnostics.push({ file: MANIFEST, line: 1, col: 1, severity: 'error', code: 'unknown-draft', message: `${o} is not listed in ${MANIFEST}` });
        }
    }
    const drafts = [];
    const content = [];
    for (const entry of selected) {
        if (entry.outputs.includes('cddl') || entry.outputs.includes('examples')) {
            const r = extractCddlDraft(repoRoot, entry, { write: options.write !== false });
            for (const item of r.diagnostics)
                diagnostics.push(item);
            if (r.outcome)
                content.push(r.outcome);
        }
        if (!entry.outputs.includes('tls'))
            continue;
        const draftPath = `spec/drafts/${entry.file}`;
        const tlsPath = `spec/tls/${entry.name}.tls`;
        let markdown;
        try {
            markdown = readFileSync(join(repoRoot, draftPath), 'utf8');
        }
        catch (err) {
            diagnostics.push({ file: draftPath, line: 1, col: 1, severity: 'error', code: 'missing-draft', message: `cannot read the draft: ${err instanceof Error ? err.message : String(err)}` });
            continue;
        }
        const errata = loadErrata(repoRoot, entry);
        for (const item of errata.diagnostics)
            diagnostics.push(item);
        const result = extractTls(markdown, draftPath, errata.errata.filter((e) => !e.file), { ...(errata.path ? { errataFile: errata.path } : {}), ...(parseTls ? { parseTls } : {}) });
        for (const item of result.diagnostics)
            diagnostics.push(item);
        const abs = join(repoRoot, tlsPath);
        const current = existsSync(abs) ? readFileSync(abs, 'utf8') : null;
        const changed = current !== result.tls;
        if (changed && options.write !== false) {
            mkdirSync(join(repoRoot, 'spec/tls'), { recursive: true });
            writeFileSync(abs, result.tls);
        }
        drafts.push({ ...entry, draftPath, errataPath: errata.path, tlsPath, tls: result.tls, applied: result.applied, changed });
    }
    return { drafts, content, diagnostics };
}
//# sourceMappingURL=driver.js.map