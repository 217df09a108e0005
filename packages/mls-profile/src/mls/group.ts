/**
 * Starting a group: creating one, or joining one from a Welcome.
 *
 * Both take the AuthService: ts-mls 1.6.4 keeps it inside the group state (its ClientConfig), so it
 * is bound here and then applies to every later operation on the group.
 */
import { codecs } from '@mimikit/mls';
import { createGroup as backendCreateGroup, decodeRatchetTree, joinGroup, makePskIndex, type RatchetTree } from './backend.ts';
import { clientConfigFor } from './auth.ts';
import { suiteForName, suiteImpl, type CipherSuite } from './cipher-suite.ts';
import { decodeMessage, screenInput, toBackendExtension } from './convert.ts';
import { MlsError, backendCall } from './errors.ts';
import { wrap, type MlsGroup } from './handle.ts';
import { openKeyPackageBundle } from './key-package.ts';
import type { AuthService, KeyPackageBundle, MlsExtension } from './types.ts';

export interface CreateGroupParams {
  cipherSuite: CipherSuite;
  groupId: Uint8Array;
  /** The creator's KeyPackage; it becomes leaf 0. */
  keyPackage: KeyPackageBundle;
  /** Initial GroupContext extensions (e.g. required_capabilities, app_data_dictionary). */
  extensions?: readonly MlsExtension[];
  authService: AuthService;
}

export async function createGroup(p: CreateGroupParams): Promise<MlsGroup> {
  const { publicPackage, privatePackage } = openKeyPackageBundle(p.keyPackage);
  if (publicPackage.cipherSuite !== p.cipherSuite.name) {
    throw new MlsError('bad-input', `KeyPackage is for ${publicPackage.cipherSuite}, the group for ${p.cipherSuite.name}`);
  }
  const state = await backendCall('createGroup', () =>
    backendCreateGroup(
      p.groupId,
      publicPackage,
      privatePackage,
      (p.extensions ?? []).map(toBackendExtension),
      suiteImpl(p.cipherSuite),
      clientConfigFor(p.authService),
    ),
  );
  return wrap(state, p.cipherSuite);
}

export interface JoinParams {
  /** MLSMessage(mls_welcome) bytes. */
  welcome: Uint8Array;
  /** The KeyPackage the Welcome was made for. */
  keyPackage: KeyPackageBundle;
  /**
   * The ratchet tree (RFC 9420 RatchetTree bytes, as in the ratchet_tree extension) when the Welcome
   * does not carry it, e.g. when the hub supplies it (draft-mahy-mls-ratchet-tree-options).
   */
  ratchetTree?: Uint8Array;
  /** Checks every member's credential in the tree being joined; a false fails the join. */
  authService: AuthService;
}

export async function join(p: JoinParams): Promise<MlsGroup> {
  const m = decodeMessage(p.welcome);
  if (m.wireformat !== 'mls_welcome') throw new MlsError('bad-input', `expected an mls_welcome MLSMessage, got ${m.wireformat}`);
  const suite = await suiteForName(m.welcome.cipherSuite);
  const { publicPackage, privatePackage } = openKeyPackageBundle(p.keyPackage);
  const tree = p.ratchetTree ? readRatchetTree(p.ratchetTree) : undefined;
  const state = await backendCall('join', () =>
    joinGroup(m.welcome, publicPackage, privatePackage, makePskIndex(undefined, {}), suiteImpl(suite), tree, undefined, clientConfigFor(p.authService)),
  );
  return wrap(state, suite);
}

/** @internal RatchetTree bytes from outside (screened by the generated codec first) as the library's tree. */
export function readRatchetTree(bytes: Uint8Array): RatchetTree {
  screenInput(codecs.ratchet_tree, bytes, 'a ratchet tree');
  const decoded = decodeRatchetTree(bytes, 0);
  if (!decoded || decoded[1] !== bytes.length) throw new MlsError('bad-input', 'not a RatchetTree');
  return decoded[0];
}
