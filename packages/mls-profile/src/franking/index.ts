/**
 * @mimikit/mls-profile/franking: MIMI message franking (draft-ietf-mimi-protocol-06 §Message
 * Franking, §Report abuse). The sending client commits to its message with a franking_tag in the
 * Safe AAD; the hub, with no group secret, signs a Frank over the sender, room and accepted
 * timestamp; the receiver verifies it; the hub operator verifies franked messages in an abuse
 * report. RoomMember.sendContent(content, { franked: true }) and RoomMember.verifyFrank use these.
 */
export { FrankingError, type FrankingErrorCode } from './errors.ts';
export {
  agentDomain,
  generateHubFrankingKey,
  HUB_KEY_LENGTH,
  hubFrankingKeyFromParts,
  hubFrankingKeyParts,
  type HubFrankingKey,
  type HubFrankingKeyParts,
} from './agent.ts';
export { frankingRoomComponents, roomFranking, type RoomFranking } from './room.ts';
export { encodeSafeAad, frankAadItem, frankingTagOf, readSafeAad } from './safe-aad.ts';
export { FRANKING_INTEGRITY_LABEL, frankingContext, frankingTag, serverFrank, signFrank, verifyFrankSignature } from './frank.ts';
export { frankedFieldsOf, frankedFieldsOfData, withFrankedFields, type FrankedFields } from './content.ts';
export { frankMessage, type FrankMessageParams, type HubFrank } from './hub.ts';
export { verifyFrank, type FrankedMessageRecord, type VerifyFrankParams } from './verify.ts';
export { abusiveMessage, verifyAbuseReport, type AbuseReportVerdict, type AbusiveMessageVerdict, type VerifyAbuseReportParams } from './abuse.ts';
