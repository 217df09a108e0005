/**
 * Rich text → terminal text. Deliberately light: the draft says rendering Markdown as plain text
 * is acceptable support (§6.1.1), so this only removes markup a reader would find noisy, keeps
 * link targets that differ from their text visible (§9.7: the text is only a hint), and shows
 * mentions by their display hint.
 */
import { decodeHtmlEntities, escapeHtml, isMentionUri } from './mentions.ts';

/** How a link reads in plain text: mentions and self-describing links show the text only. */
function linkText(label: string, uri: string): string {
  if (label === '') return uri;
  if (isMentionUri(uri)) return label;
  const bare = (s: string): string => s.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').replace(/\/$/, '');
  return bare(label) === bare(uri) ? label : `${label} (${uri})`;
}

export function markdownToText(markdown: string): string {
  const lines = markdown.split(/\r?\n/).map(
    (line) =>
      line
        .replace(/^\s{0,3}#{1,6}\s+/, '') // ATX headings
        .replace(/\s+#+\s*$/, '')
        .replace(/^\s{0,3}(?:[-*_]\s*){3,}$/, '----'), // thematic breaks
  );
  // Backslash escapes are set aside first so that escaped markup characters stay literal.
  const escaped: string[] = [];
  let t = lines.join('\n').replace(/\\([!-/:-@[-`{-~])/g, (_m, c: string) => `\u{F0000}${escaped.push(c) - 1}\u{F0001}`);
  t = t.replace(/!\[((?:\\.|[^\]\\])*)\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g, (_m, alt: string) => `[image: ${alt}]`);
  t = t.replace(/\[((?:\\.|[^\]\\])*)\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g, (_m, label: string, uri: string) => linkText(label, uri));
  t = t.replace(/<([A-Za-z][A-Za-z0-9+.-]*:[^<>\s]*)>/g, '$1');
  // Emphasis: strong before em so that `__*x*__` unwraps fully; `_` only at word boundaries,
  // as GFM does not treat intraword underscores (snake_case) as emphasis.
  t = t.replace(/(\*\*|~~)(?=\S)([\s\S]*?\S)\1/g, '$2');
  t = t.replace(/(^|[^\p{L}\p{N}_])__(?=\S)([\s\S]*?\S)__(?![\p{L}\p{N}_])/gu, '$1$2');
  t = t.replace(/(^|[^*])\*(?=[^\s*])([^*\n]*?[^\s*])\*(?!\*)/g, '$1$2');
  t = t.replace(/(^|[^\p{L}\p{N}_])_(?=\S)([^_\n]*?\S)_(?![\p{L}\p{N}_])/gu, '$1$2');
  t = t.replace(/`([^`\n]+)`/g, '$1');
  t = t.replace(/\u{F0000}(\d+)\u{F0001}/gu, (_m, i: string) => escaped[Number(i)] ?? '');
  return decodeHtmlEntities(t)
    .replace(/[ \t]+$/gm, '')
    .trim();
}

const BLOCK_END = /<\/(?:p|div|h[1-6]|li|ul|ol|tr|table|blockquote|pre|section|article|header|footer)\s*>|<br\s*\/?>|<\/?(?:hr)\s*\/?>/gi;

export function htmlToText(html: string): string {
  let t = html.replace(/<(head|script|style|template)\b[\s\S]*?<\/\1\s*>/gi, '').replace(/<!--[\s\S]*?-->/g, '');
  t = t.replace(/<img\b[^>]*>/gi, (tag) => {
    const alt = /\balt\s*=\s*(?:"([^"]*)"|'([^']*)')/i.exec(tag);
    return `\n[image: ${decodeHtmlEntities(alt?.[1] ?? alt?.[2] ?? '')}]\n`;
  });
  t = t.replace(
    /<a\b[^>]*?\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))[^>]*>([\s\S]*?)<\/a\s*>/gi,
    (_m, a?: string, b?: string, c?: string, inner?: string) =>
      // Re-escaped because entities are decoded once more, after the remaining tags are removed.
      escapeHtml(linkText(collapse(decodeHtmlEntities((inner ?? '').replace(/<[^>]*>/g, ''))), decodeHtmlEntities(a ?? b ?? c ?? ''))),
  );
  t = t.replace(/<li\b[^>]*>/gi, '\n- ');
  t = t.replace(BLOCK_END, '\n').replace(/<[^>]*>/g, '');
  // Whitespace is not significant in HTML: collapse it, keeping the line breaks made above.
  return t
    .split('\n')
    .map((l) => collapse(decodeHtmlEntities(l)))
    .filter((l) => l !== '')
    .join('\n');
}

function collapse(s: string): string {
  return s.replace(/[ \t\r\f\v]+/g, ' ').trim();
}
