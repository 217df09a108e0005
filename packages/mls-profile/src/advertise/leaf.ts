/**
 * What a MIMI client advertises in its LeafNode (and so in its KeyPackages), per
 * draft-ietf-mls-extensions-09 §4 and §6.2.3: an `app_data_dictionary` leaf extension holding
 * `app_components` (the components it understands: the MIMI room state among them), `safe_aad`
 * (the Safe AAD components it handles: frank_aad) and `content_media_types` (what it can
 * receive, e.g. application/mimi-content), plus the
 * capabilities for that extension and the `app_data_update` proposal. Read back from a KeyPackage
 * with the generated codecs, so a hub or an adder can check support before adding a client.
 */
import { codecs, type AppDataDictionary, type MediaType } from '@mimikit/mls';
import { credentialFor } from '../identity/credential.ts';
import type { ClientUri } from '../identity/uri.ts';
import { generateKeyPackage, type CipherSuite, type KeyPackageBundle, type MlsExtension } from '../mls/index.ts';
import type { CapabilityExtras } from '../mls/types.ts';
import { formatMediaType, parseMediaType, sameMediaType } from './media-type.ts';
import {
  APP_DATA_DICTIONARY,
  APP_DATA_UPDATE,
  COMPONENT_APP_COMPONENTS,
  COMPONENT_CONTENT_MEDIA_TYPES,
  COMPONENT_FRANK_AAD,
  COMPONENT_SAFE_AAD,
  extensionTypeCode,
  MIMI_COMPONENTS,
} from './registry.ts';

export interface Advertisement {
  /** Component IDs the client understands, ascending. */
  components: number[];
  /** Media types it can receive, first preferred. */
  mediaTypes: MediaType[];
}

/** The MIMI content media type (draft-ietf-mimi-content-07 §IANA). */
export const MIMI_CONTENT = 'application/mimi-content';

/** The leaf extension and the capabilities that go with it. */
export function leafAdvertisement(
  mediaTypes: ReadonlyArray<string | MediaType> = [MIMI_CONTENT],
  components: readonly number[] = MIMI_COMPONENTS,
): { capabilities: CapabilityExtras; leafNodeExtensions: MlsExtension[] } {
  const types = mediaTypes.map((m) => (typeof m === 'string' ? parseMediaType(m) : m));
  if (types.length === 0) throw new RangeError('content_media_types must list at least one media type (draft-ietf-mls-extensions-09 §6.2.2)');
  const dict: AppDataDictionary = {
    component_data: [
      { component_id: COMPONENT_APP_COMPONENTS, data: codecs.ComponentsList.encode({ component_ids: [...new Set(components)].sort((a, b) => a - b) }) },
      // The Safe AAD components it can read and write (§5): frank_aad, for franked messages.
      { component_id: COMPONENT_SAFE_AAD, data: codecs.ComponentsList.encode({ component_ids: [COMPONENT_FRANK_AAD] }) },
      { component_id: COMPONENT_CONTENT_MEDIA_TYPES, data: codecs.MediaTypeList.encode({ media_types: types }) },
    ],
  };
  return {
    capabilities: { extensions: [APP_DATA_DICTIONARY], proposals: [APP_DATA_UPDATE] },
    leafNodeExtensions: [{ extensionType: APP_DATA_DICTIONARY, extensionData: codecs.AppDataDictionary.encode(dict) }],
  };
}

/** A KeyPackage for a MIMI client: its URI as the basic credential, the advertisement in its leaf. */
export function generateMimiKeyPackage(p: {
  client: ClientUri | string;
  cipherSuite: CipherSuite;
  mediaTypes?: ReadonlyArray<string | MediaType>;
}): Promise<KeyPackageBundle> {
  const ad = leafAdvertisement(p.mediaTypes);
  return generateKeyPackage({
    cipherSuite: p.cipherSuite,
    identity: credentialFor(p.client).identity,
    capabilities: ad.capabilities,
    leafNodeExtensions: ad.leafNodeExtensions,
  });
}

/** The advertisement in a KeyPackage (MLSMessage bytes); empty lists when the leaf has none. */
export function readAdvertisement(keyPackage: Uint8Array): Advertisement {
  const msg = codecs.MLSMessage.decode(keyPackage);
  if (msg.wire_format !== 'mls_key_package') throw new TypeError(`expected a KeyPackage, got ${msg.wire_format}`);
  const ext = msg.key_package.leaf_node.extensions.find((e) => extensionTypeCode(e.extension_type) === APP_DATA_DICTIONARY);
  const out: Advertisement = { components: [], mediaTypes: [] };
  if (!ext) return out;
  for (const c of codecs.AppDataDictionary.decode(ext.extension_data).component_data) {
    if (c.component_id === COMPONENT_APP_COMPONENTS) out.components = codecs.ComponentsList.decode(c.data).component_ids;
    if (c.component_id === COMPONENT_CONTENT_MEDIA_TYPES) out.mediaTypes = codecs.MediaTypeList.decode(c.data).media_types;
  }
  return out;
}

/** What a client lacks of what a room requires ("SHOULD NOT add" a client that lacks any, §6.2.3). */
export function missingSupport(ad: Advertisement, required: { components?: readonly number[]; mediaTypes?: ReadonlyArray<string | MediaType> }): string[] {
  const missing: string[] = [];
  for (const id of required.components ?? []) if (!ad.components.includes(id)) missing.push(`component 0x${id.toString(16).padStart(4, '0')}`);
  for (const m of required.mediaTypes ?? []) {
    const want = typeof m === 'string' ? parseMediaType(m) : m;
    if (!ad.mediaTypes.some((have) => sameMediaType(have, want))) missing.push(`media type ${formatMediaType(want)}`);
  }
  return missing;
}
