/**
 * The domain a MIMI URI belongs to (`mimi://b.example/u/bob` → `b.example`): the provider that
 * speaks for a user or client, and the hub of a room. URIs come from peers, so a malformed one is a
 * 400, never a crash.
 */
import { MimiHttpError } from '@mimikit/transport';

export function domainOfUri(uri: string): string {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    throw new MimiHttpError(400, { detail: `${JSON.stringify(uri.slice(0, 200))} is not a URI` });
  }
  if (url.protocol !== 'mimi:' || url.host === '') throw new MimiHttpError(400, { detail: `${JSON.stringify(uri.slice(0, 200))} is not a MIMI URI` });
  return url.host;
}
