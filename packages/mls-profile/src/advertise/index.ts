/** What MIMI clients advertise in their KeyPackages, and how to check it before adding them. */
export {
  APP_DATA_DICTIONARY,
  APP_DATA_UPDATE,
  COMPONENT_APP_COMPONENTS,
  COMPONENT_CONTENT_MEDIA_TYPES,
  COMPONENT_FRANK_AAD,
  COMPONENT_FRANKING_AGENT,
  COMPONENT_SAFE_AAD,
  extensionTypeCode,
  MIMI_COMPONENTS,
  SELF_REMOVE,
} from './registry.ts';
export { formatMediaType, MediaTypeError, parseMediaType, sameMediaType } from './media-type.ts';
export { generateMimiKeyPackage, leafAdvertisement, missingSupport, MIMI_CONTENT, readAdvertisement, type Advertisement } from './leaf.ts';
