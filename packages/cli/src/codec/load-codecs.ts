/**
 * Codecs for a spec named on the command line: a built-in package (`mls`), one of its specs
 * (`draft-ietf-mls-protocol`, or that .tls file unchanged), or any other .tls file. Built-in specs
 * use the generated packages the CLI depends on. Any other .tls file is compiled by the same
 * generator (through @mimikit/generators, loaded only then) into the user's cache folder as
 * JavaScript and imported from there, so the CLI always runs generated code, never an interpreter.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Codec } from '@mimikit/tls';
import type { PackageDescriptor } from '@mimikit/tls/descriptors';
import { UsageError } from '../exit-codes.ts';
import { didYouMeanHint } from '../unknown-name.ts';
import { allBuiltinDescriptors, BUILTIN_PACKAGES, builtinCodecs, builtinDescriptors, isBuiltinPackage, type CodecRegistry } from './builtin-specs.ts';
import { compileCustomSpec } from './custom-spec.ts';

export interface LoadedCodecs {
  /** The types of the spec, for the JSON mapping and inspect. */
  descriptors: PackageDescriptor;
  /** The type's codec; an unknown name is a UsageError that suggests the nearest names. */
  codec(typeName: string): Promise<Codec<unknown>>;
}

/** The packages whose codecs a package's types may use: itself first, then what it imports. */
function chain(pkg: PackageDescriptor, out: PackageDescriptor[] = []): PackageDescriptor[] {
  if (out.some((p) => p.name === pkg.name)) return out;
  out.push(pkg);
  for (const imp of pkg.imports) chain(imp, out);
  return out;
}

async function builtinPackageOf(nameOrPath: string): Promise<PackageDescriptor | { customFile: string }> {
  if (isBuiltinPackage(nameOrPath)) return builtinDescriptors(nameOrPath);
  const all = await allBuiltinDescriptors();
  const bySpec = all.find((p) => p.specs.some((s) => s.name === nameOrPath));
  if (bySpec) return bySpec;
  // A name that is none of the built-in ones is an unknown spec; a path that is not there says so.
  // (The generators load here, as for compiling a custom spec: never for a built-in one.)
  const { pathArgument } = await import('@mimikit/generators');
  const file = pathArgument(nameOrPath);
  if (file === undefined) throw new UsageError(`no spec '${nameOrPath}': give ${BUILTIN_PACKAGES.join(', ')} or a .tls file`);
  const text = readFileSync(file, 'utf8');
  // A built-in spec's own file, unchanged: its generated package is that file compiled.
  const sha256 = createHash('sha256').update(text).digest('hex');
  return all.find((p) => p.specs.some((s) => s.sha256 === sha256)) ?? { customFile: file };
}

export async function loadCodecs(specName: string): Promise<LoadedCodecs> {
  const found = await builtinPackageOf(specName);
  const registries: CodecRegistry[] = [];
  let descriptors: PackageDescriptor;
  if ('customFile' in found) {
    const custom = await compileCustomSpec(found.customFile, specName);
    registries.push(custom.codecs);
    descriptors = custom.descriptors;
  } else {
    descriptors = found;
  }
  for (const p of chain(descriptors)) if (isBuiltinPackage(p.name)) registries.push(await builtinCodecs(p.name));
  return {
    descriptors,
    async codec(typeName: string): Promise<Codec<unknown>> {
      // Own entries only: a registry is a plain object, and `--type toString` must not find
      // Object.prototype's toString (nor `__proto__` the prototype itself).
      for (const r of registries) if (Object.hasOwn(r, typeName)) return r[typeName]!;
      const hint = await didYouMeanHint(
        typeName,
        registries.flatMap((r) => Object.keys(r)),
      );
      throw new UsageError(`no type ${JSON.stringify(typeName)} in spec '${specName}' (${hint ?? `see \`mimi spec ir ${specName}\` for its types`})`);
    },
  };
}
