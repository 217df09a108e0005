/**
 * The draft-ietf-mls-extensions-09 code points the profile advertises (its §IANA lists them as
 * "suggested" values; docs/deviations.md): the `app_data_dictionary` extension, the
 * `app_data_update` proposal, and the application components a MIMI client supports.
 */
import { ExtensionType } from '@mimikit/mls';
import { ROOM_COMPONENTS, COMPONENT_NAMES } from '../room/components.ts';

/** MLS extension type of `app_data_dictionary` (LeafNode, GroupContext, GroupInfo). */
export const APP_DATA_DICTIONARY = 0x0006;
/** MLS proposal type of `app_data_update`. */
export const APP_DATA_UPDATE = 0x0008;
/** MLS proposal type of `self_remove` (ts-mls 1.6.4 does not know it: it reaches the adapter as a custom proposal). */
export const SELF_REMOVE = 0x000a;
/** Component IDs of draft-ietf-mls-extensions-09 §IANA "MLS Component Types". */
export const COMPONENT_APP_COMPONENTS = 0x0001;
export const COMPONENT_SAFE_AAD = 0x0002;
export const COMPONENT_CONTENT_MEDIA_TYPES = 0x0003;
/**
 * Component IDs of draft-ietf-mimi-protocol-06 §IANA for franking: the `frank_aad` Safe AAD
 * component, and the GroupContext component that §Message Franking calls `franking_agent` and
 * §IANA registers as `franking_signature_key` (0x0021; docs/deviations.md).
 */
export const COMPONENT_FRANK_AAD = 0x0020;
export const COMPONENT_FRANKING_AGENT = 0x0021;

/** What a MIMI client reads: the extensions' own components and the MIMI room components. */
export const MIMI_COMPONENTS: readonly number[] = [
  COMPONENT_APP_COMPONENTS,
  COMPONENT_CONTENT_MEDIA_TYPES,
  COMPONENT_FRANK_AAD,
  COMPONENT_FRANKING_AGENT,
  ...COMPONENT_NAMES.map((n) => ROOM_COMPONENTS[n].id),
].sort((a, b) => a - b);

/** An extension type as the generated codecs decode it (a name when registered, else its number) → its number. */
export function extensionTypeCode(t: ExtensionType): number {
  return typeof t === 'number' ? t : ExtensionType[t];
}
