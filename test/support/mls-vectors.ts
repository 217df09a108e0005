/**
 * The official MLS interop vectors (mlswg/mls-implementations, see fixtures/mls/SOURCE.txt), and
 * which generated codec each field of messages.json exercises.
 */
import { readFileSync } from 'node:fs';
import { fromHex } from '@mimikit/bytes';

export type MessagesVector = Record<MessageKind, string>;

/** messages.json field → TLS-PL type that the field is an encoding of. */
export const MESSAGE_KINDS = {
  mls_welcome: 'MLSMessage',
  mls_group_info: 'MLSMessage',
  mls_key_package: 'MLSMessage',
  ratchet_tree: 'ratchet_tree',
  group_secrets: 'GroupSecrets',
  add_proposal: 'Add',
  update_proposal: 'Update',
  remove_proposal: 'Remove',
  pre_shared_key_proposal: 'PreSharedKey',
  re_init_proposal: 'ReInit',
  external_init_proposal: 'ExternalInit',
  group_context_extensions_proposal: 'GroupContextExtensions',
  commit: 'Commit',
  public_message_application: 'MLSMessage',
  public_message_proposal: 'MLSMessage',
  public_message_commit: 'MLSMessage',
  private_message: 'MLSMessage',
} as const;

export type MessageKind = keyof typeof MESSAGE_KINDS;

/** The messages.json fields that are whole MLSMessages, with the wire format each one has. */
export const MLS_MESSAGE_FIELDS = {
  mls_welcome: 'mls_welcome',
  mls_group_info: 'mls_group_info',
  mls_key_package: 'mls_key_package',
  public_message_application: 'mls_public_message',
  public_message_proposal: 'mls_public_message',
  public_message_commit: 'mls_public_message',
  private_message: 'mls_private_message',
} as const satisfies Partial<Record<MessageKind, string>>;

const fixture = (name: string) => new URL(`../fixtures/mls/${name}`, import.meta.url);

export function loadMessages(): MessagesVector[] {
  return JSON.parse(readFileSync(fixture('messages.json'), 'utf8')) as MessagesVector[];
}

export function loadDeserialization(): Array<{ vlbytes_header: string; length: number }> {
  return JSON.parse(readFileSync(fixture('deserialization.json'), 'utf8'));
}

export const bytes = fromHex;
