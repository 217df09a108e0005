/** Just enough media-type parsing to classify parts: `text/markdown;variant=GFM-MIMI` → markdown. */

export type MediaClass = 'plain' | 'markdown' | 'html' | 'image' | 'audio' | 'video' | 'other';

export interface MediaType {
  type: string;
  subtype: string;
  params: Map<string, string>;
}

export function parseMediaType(contentType: string): MediaType {
  const [essence = '', ...rest] = contentType.split(';');
  const [type = '', subtype = ''] = essence.trim().toLowerCase().split('/');
  const params = new Map<string, string>();
  for (const p of rest) {
    const eq = p.indexOf('=');
    if (eq < 0) continue;
    params.set(
      p.slice(0, eq).trim().toLowerCase(),
      p
        .slice(eq + 1)
        .trim()
        .replace(/^"(.*)"$/, '$1'),
    );
  }
  return { type, subtype, params };
}

export function mediaClass(contentType: string): MediaClass {
  const { type, subtype } = parseMediaType(contentType);
  if (type === 'text' && subtype === 'plain') return 'plain';
  if (type === 'text' && subtype === 'markdown') return 'markdown';
  if ((type === 'text' && subtype === 'html') || (type === 'application' && subtype === 'xhtml+xml')) return 'html';
  if (type === 'image' || type === 'audio' || type === 'video') return type;
  return 'other';
}
