/**
 * Media types as draft-ietf-mls-extensions-09 §6.2.2 carries them (`MediaType { media_type;
 * parameters }`), from and to their RFC 6838 / RFC 2045 text: `text/plain;charset=UTF-8`.
 * Parameter values are stored without quotes, as the draft's note says.
 */
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
const te = new TextEncoder();
const td = new TextDecoder('utf-8', { fatal: true });

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
    return { parameter_name: te.encode(name.toLowerCase()), parameter_value: te.encode(value) };
  });
  return { media_type: te.encode(type.toLowerCase()), parameters };
}

export function formatMediaType(m: MediaType): string {
  const params = m.parameters.map((p) => {
    const value = td.decode(p.parameter_value);
    return `;${td.decode(p.parameter_name)}=${TOKEN.test(value) ? value : `"${value.replace(/(["\\])/g, '\\$1')}"`}`;
  });
  return td.decode(m.media_type) + params.join('');
}

/**
 * Same type and subtype and the same parameters, in any order: names and the type compare
 * case-insensitively, values as given except `charset`, which RFC 2046 §4.1.2 makes case-insensitive.
 */
export function sameMediaType(a: MediaType, b: MediaType): boolean {
  return canonical(a) === canonical(b);
}

function canonical(m: MediaType): string {
  const params = m.parameters.map((p) => {
    const name = td.decode(p.parameter_name).toLowerCase();
    const value = td.decode(p.parameter_value);
    return `${name}=${name === 'charset' ? value.toLowerCase() : value}`;
  });
  return [td.decode(m.media_type).toLowerCase(), ...params.sort()].join(';');
}
