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
}
/** The version every mimikit package carries; internal dependencies name it exactly. */
export declare const MIMIKIT_VERSION = "0.1.0";
/** One subpath export in the agreed shape: source for the dev loop, dist for everyone else. */
export declare function conditionalExport(module: string): Record<string, string>;
export declare function generatedPackageJson(p: GeneratedPackageJson): string;
/**
 * The tsconfig.build.json of a generated package: compiles src/ to dist/ and references the
 * @mimikit packages it depends on (hand-written runtimes under packages/, other generated packages
 * beside it), so `tsc -b` builds them first.
 */
export declare function generatedBuildConfig(dependencies: Readonly<Record<string, string>>, isGenerated: (name: string) => boolean): string;
//# sourceMappingURL=package-json.d.ts.map