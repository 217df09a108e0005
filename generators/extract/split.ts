/**
 * Splits the content of a TLS fence into top-level definitions. A definition ends with the `;`
 * that closes it at brace depth 0; comments right above it belong to it. Top-level statements
 * that are not declarations (`x = SignWithLabel(…)`, `F(a, b) = …`) are pseudo-code: skipped,
 * with a warning. Statements inside braces (`ProtocolVersion version = mls10;`) are never
 * inspected, so fixed values in structs are kept.
 */
import type { Diagnostic } from '../common/diagnostics.ts';
import type { TrackedText } from './errata.ts';

export interface RawDefinition {
  /** Index of the first character, including the comments kept above it. */
  start: number;
  /** Index of the first character of the declaration itself (after the comments). */
  declStart: number;
  /** Index one past the last character (the `;`, or a comment on the same line after it). */
  end: number;
  /** The declared name (`Credential`, `ratchet_tree`), or '' when none could be found. */
  name: string;
  /** False when the definition has no closing `;` (an error was reported). */
  terminated: boolean;
}

/** A declaration's first line: `struct {`, `enum {`, `Type name…`; anything with `=` or `(` before `{`/`;` is not. */
function isDeclarationStart(head: string): boolean {
  const h = head.replace(/\/\*.*?\*\//g, ' ');
  if (/^(struct|enum)\b/.test(h)) return true;
  if (!/^[A-Za-z_]/.test(h)) return false;
  const cut = h.search(/[{;]/);
  const lead = cut >= 0 ? h.slice(0, cut) : h;
  return !/[=(]/.test(lead);
}

/** `} Name` or `Type name<V>` with nothing else: a complete declaration that lacks only its `;`. */
const COMPLETE_WITHOUT_SEMI =
  /(?:\}\s*[A-Za-z_]\w*(?:\s*<[^<>]*>)?|^(?:optional\s*<[^<>]*>\s*|optional\s+)?[A-Za-z_]\w*(?:\s*<[^<>]*>)?(?:\s*\[\s*\w+\s*\])?\s+[A-Za-z_]\w*\s*(?:<[^<>]*>|\[[^\]]*\])?)$/;

function declaredName(code: string): string {
  // code: the declaration without comments, trimmed, ending in `;`.
  const body = code.replace(/;\s*$/, '').replace(/(?:<[^<>]*>|\[[^\]]*\])\s*$/, '').trimEnd();
  const m = /([A-Za-z_]\w*)$/.exec(body);
  return m?.[1] ?? '';
}

export function stripTlsComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/\/\/[^\n]*/g, '');
}

export function splitDefinitions(
  t: TrackedText,
  draftFile: string,
): { definitions: RawDefinition[]; diagnostics: Diagnostic[] } {
  const text = t.text;
  const n = text.length;
  const definitions: RawDefinition[] = [];
  const diagnostics: Diagnostic[] = [];
  const diag = (at: number, severity: Diagnostic['severity'], code: string, message: string, hint?: string): void => {
    diagnostics.push({ file: draftFile, line: t.lineAt(at), col: t.colAt(at), severity, code, message, ...(hint ? { hint } : {}) });
  };
  const lineEnd = (k: number): number => {
    const e = text.indexOf('\n', k);
    return e < 0 ? n : e;
  };

  let i = 0;
  let pendingStart = -1; // start of comments waiting for a definition
  while (i < n) {
    const c = text[i] ?? '';
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    if (c === '\n') {
      i++;
      continue;
    }
    if (text.startsWith('/*', i)) {
      if (pendingStart < 0) pendingStart = i;
      const e = text.indexOf('*/', i + 2);
      i = e < 0 ? n : e + 2;
      continue;
    }
    if (text.startsWith('//', i)) {
      if (pendingStart < 0) pendingStart = i;
      i = lineEnd(i);
      continue;
    }

    const s = i;
    const head = text.slice(s, lineEnd(s)).trim();
    if (!isDeclarationStart(head)) {
      // Pseudo-code: consume the statement (balanced parens, continuation lines).
      const firstIndent = s - (text.lastIndexOf('\n', s - 1) + 1);
      let depth = 0;
      let k = s;
      for (;;) {
        const le = lineEnd(k);
        const lineText = stripTlsComments(text.slice(k, le));
        for (const ch of lineText) {
          if (ch === '(' || ch === '{' || ch === '[') depth++;
          else if (ch === ')' || ch === '}' || ch === ']') depth = Math.max(0, depth - 1);
        }
        k = le;
        if (k >= n) break;
        const trimmed = lineText.trim();
        if (depth === 0 && trimmed.endsWith(';')) break;
        const nextEnd = lineEnd(k + 1);
        const next = text.slice(k + 1, nextEnd);
        const nextIndent = next.length - next.trimStart().length;
        const continues =
          depth > 0 || /(?:=|,|\(|\+|\|\||&&|\*)$/.test(trimmed) || (next.trim() !== '' && nextIndent > firstIndent);
        if (!continues) break;
        k = k + 1;
      }
      const excerpt = head.length > 60 ? `${head.slice(0, 60)}…` : head;
      diag(
        s,
        'warning',
        'pseudo-code-skipped',
        `skipped pseudo-code in a TLS fence (not a declaration): ${excerpt}`,
        'formulas and assignments are prose, not wire formats; if this is meant to be TLS-PL, correct it with an erratum',
      );
      pendingStart = -1;
      i = k;
      continue;
    }

    // A declaration: scan to the `;` at brace depth 0.
    let depth = 0;
    let k = s;
    let end = -1;
    let terminated = true;
    while (k < n) {
      if (text.startsWith('/*', k)) {
        const e = text.indexOf('*/', k + 2);
        k = e < 0 ? n : e + 2;
        continue;
      }
      if (text.startsWith('//', k)) {
        k = lineEnd(k);
        continue;
      }
      const ch = text[k];
      if (ch === '"') {
        const e = text.indexOf('"', k + 1);
        k = e < 0 ? n : e + 1;
        continue;
      }
      if (ch === '{') depth++;
      else if (ch === '}') depth = Math.max(0, depth - 1);
      else if (ch === ';' && depth === 0) {
        end = k + 1;
        break;
      } else if (ch === '\n' && depth === 0) {
        const soFar = stripTlsComments(text.slice(s, k)).replace(/\s+/g, ' ').trim();
        const rest = text.slice(k + 1);
        const nextLine = (/^\s*(\S[^\n]*)/.exec(rest)?.[1] ?? '').trim();
        if (COMPLETE_WITHOUT_SEMI.test(soFar) && (nextLine === '' || isDeclarationStart(nextLine) || nextLine.startsWith('/'))) {
          end = k;
          // Trim trailing whitespace of the statement.
          while (end > s && /\s/.test(text[end - 1] ?? '')) end--;
          terminated = false;
          diag(end, 'error', 'missing-semicolon', `definition ends without ';': ${soFar.length > 60 ? `…${soFar.slice(-60)}` : soFar}`, 'add an erratum that inserts the missing ";"');
          break;
        }
      }
      k++;
    }
    if (end < 0) {
      end = n;
      while (end > s && /\s/.test(text[end - 1] ?? '')) end--;
      terminated = false;
      const soFar = stripTlsComments(text.slice(s, end)).replace(/\s+/g, ' ').trim();
      if (depth === 0 && COMPLETE_WITHOUT_SEMI.test(soFar)) {
        diag(end, 'error', 'missing-semicolon', `definition ends without ';': ${soFar.length > 60 ? `…${soFar.slice(-60)}` : soFar}`, 'add an erratum that inserts the missing ";"');
      } else {
        diag(s, 'error', 'unterminated-definition', `definition is not closed before the end of the fence (brace depth ${depth})`, 'add an erratum that closes it');
      }
    }
    // A comment on the same line after the `;` belongs to the definition.
    if (terminated) {
      let m = end;
      while (m < n && (text[m] === ' ' || text[m] === '\t')) m++;
      if (text.startsWith('//', m)) end = lineEnd(m);
      else if (text.startsWith('/*', m)) {
        const e = text.indexOf('*/', m + 2);
        if (e >= 0 && e < lineEnd(m)) end = e + 2;
      }
    }
    const code = stripTlsComments(text.slice(s, end)).trim();
    definitions.push({
      start: pendingStart >= 0 ? pendingStart : s,
      declStart: s,
      end,
      name: declaredName(terminated ? code : `${code};`),
      terminated,
    });
    pendingStart = -1;
    i = end;
  }
  return { definitions, diagnostics };
}
