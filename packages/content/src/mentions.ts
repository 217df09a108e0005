/**
 * Mentions (§5.4, §9.7): a link whose target is a user or group URI, written as an ordinary
 * Markdown link or HTML anchor. The link text is only a rendering hint; the URI is the mention.
 */

/** URI schemes the draft uses for participants and rooms (`mimi:` in the examples, `im:` from RFC 3862). */
const MENTION_SCHEMES = /^(?:mimi|im):/i;

export function isMentionUri(uri: string): boolean {
  return MENTION_SCHEMES.test(uri);
}

export interface Mention {
  uri: string;
  /** The sender's display hint (link text); "" for a bare `<uri>`. */
  label: string;
}

/** `[label](uri)`; without a label, the bare `<uri>` form (sender expresses no display preference). */
export function markdownMention(uri: string, label?: string): string {
  if (label === undefined || label === '') return `<${uri}>`;
  return `[${label.replace(/([\\[\]])/g, '\\$1')}](${uri.replace(/([()\s])/g, (c) => encodeURIComponent(c))})`;
}

/** `<a href="uri">label</a>` with the label and URI HTML-escaped. */
export function htmlMention(uri: string, label: string): string {
  return `<a href="${escapeHtml(uri)}">${escapeHtml(label)}</a>`;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

/** Links in Markdown: `[label](target)` and `<target>` autolinks. */
export function markdownLinks(markdown: string): Mention[] {
  const out: Mention[] = [];
  const re = /\[((?:\\.|[^\]\\])*)\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)|<([A-Za-z][A-Za-z0-9+.-]*:[^<>\s]*)>/g;
  for (const m of markdown.matchAll(re)) {
    if (m[2] !== undefined) out.push({ uri: m[2], label: (m[1] ?? '').replace(/\\(.)/g, '$1') });
    else if (m[3] !== undefined) out.push({ uri: m[3], label: '' });
  }
  return out;
}

/** Anchors in HTML: `<a href="target">label</a>` (label with tags removed, entities decoded). */
export function htmlLinks(html: string): Mention[] {
  const out: Mention[] = [];
  const re = /<a\b[^>]*?\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))[^>]*>([\s\S]*?)<\/a\s*>/gi;
  for (const m of html.matchAll(re)) {
    const uri = decodeHtmlEntities(m[1] ?? m[2] ?? m[3] ?? '');
    out.push({ uri, label: decodeHtmlEntities((m[4] ?? '').replace(/<[^>]*>/g, '')) });
  }
  return out;
}

export function decodeHtmlEntities(text: string): string {
  const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, e: string) => {
    if (e[0] === '#') {
      const cp = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : whole;
    }
    return named[e.toLowerCase()] ?? whole;
  });
}
