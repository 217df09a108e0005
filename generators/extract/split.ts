/**
 * Splits the content of a TLS fence into top-level definitions. A definition ends with the `;`
 * that closes it at brace depth 0; comments right above it belong to it. Top-level statements
 * that are not declarations (`x = SignWithLabel(…)`, `F(a, b) = …`) are pseudo-code: skipped,
 * with a warning. Statements inside braces (`ProtocolVersion version = mls10;`) are never
 * inspected, so fixed values in structs are kept.
 *
 * Linear time: draft text is untrusted (`mimi spec lint` runs on anyone's draft), so every scan
 * moves forward, and each question asked at a line break looks at a bounded amount of text
 * instead of the whole statement so far. `SplitWork` counts the characters examined, so tests can
 * check this without timing anything.
 */
import type { Diagnostic, TextFix } from '../common/diagnostics.ts';
import { erratumIdPart } from '../common/erratum-id.ts';
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

/** Characters examined by splitDefinitions (every scan step, every string handed to a pattern). */
export interface SplitWork {
  chars: number;
}

/**
 * At a line break, "is the statement so far a complete declaration that lacks only its `;`?"
 * looks at the code after the statement's last `}` (or all of it when it has none). A declaration
 * missing only its `;` is short there (`} Name`, `optional<Node> ratchet_tree<V>`), so a longer
 * tail is simply not one, and the check costs at most this much per line.
 */
const COMPLETE_TAIL_MAX = 256;

/** `} Name` or `Type name<V>` with nothing else: a complete declaration that lacks only its `;`. */
const COMPLETE_WITHOUT_SEMI =
  /(?:\}\s*[A-Za-z_]\w*(?:\s*<[^<>]*>)?|^(?:optional\s*<[^<>]*>\s*|optional\s+)?[A-Za-z_]\w*(?:\s*<[^<>]*>)?(?:\s*\[\s*\w+\s*\])?\s+[A-Za-z_]\w*\s*(?:<[^<>]*>|\[[^\]]*\])?)$/;

const isBlank = (c: string | undefined): boolean => c !== undefined && /\s/.test(c);
const isWordChar = (c: string | undefined): boolean => c !== undefined && /\w/.test(c);

/** Replaces every `/* … *\/` with a space; an unclosed `/*` stays, as does everything after it. */
function stripBlockComments(text: string): string {
  let out = '';
  let from = 0;
  for (let k = text.indexOf('/*'); k >= 0; k = text.indexOf('/*', from)) {
    const close = text.indexOf('*/', k + 2);
    // No `*/` after this `/*` means none after any later `/*` either: stop looking.
    if (close < 0) break;
    out += `${text.slice(from, k)} `;
    from = close + 2;
  }
  return out + text.slice(from);
}

/** Removes every `// …` up to (not including) its line break. */
function stripLineComments(text: string): string {
  let out = '';
  let from = 0;
  for (let k = text.indexOf('//'); k >= 0; k = text.indexOf('//', from)) {
    out += text.slice(from, k);
    const eol = text.indexOf('\n', k);
    from = eol < 0 ? text.length : eol;
  }
  return out + text.slice(from);
}

/** Block comments become a space, then line comments are removed (in that order, as always). */
export function stripTlsComments(text: string): string {
  return stripLineComments(stripBlockComments(text));
}

/** The declared name at the end of a declaration (its code without comments, trimmed, ending in `;`). */
function declaredName(code: string): string {
  let body = (code.endsWith(';') ? code.slice(0, -1) : code).trimEnd();
  // Drop a trailing `<…>` or `[…]` (the vector length or array size after the name).
  if (body.endsWith('>')) {
    const open = body.lastIndexOf('<');
    if (open >= 0 && body.indexOf('>', open) === body.length - 1) body = body.slice(0, open).trimEnd();
  } else if (body.endsWith(']')) {
    const open = body.indexOf('[', body.lastIndexOf(']', body.length - 2) + 1);
    if (open >= 0 && open < body.length - 1) body = body.slice(0, open).trimEnd();
  }
  let start = body.length;
  while (start > 0 && isWordChar(body[start - 1])) start--;
  while (start < body.length && !/[A-Za-z_]/.test(body[start] ?? '')) start++;
  return body.slice(start);
}

/**
 * The `;` a definition ending at `at` lacks, inserted after its last character, in draft
 * coordinates; none when an erratum wrote that character (the draft's text there is not what
 * was split, so no edit of it follows).
 */
function semicolonFix(t: TrackedText, at: number, name: string): TextFix | undefined {
  if (t.tags[at - 1] !== undefined || t.marks.some((m) => m.at === at)) return undefined;
  const edit = { line: t.lineAt(at - 1), col: t.colAt(at - 1) + 1, length: 0, text: ';' };
  return { edits: [edit], id: `${erratumIdPart(name)}-semicolon`, reason: `missing ';' at the end of the definition of ${name || 'a declaration'}` };
}

export function splitDefinitions(
  t: TrackedText,
  draftFile: string,
  work: SplitWork = { chars: 0 },
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
    const end = e < 0 ? n : e;
    work.chars += end - k;
    return end;
  };
  /** Hands a string to a pattern or normaliser, counting it. */
  const examine = (s: string): string => {
    work.chars += s.length;
    return s;
  };

  /** Where the block comment opened at k closes on its own line (after its star-slash), or the end of that line. */
  const closeOnLine = (k: number): number => {
    let e = k + 2;
    while (e < n && text[e] !== '\n' && !text.startsWith('*/', e)) e++;
    work.chars += e - k;
    return e;
  };

  /**
   * Does the line from `s` start a declaration (`struct {`, `enum {`, `Type name…`)? Anything with
   * `=` or `(` before the first `{` or `;` is not. Looks only at that part of the line, with its
   * closed block comments blanked out.
   */
  let unclosed = { from: -1, to: -1 }; // a `/*` and the end of its line, with no `*/` between
  const startsDeclaration = (s: number): boolean => {
    let lead = '';
    let k = s;
    while (k < n && text[k] !== '\n' && text[k] !== '{' && text[k] !== ';') {
      // Inside `unclosed`, a later `/*` on the same line cannot close either: no need to look again.
      if (text.startsWith('/*', k) && !(k > unclosed.from && k < unclosed.to)) {
        const e = closeOnLine(k);
        if (text.startsWith('*/', e)) {
          lead += ' ';
          k = e + 2;
          continue;
        }
        unclosed = { from: k, to: e };
      }
      lead += text[k];
      k++;
    }
    work.chars += k - s;
    if (/^(struct|enum)\b/.test(lead)) return true;
    return /^[A-Za-z_]/.test(lead) && !/[=(]/.test(lead);
  };

  /**
   * Where the line holding `at` starts. Statements are visited in order, so each call looks back
   * only to where the previous one looked (many statements on one line stay linear).
   */
  let known = { at: 0, lineStart: 0 };
  const lineStartOf = (at: number): number => {
    if (at < known.at) known = { at: 0, lineStart: 0 };
    let k = at;
    while (k > known.at && text[k - 1] !== '\n') k--;
    work.chars += at - k;
    known = { at, lineStart: k > known.at ? k : text[k - 1] === '\n' ? k : known.lineStart };
    return known.lineStart;
  };

  let i = 0;
  let pendingStart = -1; // start of comments waiting for a definition
  while (i < n) {
    const c = text[i] ?? '';
    if (c === ' ' || c === '\t' || c === '\r' || c === '\n') {
      i++;
      work.chars++;
      continue;
    }
    if (text.startsWith('/*', i)) {
      if (pendingStart < 0) pendingStart = i;
      const e = text.indexOf('*/', i + 2);
      const stop = e < 0 ? n : e + 2;
      work.chars += stop - i;
      i = stop;
      continue;
    }
    if (text.startsWith('//', i)) {
      if (pendingStart < 0) pendingStart = i;
      i = lineEnd(i);
      continue;
    }

    const s = i;
    if (!startsDeclaration(s)) {
      // Pseudo-code: consume the statement (balanced parens, continuation lines).
      const head = examine(text.slice(s, lineEnd(s))).trim();
      const firstIndent = s - lineStartOf(s);
      let depth = 0;
      let k = s;
      for (;;) {
        const le = lineEnd(k);
        const lineText = stripTlsComments(examine(text.slice(k, le)));
        for (const ch of lineText) {
          if (ch === '(' || ch === '{' || ch === '[') depth++;
          else if (ch === ')' || ch === '}' || ch === ']') depth = Math.max(0, depth - 1);
        }
        k = le;
        if (k >= n) break;
        const trimmed = lineText.trim();
        if (depth === 0 && trimmed.endsWith(';')) break;
        const nextEnd = lineEnd(k + 1);
        const next = examine(text.slice(k + 1, nextEnd));
        const nextIndent = next.length - next.trimStart().length;
        const continues = depth > 0 || /(?:=|,|\(|\+|\|\||&&|\*)$/.test(examine(trimmed)) || (next.trim() !== '' && nextIndent > firstIndent);
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

    // A declaration: scan to the `;` at brace depth 0, keeping its code (comments removed, blanks
    // collapsed to one space) for the missing-`;` check at line breaks.
    const code: string[] = [];
    let tailStart = 0; // index in `code` of the last `}`
    const append = (ch: string): void => {
      if (isBlank(ch)) {
        if (code.length > 0 && code[code.length - 1] !== ' ') code.push(' ');
      } else {
        if (ch === '}') tailStart = code.length;
        code.push(ch);
      }
    };
    const codeEnd = (): number => (code[code.length - 1] === ' ' ? code.length - 1 : code.length);
    const soFar = (): string => {
      const e = codeEnd();
      return e > 60 ? `…${code.slice(e - 60, e).join('')}` : code.slice(0, e).join('');
    };
    let checked = { end: -1, tailStart: -1, complete: false };
    const looksComplete = (): boolean => {
      const e = codeEnd();
      if (e - tailStart > COMPLETE_TAIL_MAX) return false;
      if (checked.end !== e || checked.tailStart !== tailStart) {
        checked = { end: e, tailStart, complete: COMPLETE_WITHOUT_SEMI.test(examine(code.slice(tailStart, e).join(''))) };
      }
      return checked.complete;
    };
    // The first non-blank character after a line break, and whether what starts there may follow
    // a declaration that lacks its `;`; kept while the scan is inside the same run of blanks.
    let next = { from: -1, at: -1, allows: false };
    const nextAllowsEnd = (lineBreak: number): boolean => {
      if (lineBreak + 1 < next.from || lineBreak + 1 > next.at) {
        let p = lineBreak + 1;
        while (p < n && isBlank(text[p])) p++;
        work.chars += p - lineBreak;
        next = { from: lineBreak + 1, at: p, allows: p >= n || text[p] === '/' || startsDeclaration(p) };
      }
      return next.allows;
    };

    let depth = 0;
    let k = s;
    let end = -1;
    /** Where the `;` this definition lacks goes (its missing-semicolon diagnostic is the last one). */
    let missingAt = -1;
    let terminated = true;
    while (k < n) {
      if (text.startsWith('/*', k)) {
        const e = text.indexOf('*/', k + 2);
        if (e < 0) {
          // Unclosed: not a comment, so its text counts as code (line comments in it still do not).
          for (const c of stripLineComments(examine(text.slice(k)))) append(c);
          k = n;
          break;
        }
        work.chars += e + 2 - k;
        append(' ');
        k = e + 2;
        continue;
      }
      if (text.startsWith('//', k)) {
        k = lineEnd(k);
        continue;
      }
      const ch = text[k] ?? '';
      if (ch === '"') {
        const e = text.indexOf('"', k + 1);
        const stop = e < 0 ? n : e + 1;
        work.chars += stop - k;
        for (; k < stop; k++) append(text[k] ?? '');
        continue;
      }
      if (ch === '{') depth++;
      else if (ch === '}') depth = Math.max(0, depth - 1);
      else if (ch === ';' && depth === 0) {
        end = k + 1;
        break;
      } else if (ch === '\n' && depth === 0 && looksComplete() && nextAllowsEnd(k)) {
        end = k;
        // Trim trailing whitespace of the statement.
        while (end > s && isBlank(text[end - 1])) end--;
        terminated = false;
        diag(end, 'error', 'missing-semicolon', `definition ends without ';': ${soFar()}`, 'add an erratum that inserts the missing ";"');
        missingAt = end;
        break;
      }
      append(ch);
      k++;
      work.chars++;
    }
    if (end < 0) {
      end = n;
      while (end > s && isBlank(text[end - 1])) end--;
      terminated = false;
      if (depth === 0 && looksComplete()) {
        diag(end, 'error', 'missing-semicolon', `definition ends without ';': ${soFar()}`, 'add an erratum that inserts the missing ";"');
        missingAt = end;
      } else {
        diag(
          s,
          'error',
          'unterminated-definition',
          `definition is not closed before the end of the fence (brace depth ${depth})`,
          'add an erratum that closes it',
        );
      }
    }
    // A comment on the same line after the `;` belongs to the definition.
    if (terminated) {
      let m = end;
      while (m < n && (text[m] === ' ' || text[m] === '\t')) m++;
      if (text.startsWith('//', m)) end = lineEnd(m);
      else if (text.startsWith('/*', m)) {
        const e = closeOnLine(m);
        if (text.startsWith('*/', e)) end = e + 2;
      }
    }
    const declaration = stripTlsComments(examine(text.slice(s, end))).trim();
    const name = declaredName(terminated ? declaration : `${declaration};`);
    const missing = diagnostics[diagnostics.length - 1];
    if (missingAt > 0 && missing) {
      const fix = semicolonFix(t, missingAt, name);
      if (fix) missing.fix = fix;
    }
    definitions.push({ start: pendingStart >= 0 ? pendingStart : s, declStart: s, end, name, terminated });
    pendingStart = -1;
    i = end;
  }
  return { definitions, diagnostics };
}
