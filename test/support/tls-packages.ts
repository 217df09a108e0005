/**
 * The compiled TLS IR of the built-in specs and the generated codecs of each package, shared by the
 * property tests.
 */
import { fileURLToPath } from 'node:url';
import { codecs as mimiProtocol } from '@mimikit/mimi-protocol';
import { codecs as mimiRoomPolicy } from '@mimikit/mimi-room-policy';
import { codecs as mls } from '@mimikit/mls';
import type { Codec } from '@mimikit/tls';
import type { Declaration } from '../../generators/tls/ir.ts';
import { loadPackages } from '../../generators/tls/load.ts';
import { ownDeclarations, type TlsPackage } from '../../generators/tls/model.ts';

export const root = fileURLToPath(new URL('../../', import.meta.url));

export const packages: TlsPackage[] = loadPackages(root).packages;

const byPackage: Record<string, Record<string, Codec<unknown>>> = {
  mls: mls as unknown as Record<string, Codec<unknown>>,
  'mimi-protocol': mimiProtocol as unknown as Record<string, Codec<unknown>>,
  'mimi-room-policy': mimiRoomPolicy as unknown as Record<string, Codec<unknown>>,
};

export function codecsOf(pkg: TlsPackage): Record<string, Codec<unknown>> {
  const c = byPackage[pkg.name];
  if (!c) throw new Error(`no generated codecs registered for package ${pkg.name}`);
  return c;
}

export interface DeclEntry {
  pkg: TlsPackage;
  decl: Declaration;
  codec: Codec<unknown> | undefined;
}

/** Every declaration of every package, with its generated codec. */
export function allDeclarations(): DeclEntry[] {
  return packages.flatMap((pkg) => ownDeclarations(pkg).map((decl) => ({ pkg, decl, codec: codecsOf(pkg)[decl.name] })));
}
