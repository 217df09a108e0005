/**
 * The client API's byte convention (docs/provider-client.md): base64url without padding, decoded
 * strictly. Shared by the server side (client-api.ts) and the agent.
 */
import { MimiHttpError } from '@mimikit/transport';

/** Bytes of a base64url (no padding) string; 400 for anything that does not round-trip exactly. */
export function fromBase64Url(text: string, what: string): Uint8Array {
  const bytes = Buffer.from(text, 'base64url');
  if (bytes.toString('base64url') !== text) throw new MimiHttpError(400, { detail: `${what} is not canonical base64url without padding` });
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length);
}

export function toBase64Url(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('base64url');
}
