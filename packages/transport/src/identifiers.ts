/**
 * Identifiers in MIMI paths (room, user and download URIs, domains) are one path segment each:
 * the full identifier percent-encoded as by encodeURIComponent
 * (`mimi://a.example/r/room1` → `mimi%3A%2F%2Fa.example%2Fr%2Froom1`).
 * @spec draft-ietf-mimi-protocol §MIMI Endpoints and Framing
 */

export function encodePathSegment(identifier: string): string {
  return encodeURIComponent(identifier);
}

/** The identifier of a segment; a malformed percent-encoding throws URIError. */
export function decodePathSegment(segment: string): string {
  return decodeURIComponent(segment);
}

/** Variable names of an RFC 6570 level 1 template, in order: `/v1/update/{roomId}` → ['roomId']. */
export function templateVariables(template: string): string[] {
  return [...template.matchAll(/\{([^{}]+)\}/g)].map((m) => m[1]!);
}

/**
 * Expands an RFC 6570 level 1 template (a path template or a directory URL template), each
 * variable an encoded path segment. A variable missing from `values` throws.
 */
export function expandTemplate(template: string, values: Readonly<Record<string, string>>): string {
  const parts = compiled(template);
  let out = parts[0]!;
  for (let i = 1; i < parts.length; i += 2) {
    const v = values[parts[i]!];
    if (v === undefined) throw new TypeError(`no value for template variable {${parts[i]!}} in ${template}`);
    out += encodePathSegment(v) + parts[i + 1]!;
  }
  return out;
}

/** Templates split once into [literal, name, literal, name, …, literal]: clients expand them per call. */
const splitTemplates = new Map<string, string[]>();

function compiled(template: string): string[] {
  let parts = splitTemplates.get(template);
  if (!parts) {
    parts = template.split(/\{([^{}]+)\}/);
    if (splitTemplates.size < 1024) splitTemplates.set(template, parts);
  }
  return parts;
}
