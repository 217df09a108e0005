/**
 * Identifiers in MIMI paths (room, user and download URIs, domains) are one path segment each:
 * the full identifier percent-encoded as by encodeURIComponent
 * (`mimi://a.example/r/room1` → `mimi%3A%2F%2Fa.example%2Fr%2Froom1`).
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
  return template.replace(/\{([^{}]+)\}/g, (_, name: string) => {
    const v = values[name];
    if (v === undefined) throw new TypeError(`no value for template variable {${name}} in ${template}`);
    return encodePathSegment(v);
  });
}
