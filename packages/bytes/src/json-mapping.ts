import { fromHex } from './hex.ts';

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

/**
 * JSON objects that lack members their type requires: every one of them, by path (`.salt`,
 * `.nestedPart.contentType`), so that one run names all that is missing, not only the first.
 */
export class MissingMembersError extends JsonMappingError {
  constructor(readonly missing: readonly string[]) {
    const detail = `missing required member${missing.length === 1 ? '' : 's'}: ${missing.join(', ')}`;
    super('', detail);
    // Each path says where; the whole value is not one place, so no "(value): " in front.
    this.message = detail;
    this.name = 'MissingMembersError';
  }
}

/** Bytes from their JSON form, a lowercase or uppercase hex string; anything else fails at `path`. */
export function hexFromJson(json: Json, path: string): Uint8Array {
  if (typeof json !== 'string') throw new JsonMappingError(path, 'expected a hex string');
  try {
    return fromHex(json);
  } catch (err) {
    throw new JsonMappingError(path, (err as Error).message);
  }
}
