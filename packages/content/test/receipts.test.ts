/** Status reports: the `report` example rebuilt byte for byte, and read back by status name. */
import { describe, expect, it } from 'vitest';
import { MessageStatusReportCodec } from '@mimikit/mimi-content';
import { computeMessageId, deliveredReceipt, encodeStatusReport, readReceipt, readStatusReport, statusCode, statusName } from '../src/api.ts';
import { toHex as hex } from '@mimikit/bytes';
import { exampleCbor } from './examples.ts';

const idOf = (name: string): Uint8Array => computeMessageId({ content: exampleCbor(name) });

describe('MessageStatusReport', () => {
  it('rebuilds the report example from the example messages', () => {
    const bytes = encodeStatusReport([
      { messageId: idOf('original'), status: 'read' },
      { messageId: idOf('reply'), status: 'read' },
      { messageId: idOf('mention'), status: 'unread' },
      { messageId: idOf('expiring'), status: 'expired' },
    ]);
    expect(hex(bytes)).toBe(hex(exampleCbor('report')));
  });

  it('reads the report example by status name', () => {
    const r = readStatusReport(exampleCbor('report'));
    expect(r.map((e) => [hex(e.messageId).slice(0, 10), e.status, e.code])).toEqual([
      ['01b0084467', 'read', 2],
      ['01a419aef4', 'read', 2],
      ['01cbc26869', 'unread', 0],
      ['0106308e2c', 'expired', 3],
    ]);
  });

  it('names every base status and keeps unknown codes', () => {
    const names = ['unread', 'delivered', 'read', 'expired', 'deleted', 'hidden', 'error'] as const;
    names.forEach((n, i) => {
      expect(statusCode(n)).toBe(i);
      expect(statusName(i)).toBe(n);
    });
    expect(statusName(42)).toBe('unknown');
    const id = new Uint8Array(32).fill(1);
    const r = readStatusReport(encodeStatusReport([{ messageId: id, status: 42 }]));
    expect(r).toEqual([{ messageId: id, code: 42, status: 'unknown' }]);
  });

  it('delivered and read receipts for a batch', () => {
    const ids = [idOf('original'), idOf('reply')];
    expect(deliveredReceipt(ids).map((e) => e.status)).toEqual([1, 1]);
    expect(readReceipt(ids).map((e) => e.status)).toEqual([2, 2]);
    expect(MessageStatusReportCodec.encode([])).toEqual(new Uint8Array([0x80]));
  });

  it('rejects a status code beyond 255 and a short message ID', () => {
    expect(() => encodeStatusReport([{ messageId: new Uint8Array(32), status: 256 }])).toThrow();
    expect(() => encodeStatusReport([{ messageId: new Uint8Array(31), status: 'read' }])).toThrow();
  });
});
