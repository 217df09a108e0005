/**
 * Application messages: always PrivateMessage (RFC 9420 §6: application data is never sent as
 * PublicMessage).
 */
import { createApplicationMessage, zeroOutUint8Array } from './backend.ts';
import { suiteImpl } from './cipher-suite.ts';
import { encodeMessage } from './convert.ts';
import { backendCall } from './errors.ts';
import { advance, current, type MlsGroup } from './handle.ts';

export interface SentMessage {
  group: MlsGroup;
  /** MLSMessage(private_message) bytes. */
  message: Uint8Array;
}

/** Encrypts `data` for the group; `aad` is authenticated but readable by anyone who sees the message. */
export async function sendApplication(group: MlsGroup, data: Uint8Array, aad?: Uint8Array): Promise<SentMessage> {
  const { state, suite } = current(group);
  const r = await backendCall('sendApplication', () => createApplicationMessage(state, data, suiteImpl(suite), aad));
  r.consumed.forEach(zeroOutUint8Array);
  return {
    group: advance(group, r.newState),
    message: encodeMessage({ version: 'mls10', wireformat: 'mls_private_message', privateMessage: r.privateMessage }),
  };
}
