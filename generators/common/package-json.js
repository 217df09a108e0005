/**
 * The package.json of a generated package. One writer for the TLS-PL and the CDDL emitters, so
 * every generated package has the same shape as the hand-written ones: each subpath export resolves
 * to the TypeScript source under the `mimikit-source` condition (the repository's own tests and
 * tools) and to the compiled dist/ files otherwise (`types` for TypeScript, `import` for Node).
 */
/** The version every mimikit package carries; internal dependencies name it exactly. */
export const MIMIKIT_VERSION = '0.1.0';
/** One subpath export in the agreed shape: source for the dev loop, dist for everyone else. */
export function conditionalExport(module) {
    return { 'mimikit-source': `./src/${module}.ts`, types: `./dist/${module}.d.ts`, import: `./dist/${module}.js` };
}
export function generatedPackageJson(p) {
    const exports = Object.fromEntries(Object.entries({ '.': 'index', ...p.modules }).map(([subpath, module]) => [subpath, conditionalExport(module)]));
    return `${JSON.stringify({
        name: p.name,
        version: MIMIKIT_VERSION,
        description: p.description,
        private: true,
        type: 'module',
        exports,
        scripts: { build: 'tsc -b tsconfig.build.json', prepack: 'npm run build' },
        dependencies: p.dependencies,
    }, null, 2)}\n`;
}
/**
 * The tsconfig.build.json of a generated package: compiles src/ to dist/ and references the
 * @mimikit packages it depends on (hand-written runtimes under packages/, other generated packages
 * beside it), so `tsc -b` builds them first.
 */
export function generatedBuildConfig(dependencies, isGenerated) {
    const references = Object.keys(dependencies)
        .filter((d) => d.startsWith('@mimikit/'))
        .map((d) => d.slice('@mimikit/'.length))
        .sort()
        .map((name) => ({ path: `${isGenerated(name) ? '..' : '../../packages'}/${name}/tsconfig.build.json` }));
    const config = {
        extends: '../../tsconfig.build.base.json',
        compilerOptions: { rootDir: 'src', outDir: 'dist', tsBuildInfoFile: 'dist/.tsbuildinfo' },
        include: ['src'],
        references,
    };
    return `${JSON.stringify(config, null, 2)}\n`;
}
//# sourceMappingURL=package-json.js.map