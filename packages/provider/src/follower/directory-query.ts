/**
 * identifierQuery (draft-ietf-mimi-protocol-06 §5.8 "Find internal address"): a peer looks up this
 * provider's users by handle, nick, email or phone (or an OIDC standard claim of those names), all
 * query elements must match the same user. One match: success with its URI; several: ambiguous;
 * none: notFound; a search type the directory has no field for: unsupportedField.
 */
import { decodeUtf8OrNull, encodeUtf8 } from '@mimikit/bytes';
import type { IdentifierRequest, IdentifierResponse, QueryElement } from '@mimikit/mimi-protocol';
import type { ProviderStore } from '../store/index.ts';

/** The directory field a query element searches, or null when the directory has none for it. */
function fieldOf(q: QueryElement): string | null {
  switch (q.searchType) {
    case 'handle':
    case 'nick':
    case 'email':
    case 'phone':
      return q.searchType;
    case 'oidcStdClaim': {
      const claim = decodeUtf8OrNull(q.claimName);
      return claim === 'email' || claim === 'nickname' || claim === 'phone_number'
        ? ({ email: 'email', nickname: 'nick', phone_number: 'phone' } as const)[claim]
        : null;
    }
    default:
      return null;
  }
}

export async function answerIdentifierQuery(store: ProviderStore, request: IdentifierRequest): Promise<IdentifierResponse> {
  const answer = (responseCode: IdentifierResponse['responseCode'], uris: string[] = []): IdentifierResponse => ({
    responseCode,
    uri: uris.map((u) => ({ uri: encodeUtf8(u) })),
    foundProfiles: [],
    id_response_extensions: { component_data: [] },
  });
  if (request.query_elements.length === 0) return answer('notFound');
  // Every element must match the same user: intersect the users each one finds.
  let matches: string[] | null = null;
  for (const q of request.query_elements) {
    const field = fieldOf(q);
    const value = decodeUtf8OrNull(q.searchValue);
    if (field === null) return answer('unsupportedField');
    if (value === null) return answer('notFound');
    const found: string[] = (await store.findUsers(field, value)).map((u) => u.uri);
    matches = matches === null ? found : matches.filter((u) => found.includes(u));
  }
  const uris = [...(matches ?? [])].sort();
  if (uris.length === 0) return answer('notFound');
  return answer(uris.length === 1 ? 'success' : 'ambiguous', uris);
}
