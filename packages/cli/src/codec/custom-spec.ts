/**
 * A custom .tls file compiled for `mimi codec … --spec file.tls`: the generator (loaded only here)
 * compiles it on top of the built-in packages' descriptors into JavaScript, installed in the cache
 * folder (compiled-package.ts) and imported from there.
 */
import type { PackageDescriptor } from '@mimikit/tls/descriptors';
import { installCompiledPackage } from '../compiled-package.ts';
import { allBuiltinDescriptors, type CodecRegistry } from './builtin-specs.ts';

export interface CustomSpec {
  descriptors: PackageDescriptor;
  codecs: CodecRegistry;
}

export async function compileCustomSpec(file: string, displayPath: string): Promise<CustomSpec> {
  const { compileCustomTlsToJs } = await import('@mimikit/generators');
  const compiled = await compileCustomTlsToJs(file, displayPath, await allBuiltinDescriptors());
  const load = installCompiledPackage('tls', compiled.files);
  const index = (await load('src/index.js')) as { codecs: CodecRegistry };
  const desc = (await load('src/descriptors.js')) as { descriptors: PackageDescriptor };
  return { codecs: index.codecs, descriptors: desc.descriptors };
}
