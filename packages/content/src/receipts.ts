/**
 * Delivery and read receipts: the MessageStatusReport of draft-mahy-mimi-message-status (moved
 * out of the content draft in -07, but its example `report` ships with it): a list of
 * `[messageId, status]` pairs. Statuses 7..255 are unknown and kept as numbers.
 */
import { BaseStatus, MessageStatusReportCodec, type MessageId, type MessageStatusReport } from '@mimikit/mimi-content';

export type StatusName = keyof typeof BaseStatus;

export interface StatusEntry {
  messageId: MessageId;
  status: StatusName | number;
}

export interface ReadStatus {
  messageId: MessageId;
  code: number;
  /** `unknown` for codes outside the base registry. */
  status: StatusName | 'unknown';
}

export function statusCode(status: StatusName | number): number {
  return typeof status === 'number' ? status : BaseStatus[status];
}

export function statusName(code: number): StatusName | 'unknown' {
  for (const [name, value] of Object.entries(BaseStatus)) if (value === code) return name as StatusName;
  return 'unknown';
}

export function statusReport(entries: Iterable<StatusEntry>): MessageStatusReport {
  return Array.from(entries, (e) => ({ messageId: e.messageId, status: statusCode(e.status) }));
}

/** The report's CBOR, ready to send as application content. */
export function encodeStatusReport(entries: Iterable<StatusEntry>): Uint8Array {
  return MessageStatusReportCodec.encode(statusReport(entries));
}

export function readStatusReport(report: MessageStatusReport | Uint8Array): ReadStatus[] {
  const r = report instanceof Uint8Array ? MessageStatusReportCodec.decode(report) : report;
  return r.map((e) => ({ messageId: e.messageId, code: e.status, status: statusName(e.status) }));
}

/** Convenience receipts for a batch of messages. */
export function deliveredReceipt(ids: Iterable<MessageId>): MessageStatusReport {
  return statusReport(Array.from(ids, (messageId) => ({ messageId, status: 'delivered' as const })));
}

export function readReceipt(ids: Iterable<MessageId>): MessageStatusReport {
  return statusReport(Array.from(ids, (messageId) => ({ messageId, status: 'read' as const })));
}
