/**
 * What the JSON mappings of @mimikit/tls (TLS-PL values) and @mimikit/cbor (content values) share:
 * the JSON value type and the error for JSON that does not fit the type or rule.
 */
export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** JSON that does not fit the type: `path` names the value (`Remove.removed`, `.extensions[0]`). */
export class JsonMappingError extends Error {
  constructor(
    readonly path: string,
    detail: string,
  ) {
    super(`${path || '(value)'}: ${detail}`);
    this.name = 'JsonMappingError';
  }
}
