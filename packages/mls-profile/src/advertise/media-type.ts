/**
 * Media types as draft-ietf-mls-extensions-09 §6.2.2 carries them (`MediaType { media_type;
 * parameters }`), from and to their RFC 6838 / RFC 2045 text: `text/plain;charset=UTF-8`.
 * Parameter values are stored without quotes, as the draft's note says.
 */
import { decodeUtf8OrNull, encodeUtf8, toHex } from '@mimikit/bytes';
import type { MediaType } from '@mimikit/mls';

export class MediaTypeError extends Error {
  constructor(
    readonly input: string,
    /** Offset in `input` of the problem. */
    readonly offset: number,
    detail: string,
  ) {
    super(`media type ${JSON.stringify(input)} at ${offset}: ${detail}`);
    this.name = 'MediaTypeError';
  }
}

/** RFC 2045 token characters. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

// Media type bytes come from outside (a KeyPackage, a room's content_media_types, a message's
// framing), so they are decoded exactly (@mimikit/bytes): `EF BB BF` + "application/mimi-content"
// keeps its U+FEFF and never equals the MIMI type; malformed UTF-8 is no text at all.
const textOf = decodeUtf8OrNull;

/** The text of a field, or a MediaTypeError naming the field and its bytes. */
function textOrThrow(bytes: Uint8Array, field: string): string {
  const text = textOf(bytes);
  if (text === null) throw new MediaTypeError(`0x${toHex(bytes)}`, 0, `${field} is not UTF-8`);
  return text;
}

export function parseMediaType(text: string): MediaType {
  const parts = text.split(';');
  const type = parts[0]!.trim();
  const slash = type.indexOf('/');
  if (slash <= 0 || !TOKEN.test(type.slice(0, slash)) || !TOKEN.test(type.slice(slash + 1))) {
    throw new MediaTypeError(text, 0, 'expected type/subtype, each an RFC 2045 token');
  }
  let offset = parts[0]!.length + 1;
  const parameters = parts.slice(1).map((p) => {
    const eq = p.indexOf('=');
    const name = (eq < 0 ? p : p.slice(0, eq)).trim();
    let value = eq < 0 ? '' : p.slice(eq + 1).trim();
    if (eq < 0 || !TOKEN.test(name)) throw new MediaTypeError(text, offset, 'expected a parameter name=value');
    if (value.startsWith('"')) {
      if (value.length < 2 || !value.endsWith('"')) throw new MediaTypeError(text, offset + eq + 1, 'unterminated quoted string');
      value = value.slice(1, -1).replace(/\\(.)/g, '$1');
    } else if (!TOKEN.test(value)) {
      throw new MediaTypeError(text, offset + eq + 1, 'a parameter value must be a token or a quoted string');
    }
    offset += p.length + 1;
    return { parameter_name: encodeUtf8(name.toLowerCase()), parameter_value: encodeUtf8(value) };
  });
  return { media_type: encodeUtf8(type.toLowerCase()), parameters };
}

/** The text of a media type; MediaTypeError when one of its fields is not UTF-8. */
export function formatMediaType(m: MediaType): string {
  const params = m.parameters.map((p, i) => {
    const value = textOrThrow(p.parameter_value, `parameters[${i}].parameter_value`);
    return `;${textOrThrow(p.parameter_name, `parameters[${i}].parameter_name`)}=${TOKEN.test(value) ? value : `"${value.replace(/(["\\])/g, '\\$1')}"`}`;
  });
  return textOrThrow(m.media_type, 'media_type') + params.join('');
}

/**
 * Same type and subtype and the same parameters, in any order: names and the type compare
 * case-insensitively, values as given except `charset`, which RFC 2046 §4.1.2 makes case-insensitive.
 * A media type with a field that is not UTF-8 is the same as none.
 */
export function sameMediaType(a: MediaType, b: MediaType): boolean {
  const x = canonical(a);
  return x !== null && x === canonical(b);
}

function canonical(m: MediaType): string | null {
  const type = textOf(m.media_type);
  if (type === null) return null;
  const params: string[] = [];
  for (const p of m.parameters) {
    const name = textOf(p.parameter_name)?.toLowerCase();
    const value = textOf(p.parameter_value);
    if (name === undefined || value === null) return null;
    params.push(`${name}=${name === 'charset' ? value.toLowerCase() : value}`);
  }
  return [type.toLowerCase(), ...params.sort()].join(';');
}
