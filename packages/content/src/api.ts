/**
 * @mimikit/content application API (re-exported from index.ts): build, identify, read, render
 * MIMI content (draft-ietf-mimi-content-07), encrypt attachments, and exchange status reports.
 */
export { bytesEqual } from '@mimikit/bytes';
export {
  Cardinality,
  ContentTypes,
  dispositionCode,
  dispositionName,
  ExtensionKeys,
  PartSemantics,
  type DispositionName,
  type PartSemanticsName,
} from './constants.ts';
export { randomSalt, SALT_LENGTH, type SaltSource } from './salt.ts';
export { isSupportedHashAlg, NamedHashAlg, namedHash, type NamedHashAlgName } from './hash-alg.ts';
export { AeadAlg, type AeadAlgName } from './aead.ts';
export { expiresAfterReading, expiresAt, expiryDeadline } from './expiry.ts';
export {
  chooseOne,
  escapeMarkdownHtml,
  externalPart,
  htmlPart,
  inlinePart,
  markdownPart,
  multiPart,
  nullPart,
  processAll,
  singleUnit,
  textPart,
  type ExternalPart,
  type ExternalPartOptions,
  type MultiPart,
  type NullPart,
  type PartOptions,
  type SinglePart,
} from './parts.ts';
export { escapeHtml, htmlLinks, htmlMention, isMentionUri, markdownLinks, markdownMention, type Mention } from './mentions.ts';
export {
  attachment,
  conferenceLink,
  deleteMessage,
  edit,
  htmlMessage,
  markdownMessage,
  message,
  reaction,
  reply,
  textMessage,
  unlike,
  type ConferenceOptions,
  type MessageOptions,
  type TextMessageOptions,
} from './builders.ts';
export { computeMessageId, MESSAGE_ID_LENGTH, verifyMessageId, type MessageIdInput } from './message-id.ts';
export {
  AttachmentError,
  decryptAttachment,
  encryptAttachment,
  type AttachmentErrorKind,
  type EncryptAttachmentOptions,
  type EncryptedAttachment,
} from './attachment.ts';
export { contentIdReferences, contentIdUri, indexParts, type IndexedPart } from './part-tree.ts';
export { mediaClass, parseMediaType, type MediaClass, type MediaType } from './media-type.ts';
export { htmlToText, markdownToText } from './plain-text.ts';
export { chooseAlternative, type RenderPreferences } from './alternatives.ts';
export { readContent, type AttachmentView, type Block, type ConferenceView, type ContentKind, type MessageView } from './readers.ts';
export {
  deliveredReceipt,
  encodeStatusReport,
  readReceipt,
  readStatusReport,
  statusCode,
  statusName,
  statusReport,
  type ReadStatus,
  type StatusEntry,
  type StatusName,
} from './receipts.ts';
export { formatDuration, formatSize, renderContent, renderView, shortMessageId, type RenderOptions } from './render.ts';
