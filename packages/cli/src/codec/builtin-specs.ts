/**
 * The TLS-PL packages the CLI knows without any file: the generated packages it depends on. Each is
 * loaded only when a command names it; what the CLI knows about a package (its specs, types,
 * imports, the sha256 of its inputs) comes from the descriptors the package ships, not from spec/.
 */
import type { Codec } from '@mimikit/tls';
import type { PackageDescriptor } from '@mimikit/tls/descriptors';

export type CodecRegistry = Readonly<Record<string, Codec<unknown>>>;

interface BuiltinLoaders {
  codecs(): Promise<CodecRegistry>;
  descriptors(): Promise<PackageDescriptor>;
}

/**
 * Literal specifiers, so that bundlers and `tsc` see every package the CLI can load. A registry is
 * used by type name from the command line, so its codecs are typed as codecs of unknown values.
 */
const BUILTINS: Readonly<Record<string, BuiltinLoaders>> = {
  mls: {
    codecs: async () => (await import('@mimikit/mls')).codecs as unknown as CodecRegistry,
    descriptors: async () => (await import('@mimikit/mls/descriptors')).descriptors,
  },
  'mimi-protocol': {
    codecs: async () => (await import('@mimikit/mimi-protocol')).codecs as unknown as CodecRegistry,
    descriptors: async () => (await import('@mimikit/mimi-protocol/descriptors')).descriptors,
  },
  'mimi-room-policy': {
    codecs: async () => (await import('@mimikit/mimi-room-policy')).codecs as unknown as CodecRegistry,
    descriptors: async () => (await import('@mimikit/mimi-room-policy/descriptors')).descriptors,
  },
};

export const BUILTIN_PACKAGES: readonly string[] = Object.keys(BUILTINS);

export function isBuiltinPackage(name: string): boolean {
  return Object.hasOwn(BUILTINS, name);
}

export function builtinCodecs(name: string): Promise<CodecRegistry> {
  return BUILTINS[name]!.codecs();
}

export function builtinDescriptors(name: string): Promise<PackageDescriptor> {
  return BUILTINS[name]!.descriptors();
}

export function allBuiltinDescriptors(): Promise<PackageDescriptor[]> {
  return Promise.all(BUILTIN_PACKAGES.map(builtinDescriptors));
}
