/**
 * One custom .cddl file compiled for `mimi content … --spec file.cddl`: parsed, lowered and emitted
 * as a content package of its own (its rules, the codecs and the shape descriptors the JSON mapping
 * and `inspect` of @mimikit/cbor use), then transpiled to JavaScript for an installed CLI. The file
 * stands alone: its rules may use the CDDL prelude, not the built-in content rules. Diagnostics
 * with an error throw a SpecError.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { hasErrors, SpecError } from '../common/diagnostics.ts';
import { transpileGenerated, type JsModule } from '../common/transpile.ts';
import { loadCddlText } from './load.ts';

/** The package name a custom CDDL file compiles to. */
export const CUSTOM_CONTENT_PACKAGE = 'custom-content';

export async function compileCustomCddlToJs(file: string, displayPath: string): Promise<{ files: JsModule[] }> {
  const loaded = loadCddlText(readFileSync(file, 'utf8'), displayPath, basename(file).replace(/\.cddl$/, ''));
  if (hasErrors(loaded.diagnostics)) throw new SpecError(loaded.diagnostics);
  // The emitter (and ts-morph with it) loads on first use; it checks the generated names.
  const { emitContentPackage } = await import('./emit/emit-package.ts');
  const emitted = emitContentPackage(CUSTOM_CONTENT_PACKAGE, [loaded.lowered], [loaded.input]);
  if (hasErrors(emitted.diagnostics)) throw new SpecError(emitted.diagnostics);
  return { files: await transpileGenerated(emitted.files) };
}
