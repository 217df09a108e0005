/**
 * The hand-written packages (packages/) type-checked against the generated code as it is now on
 * disk, with the checkout's own tsconfig.json (its paths, conditions and strictness): what
 * `tsc --noEmit` would say about them, each error at file:line:col. The compiler is the checkout's
 * own `typescript` (the one its `npm run typecheck` runs; ts-morph's copy has no lib files on
 * disk), loaded on first use; null when the checkout has none installed.
 */
import { createRequire } from 'node:module';
import { join, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ts as TypeScriptApi } from 'ts-morph';
import type { Diagnostic } from '../common/diagnostics.ts';

export async function typecheckHandWritten(root: string): Promise<Diagnostic[] | null> {
  let entry: string;
  try {
    entry = createRequire(join(root, 'package.json')).resolve('typescript');
  } catch {
    return null;
  }
  const ts = ((await import(pathToFileURL(entry).href)) as { default: typeof TypeScriptApi }).default;
  const configPath = join(root, 'tsconfig.json');
  const read = ts.readConfigFile(configPath, ts.sys.readFile);
  const at = (file: string, line: number, col: number, message: string, code: string): Diagnostic => ({
    file: relative(root, file).split(sep).join('/'),
    line,
    col,
    severity: 'error',
    code,
    message,
  });
  if (read.error) return [at(configPath, 1, 1, ts.flattenDiagnosticMessageText(read.error.messageText, '\n'), `TS${read.error.code}`)];
  const config = ts.parseJsonConfigFileContent(read.config, ts.sys, root, undefined, configPath);
  // The hand-written packages only (what they import comes along): tests and benches are not what an editor ships.
  const rootNames = config.fileNames.filter((f) => relative(root, f).split(sep)[0] === 'packages');
  const program = ts.createProgram({ rootNames, options: { ...config.options, noEmit: true } });
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const message = ts.flattenDiagnosticMessageText(d.messageText, '\n');
    if (!d.file || d.start === undefined) return at(configPath, 1, 1, message, `TS${d.code}`);
    const pos = d.file.getLineAndCharacterOfPosition(d.start);
    return at(d.file.fileName, pos.line + 1, pos.character + 1, message, `TS${d.code}`);
  });
}
