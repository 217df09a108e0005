/**
 * A PublicMessage proposal or commit from a member leaf, built with the generated codecs for the
 * hub's checks (the hub verifies no signature, so placeholder signatures and tags do).
 */
import { codecs, type Commit, type MLSMessage, type Proposal } from '@mimikit/mls';

export function publicMessage(
  sender: number,
  content: { content_type: 'proposal'; proposal: Proposal } | { content_type: 'commit'; commit: Commit },
): Uint8Array {
  const m = {
    version: 'mls10',
    wire_format: 'mls_public_message',
    public_message: {
      content: {
        group_id: new TextEncoder().encode('mimi://a.example/g/clubhouse'),
        epoch: 4n,
        sender: { sender_type: 'member', leaf_index: sender },
        authenticated_data: new Uint8Array(),
        ...content,
      },
      auth: { signature: new Uint8Array(64), ...(content.content_type === 'commit' ? { confirmation_tag: new Uint8Array(32) } : {}) },
      membership_tag: new Uint8Array(32),
    },
  } as MLSMessage;
  return codecs.MLSMessage.encode(m);
}
