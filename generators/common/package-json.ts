/**
 * The package.json of a generated package. One writer for the TLS-PL and the CDDL emitters, so
 * every generated package has the same shape as the hand-written ones: each subpath export resolves
 * to the TypeScript source under the `mimikit-source` condition (the repository's own tests and
 * tools) and to the compiled dist/ files otherwise (`types` for TypeScript, `import` for Node).
 */

export interface GeneratedPackageJson {
  name: string;
  description: string;
  /** Subpath → source module, e.g. `./client` → `client` for src/client.ts. `.` is always `index`. */
  modules: Readonly<Record<string, string>>;
  dependencies: Readonly<Record<string, string>>;
  /** SPDX expression; default `MIT AND BSD-3-Clause` (code quoting IETF drafts). */
  license?: string;
}

/** The version every mimikit package carries; internal dependencies name it exactly. */
export const MIMIKIT_VERSION = '0.1.0';

/**
 * MIT for the generated code; BSD-3-Clause for the draft definitions quoted in its doc comments
 * (Code Components of IETF documents are under the Revised BSD License, BCP 78 / TLP section 4).
 * The generated README carries the IETF copyright notice.
 */
const GENERATED_LICENSE = 'MIT AND BSD-3-Clause';

/** What a package's tarball holds: the build, the sources its source maps point at, the README. */
const PACKAGE_FILES: readonly string[] = ['dist', 'src', '!dist/.tsbuildinfo', 'README.md'];

/** The Node versions every mimikit package supports (the root's `engines`). */
const NODE_ENGINES = '>=20';

/** One subpath export in the agreed shape: source for the dev loop, dist for everyone else. */
function conditionalExport(module: string): Record<string, string> {
  return { 'mimikit-source': `./src/${module}.ts`, types: `./dist/${module}.d.ts`, import: `./dist/${module}.js` };
}

export function generatedPackageJson(p: GeneratedPackageJson): string {
  const exports = Object.fromEntries(Object.entries({ '.': 'index', ...p.modules }).map(([subpath, module]) => [subpath, conditionalExport(module)]));
  return `${JSON.stringify(
    {
      name: p.name,
      version: MIMIKIT_VERSION,
      description: p.description,
      license: p.license ?? GENERATED_LICENSE,
      type: 'module',
      engines: { node: NODE_ENGINES },
      files: PACKAGE_FILES,
      exports,
      scripts: { build: 'tsc -b tsconfig.build.json', prepack: 'npm run build' },
      dependencies: p.dependencies,
    },
    null,
    2,
  )}\n`;
}

/**
 * The tsconfig.build.json of a generated package: compiles src/ to dist/ and references the
 * @mimikit packages it depends on (hand-written runtimes under packages/, other generated packages
 * beside it), so `tsc -b` builds them first.
 */
export function generatedBuildConfig(dependencies: Readonly<Record<string, string>>, isGenerated: (name: string) => boolean): string {
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
