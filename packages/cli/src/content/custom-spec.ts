/**
 * A custom .cddl file compiled for `mimi content … --spec file.cddl`: the generator (loaded only
 * here) emits a content package of its own, installed in the cache folder (compiled-package.ts):
 * its codecs, and the shapes the JSON mapping and `inspect` use.
 */
import type { ContentCodec } from '@mimikit/cbor';
import type { ShapeTable } from '@mimikit/cbor/shapes';
import { installCompiledPackage } from '../compiled-package.ts';

export interface ContentSpec {
  codecs: Record<string, ContentCodec<unknown>>;
  shapes: ShapeTable;
}

export async function compileCustomContent(file: string, displayPath: string): Promise<ContentSpec> {
  const { compileCustomCddlToJs } = await import('@mimikit/generators');
  const load = installCompiledPackage('cddl', (await compileCustomCddlToJs(file, displayPath)).files);
  const index = (await load('src/index.js')) as { codecs: ContentSpec['codecs'] };
  const shapes = (await load('src/shapes.js')) as { shapes: ShapeTable };
  return { codecs: index.codecs, shapes: shapes.shapes };
}
