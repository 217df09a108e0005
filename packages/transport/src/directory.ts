/**
 * The directory document a server publishes (draft §4): each operation's URL template under the
 * server's public base URL. The base comes from configuration only, never from a request: a
 * document built from the Host header would reflect whatever a client sends into a response that
 * caches and peers keep.
 * @spec draft-ietf-mimi-protocol §Directory
 */
import type { ApiSpec } from './operation.ts';

/**
 * The directory document: each operation's directory key → its URL template under `base` (an
 * origin and optional path prefix, as `publicBaseUrl` returns it).
 */
export function directoryDocument(api: ApiSpec, base: string): Record<string, string> {
  const root = base.replace(/\/+$/, '');
  const doc: Record<string, string> = {};
  for (const op of Object.values(api.operations)) if (op.directoryKey !== null) doc[op.directoryKey] = root + op.path;
  return doc;
}

/**
 * Checks a configured public base URL and returns it normalized, without trailing slashes
 * (`https://Mimi.Example/` → `https://mimi.example`): an absolute https URL (http only with
 * `allowHttp`, for tests), with no credentials, query or fragment. Anything else throws a TypeError
 * naming the problem.
 */
export function publicBaseUrl(text: string, allowHttp = false): string {
  const refuse = (why: string) => new TypeError(`publicBaseUrl ${JSON.stringify(text)} ${why}`);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw refuse('is not an absolute URL');
  }
  if (url.protocol !== 'https:' && !(allowHttp && url.protocol === 'http:')) {
    throw refuse(url.protocol === 'http:' ? 'is not https (allowInsecurePublicBaseUrl allows http, for tests)' : 'is not an https URL');
  }
  if (url.username !== '' || url.password !== '') throw refuse('has credentials');
  // `?` or `#` with nothing after them leave search and hash empty but still end the path.
  if (url.search !== '' || text.includes('?')) throw refuse('has a query');
  if (url.hash !== '' || text.includes('#')) throw refuse('has a fragment');
  return (url.origin + url.pathname).replace(/\/+$/, '');
}
