/**
 * Emitted TypeScript modules as the JavaScript an installed CLI can import without a TypeScript
 * loader: the `src/*.ts` files of a generated package, transpiled one by one (no type check; the
 * emitters' output is type-checked by the repository's tests), relative imports rewritten to `.js`.
 * TypeScript comes with ts-morph and loads on first use.
 */
export interface JsModule {
  /** Relative to the package folder: `src/index.js`, … */
  path: string;
  content: string;
}

export async function transpileGenerated(files: ReadonlyArray<{ path: string; content: string }>): Promise<JsModule[]> {
  const { ts } = await import('ts-morph');
  return files
    .filter((f) => f.path.startsWith('src/') && f.path.endsWith('.ts'))
    .map((f) => ({
      path: f.path.replace(/\.ts$/, '.js'),
      content: ts.transpileModule(f.content, {
        fileName: f.path,
        compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: true, rewriteRelativeImportExtensions: true },
      }).outputText,
    }));
}
