/**
 * Lints the OpenAPI description of the MIMI transport (spec/openapi/mimi-protocol.yaml) against
 * the draft it describes: every endpoint of the draft has an operation, the directory keys and
 * path parameters agree with the draft's directory example and endpoint sections, every TLS type
 * named by `x-mimi-tls-type` exists in the TLS specs, and the vendor extensions the generator
 * relies on are present. Where the draft disagrees with itself (directory example vs endpoint
 * section, invalid JSON in the example) the finding is a `draft-inconsistency` warning at the
 * draft's line.
 *
 * Only a description that says it follows a draft (`info.x-mimi-source`) is checked against the
 * draft: one without it (spec/openapi/provider-client.yaml, mimikit's own client API) gets the
 * structural and TLS checks alone.
 *
 * Positions in the YAML come from a small line scanner (no YAML library is involved beyond the one
 * swagger-parser uses to read the document): it follows block-mapping indentation to the line of a
 * key, which is all a diagnostic needs.
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';
import { diagnosticAt, sortDiagnostics, type Diagnostic } from '../common/diagnostics.ts';
import { swaggerParser } from '../openapi/swagger-parser.ts';
import { didYouMean } from '../common/suggestions.ts';
import { loadPackages } from '../tls/load.ts';
import type { TlsPackage } from '../tls/model.ts';

/** The media type of every TLS presentation-language body (see docs/transport.md). */
export const MIMI_PROTOCOL_MEDIA_TYPE = 'application/mimi-protocol';
export const MIMI_ROLES = ['hub', 'follower', 'any'] as const;
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

export interface LintOpenApiOptions {
  /** TLS packages already loaded (saves loading them again); default `loadPackages(root)`. */
  packages?: readonly TlsPackage[];
  /** Packages whose symbols `x-mimi-tls-type` may name; default mls and mimi-protocol. */
  tlsPackages?: readonly string[];
}

// ---------------------------------------------------------------- YAML positions

interface YamlLine {
  /** 0-based column of the key (after any `- `), or -1 for blank, comment and block-scalar lines. */
  indent: number;
  /** 0-based column of a leading `- `, or -1. */
  dash: number;
  key: string | undefined;
}

/** Finds the line and column of a node of a YAML document (block style) by following keys. */
export class YamlLocator {
  private readonly lines: YamlLine[];
  constructor(text: string) {
    this.lines = [];
    let blockIndent = -1;
    for (const raw of text.split(/\r?\n/)) {
      const content = raw.trimStart();
      const at = raw.length - content.length;
      if (blockIndent >= 0 && (content === '' || at > blockIndent)) {
        this.lines.push({ indent: -1, dash: -1, key: undefined });
        continue;
      }
      blockIndent = -1;
      if (content === '' || content.startsWith('#')) {
        this.lines.push({ indent: -1, dash: -1, key: undefined });
        continue;
      }
      let dash = -1;
      let indent = at;
      let rest = content;
      const d = /^-(?:\s+|$)/.exec(rest);
      if (d) {
        dash = at;
        indent = at + d[0].length;
        rest = rest.slice(d[0].length);
      }
      const m = /^(?:'((?:[^']|'')*)'|"((?:[^"\\]|\\.)*)"|([^\s'"#{[][^:#]*?))\s*:(?:\s+(.*)|$)/.exec(rest);
      const key = m ? (m[1]?.replace(/''/g, "'") ?? m[2] ?? m[3]) : undefined;
      if (m && /^[|>][-+0-9]*\s*(#.*)?$/.test(m[4] ?? '')) blockIndent = dash >= 0 ? dash : at;
      this.lines.push({ indent, dash, key });
    }
  }

  /**
   * 1-based line and column of the deepest node on `path` (keys; numbers index list items) that
   * could be found; line 1, col 1 when not even the first key is there.
   */
  locate(path: ReadonlyArray<string | number>): { line: number; col: number } {
    const col = (l: YamlLine): number => (l.dash >= 0 ? l.dash : l.indent);
    let start = 0;
    let end = this.lines.length;
    let best = { line: 1, col: 1 };
    for (const seg of path) {
      let first: YamlLine | undefined;
      for (let i = start; i < end && !first; i++) if (this.lines[i]!.indent >= 0) first = this.lines[i];
      if (!first) return best;
      let found = -1;
      let own = 0;
      if (typeof seg === 'number') {
        let n = -1;
        for (let i = start; i < end && found < 0; i++) {
          if (first.dash >= 0 && this.lines[i]!.dash === first.dash && ++n === seg) found = i;
        }
        own = first.dash;
      } else {
        for (let i = start; i < end && found < 0; i++) {
          const l = this.lines[i]!;
          if (l.indent === first.indent && l.key === seg) found = i;
        }
        own = first.indent;
      }
      if (found < 0) return best;
      best = { line: found + 1, col: own + 1 };
      let next = found + 1;
      while (next < end && !(this.lines[next]!.indent >= 0 && col(this.lines[next]!) <= own)) next++;
      // A list item's first key sits on the item's own line.
      start = typeof seg === 'number' ? found : found + 1;
      end = next;
    }
    return best;
  }
}

// ---------------------------------------------------------------- draft facts

export interface DraftEndpoint {
  method: string;
  /** As written, e.g. `/keyMaterial/{targetUser}`. */
  path: string;
  /** First literal segment, e.g. `keyMaterial`. */
  name: string;
  params: string[];
  line: number;
  col: number;
  /** Title of the section the endpoint line is in. */
  section: string;
}

export interface DirectoryEntry {
  key: string;
  template: string;
  /** Path of the template's URL, e.g. `/v1/update{roomId}`. */
  path: string;
  params: string[];
  line: number;
  col: number;
}

export interface DraftFacts {
  endpoints: DraftEndpoint[];
  directory: DirectoryEntry[];
  /** Where the directory example's fence starts (1-based), if found. */
  directoryLine: number | undefined;
  /** Problems of the draft's own text (invalid directory JSON). */
  diagnostics: Diagnostic[];
}

const ENDPOINT_LINE = /^(GET|POST|PUT|PATCH|DELETE)\s+(\/\S*)\s*$/;

export function pathParams(path: string): string[] {
  return [...path.matchAll(/\{([^}]*)\}/g)].map((m) => m[1]!);
}

/** The path with every `{param}` replaced by `{}`: compares paths regardless of parameter names. */
export function normalizePath(path: string): string {
  return path.replace(/\{[^}]*\}/g, '{}');
}

function firstSegment(path: string): string {
  return (
    path
      .split('/')
      .find((s) => s !== '' && !s.startsWith('{'))
      ?.replace(/\{.*$/, '') ?? ''
  );
}

/** Reads the endpoint lines and the directory example of a MIMI protocol draft. */
export function extractDraftFacts(markdown: string, file: string): DraftFacts {
  const lines = markdown.split(/\r?\n/);
  const facts: DraftFacts = { endpoints: [], directory: [], directoryLine: undefined, diagnostics: [] };
  const fences: Array<{ open: number; close: number; info: string }> = [];
  let section = '';
  let open: { line: number; marker: string; info: string } | undefined;
  const sections: string[] = [];
  lines.forEach((text, i) => {
    if (open) {
      if (text.trim() === open.marker) {
        fences.push({ open: open.line, close: i, info: open.info });
        open = undefined;
      }
      sections.push(section);
      return;
    }
    const f = /^(~~~+|```+)\s*(.*)$/.exec(text);
    if (f) open = { line: i, marker: f[1]!, info: f[2]!.trim() };
    const h = /^#+\s+(.*)$/.exec(text);
    if (h) section = h[1]!.trim();
    sections.push(section);
  });
  for (const fence of fences) {
    for (let i = fence.open + 1; i < fence.close; i++) {
      const m = ENDPOINT_LINE.exec(lines[i]!);
      if (!m) continue;
      const path = m[2]!;
      facts.endpoints.push({
        method: m[1]!.toLowerCase(),
        path,
        name: firstSegment(path),
        params: pathParams(path),
        line: i + 1,
        col: lines[i]!.indexOf(path) + 1,
        section: sections[i] ?? '',
      });
    }
  }
  // The directory example: the first fence opening with `{` after the directory's GET line.
  const dirEndpoint = facts.endpoints.find((e) => e.method === 'get' && e.path.includes('mimi-protocol-directory'));
  const dirFence = fences.find(
    (f) =>
      f.open + 1 >= (dirEndpoint?.line ?? 0) &&
      lines
        .slice(f.open + 1, f.close)
        .join('\n')
        .trimStart()
        .startsWith('{'),
  );
  if (dirFence) {
    facts.directoryLine = dirFence.open + 1;
    parseDirectoryExample(lines, dirFence.open + 1, dirFence.close, file, facts);
  }
  return facts;
}

/**
 * Reads `{ "key": "url", … }` leniently: a missing `:` or `,` is reported (the draft's JSON is
 * then invalid) and skipped over, so the entries after it are still read.
 */
function parseDirectoryExample(lines: string[], from: number, to: number, file: string, facts: DraftFacts): void {
  const text = lines.slice(from, to).join('\n');
  // Invalid JSON is reported where the lenient reader below stumbles, or at the fence otherwise.
  let strictOk = true;
  try {
    JSON.parse(text);
  } catch {
    strictOk = false;
  }
  type Tok = { kind: 'str' | 'punct'; value: string; line: number; col: number; endLine: number; endCol: number };
  const toks: Tok[] = [];
  for (let i = from; i < to; i++) {
    const l = lines[i]!;
    for (let c = 0; c < l.length; c++) {
      const ch = l[c]!;
      if (ch === '"') {
        let j = c + 1;
        let value = '';
        while (j < l.length && l[j] !== '"') {
          if (l[j] === '\\' && j + 1 < l.length) j++;
          value += l[j];
          j++;
        }
        toks.push({ kind: 'str', value, line: i + 1, col: c + 1, endLine: i + 1, endCol: j + 2 });
        c = j;
      } else if ('{}:,'.includes(ch)) {
        toks.push({ kind: 'punct', value: ch, line: i + 1, col: c + 1, endLine: i + 1, endCol: c + 2 });
      }
    }
  }
  const problems: Diagnostic[] = [];
  let k = toks[0]?.value === '{' ? 1 : 0;
  while (k < toks.length) {
    const key = toks[k];
    if (!key || key.value === '}') break;
    if (key.kind !== 'str') {
      k++;
      continue;
    }
    let next = toks[k + 1];
    if (next?.kind === 'punct' && next.value === ':') {
      k += 2;
    } else {
      problems.push(
        diagnosticAt(
          { file, line: key.endLine, col: key.endCol },
          'warning',
          'draft-inconsistency',
          `the directory example is not valid JSON: ':' missing after "${key.value}"`,
          'read leniently: the entry is taken as if the colon were there',
        ),
      );
      k += 1;
    }
    next = toks[k];
    if (next?.kind === 'str') {
      let path = next.value;
      try {
        path = decodeURI(new URL(next.value.replace(/\{([^}]*)\}/g, '__$1__')).pathname).replace(/__([A-Za-z0-9_]*)__/g, '{$1}');
      } catch {
        // not an absolute URL: keep it as written
      }
      facts.directory.push({ key: key.value, template: next.value, path, params: pathParams(next.value), line: key.line, col: key.col });
      k++;
    }
    const sepTok = toks[k];
    if (sepTok?.kind === 'punct' && sepTok.value === ',') k++;
    else if (sepTok?.kind === 'str') {
      problems.push(
        diagnosticAt(
          { file, line: sepTok.line, col: sepTok.col },
          'warning',
          'draft-inconsistency',
          `the directory example is not valid JSON: ',' missing before "${sepTok.value}"`,
        ),
      );
    }
  }
  if (!strictOk && problems.length === 0) {
    problems.push(diagnosticAt({ file, line: from + 1, col: 1 }, 'warning', 'draft-inconsistency', 'the directory example is not valid JSON'));
  }
  facts.diagnostics.push(...problems);
}

// ---------------------------------------------------------------- YAML facts

interface MediaFact {
  mediaType: string;
  tlsType: string | undefined;
  tlsContext: Record<string, unknown> | undefined;
  /** x-mimi-tls-sequence as written (undefined when absent). */
  tlsSequence: unknown;
  /** YAML path to the media type object. */
  at: Array<string | number>;
}

export interface OperationFact {
  path: string;
  method: string;
  operationId: string | undefined;
  role: unknown;
  directoryKey: string | undefined;
  request: MediaFact[];
  responses: Array<{ status: string; media: MediaFact[] }>;
  at: Array<string | number>;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Follows a local `$ref` (`#/components/…`) within the document. */
export function resolveRef(doc: unknown, value: unknown): unknown {
  let v = value;
  for (let depth = 0; depth < 10 && isObj(v) && typeof v.$ref === 'string'; depth++) {
    const ref = v.$ref as string;
    if (!ref.startsWith('#/')) return v;
    let cur: unknown = doc;
    for (const part of ref.slice(2).split('/')) {
      const key = part.replace(/~1/g, '/').replace(/~0/g, '~');
      cur = isObj(cur) ? cur[key] : undefined;
    }
    v = cur;
  }
  return v;
}

function mediaFacts(doc: unknown, content: unknown, at: Array<string | number>): MediaFact[] {
  const c = resolveRef(doc, content);
  if (!isObj(c)) return [];
  return Object.entries(c).map(([mediaType, m]) => {
    const mo = isObj(m) ? m : {};
    const tlsType = mo['x-mimi-tls-type'];
    const ctx = mo['x-mimi-tls-context'];
    return {
      mediaType,
      tlsType: typeof tlsType === 'string' ? tlsType : undefined,
      tlsContext: isObj(ctx) ? ctx : undefined,
      tlsSequence: mo['x-mimi-tls-sequence'],
      at: [...at, mediaType],
    };
  });
}

/** The operations of an OpenAPI document, in document order, with the facts the linter and the endpoint table use. */
export function operationFacts(doc: unknown): OperationFact[] {
  const out: OperationFact[] = [];
  const paths = isObj(doc) ? doc.paths : undefined;
  if (!isObj(paths)) return out;
  for (const [path, item] of Object.entries(paths)) {
    if (!isObj(item)) continue;
    for (const method of METHODS) {
      const op = item[method];
      if (!isObj(op)) continue;
      const at = ['paths', path, method];
      const body = resolveRef(doc, op.requestBody);
      const responses = isObj(op.responses) ? op.responses : {};
      out.push({
        path,
        method,
        operationId: typeof op.operationId === 'string' ? op.operationId : undefined,
        role: op['x-mimi-role'],
        directoryKey: typeof op['x-mimi-directory-key'] === 'string' ? op['x-mimi-directory-key'] : undefined,
        request: isObj(body) ? mediaFacts(doc, body.content, [...at, 'requestBody', 'content']) : [],
        responses: Object.entries(responses).map(([status, r]) => {
          const rr = resolveRef(doc, r);
          return { status, media: isObj(rr) ? mediaFacts(doc, rr.content, [...at, 'responses', status, 'content']) : [] };
        }),
        at,
      });
    }
  }
  return out;
}

// ---------------------------------------------------------------- the linter

function display(root: string, p: string): string {
  const abs = isAbsolute(p) ? p : join(root, p);
  const rel = relative(root, abs);
  return (rel.startsWith('..') ? abs : rel).split(sep).join('/');
}

/**
 * Lints the OpenAPI document at `yamlPath` against the draft at `draftPath` (both absolute or
 * relative to `root`) and the TLS specs of `root`. Diagnostics are sorted by file and position.
 */
export async function lintOpenApi(root: string, yamlPath: string, draftPath: string, options: LintOpenApiOptions = {}): Promise<Diagnostic[]> {
  const yamlAbs = isAbsolute(yamlPath) ? yamlPath : join(root, yamlPath);
  const draftAbs = isAbsolute(draftPath) ? draftPath : join(root, draftPath);
  const yamlFile = display(root, yamlPath);
  const draftFile = display(root, draftPath);
  const out: Diagnostic[] = [];

  const yamlText = readFileSync(yamlAbs, 'utf8');
  const loc = new YamlLocator(yamlText);
  const at = (path: ReadonlyArray<string | number>): { file: string; line: number; col: number } => ({ file: yamlFile, ...loc.locate(path) });

  let doc: unknown;
  try {
    doc = await (await swaggerParser()).parse(yamlAbs);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const m = /\((\d+):(\d+)\)|line (\d+)/.exec(message);
    const line = Number(m?.[1] ?? m?.[3] ?? 1);
    const col = Number(m?.[2] ?? 1);
    out.push(diagnosticAt({ file: yamlFile, line, col }, 'error', 'openapi-invalid', `cannot read the OpenAPI document: ${message.split('\n')[0]}`));
    return out;
  }
  out.push(...(await validate(yamlAbs, at)));

  const followsDraft = (doc as { info?: { 'x-mimi-source'?: unknown } } | null)?.info?.['x-mimi-source'] !== undefined;
  const facts = followsDraft ? extractDraftFacts(readFileSync(draftAbs, 'utf8'), draftFile) : null;
  if (facts) out.push(...facts.diagnostics);
  const ops = operationFacts(doc);

  // Operations: role, operationId, media types, TLS types.
  const pkgs = options.packages ?? loadPackages(root).packages;
  const wanted = options.tlsPackages ?? ['mls', 'mimi-protocol'];
  const symbols = new Set<string>();
  const contextNeeds = new Map<string, string[]>();
  for (const p of pkgs) {
    if (!wanted.includes(p.name)) continue;
    for (const s of p.symbols.keys()) symbols.add(s);
    for (const [k, v] of p.contextNeeds) contextNeeds.set(k, v);
  }
  for (const op of ops) {
    const name = op.operationId ?? `${op.method.toUpperCase()} ${op.path}`;
    if (op.operationId === undefined)
      out.push(
        diagnosticAt(at(op.at), 'error', 'missing-operation-id', `${name} has no operationId`, 'the generator names handlers and client methods after it'),
      );
    if (op.role === undefined) {
      out.push(
        diagnosticAt(
          at([...op.at, 'operationId']),
          'error',
          'missing-role',
          `operation ${name} has no x-mimi-role`,
          `add x-mimi-role: ${MIMI_ROLES.join(' | ')} (which provider serves it)`,
        ),
      );
    } else if (!MIMI_ROLES.includes(op.role as (typeof MIMI_ROLES)[number])) {
      out.push(
        diagnosticAt(
          at([...op.at, 'x-mimi-role']),
          'error',
          'invalid-role',
          `x-mimi-role of ${name} is ${JSON.stringify(op.role)}, not one of ${MIMI_ROLES.join(', ')}`,
        ),
      );
    }
    const media = [
      ...op.request.map((m) => ({ m, what: 'request' })),
      ...op.responses.flatMap((r) => r.media.map((m) => ({ m, what: `${r.status} response` }))),
    ];
    for (const { m, what } of media) {
      // A sequence is a request body of TLS values: the generated code supports nothing else.
      if (m.tlsSequence !== undefined && (typeof m.tlsSequence !== 'boolean' || (m.tlsSequence && (what !== 'request' || m.tlsType === undefined)))) {
        out.push(
          diagnosticAt(
            at([...m.at, 'x-mimi-tls-sequence']),
            'error',
            'invalid-tls-sequence',
            `x-mimi-tls-sequence of the ${what} of ${name} must be true or false, and true only on a request body with an x-mimi-tls-type`,
          ),
        );
      }
      if (m.tlsType !== undefined) {
        if (m.mediaType !== MIMI_PROTOCOL_MEDIA_TYPE) {
          out.push(
            diagnosticAt(
              at(m.at),
              'warning',
              'media-type',
              `the ${what} of ${name} is a TLS body (${m.tlsType}) served as ${m.mediaType}`,
              `use ${MIMI_PROTOCOL_MEDIA_TYPE} for every TLS presentation-language body`,
            ),
          );
        }
        if (!symbols.has(m.tlsType)) {
          const guess = didYouMean(m.tlsType, symbols);
          out.push(
            diagnosticAt(
              at([...m.at, 'x-mimi-tls-type']),
              'error',
              'unknown-tls-type',
              `x-mimi-tls-type ${m.tlsType} (${what} of ${name}) is declared by no TLS spec of ${wanted.join(', ')}`,
              guess ? `did you mean ${guess}?` : 'name a struct of spec/tls (see `mimi spec ir`)',
            ),
          );
        } else {
          const needs = contextNeeds.get(m.tlsType) ?? [];
          const given = Object.keys(m.tlsContext ?? {});
          const missing = needs.filter((n) => !given.includes(n));
          const extra = given.filter((g) => !needs.includes(g));
          if (missing.length || extra.length) {
            out.push(
              diagnosticAt(
                at([...m.at, m.tlsContext ? 'x-mimi-tls-context' : 'x-mimi-tls-type']),
                'error',
                'tls-context-mismatch',
                `${m.tlsType} (${what} of ${name}) needs context ${needs.length ? needs.join(', ') : '(none)'}; x-mimi-tls-context gives ${given.length ? given.join(', ') : '(none)'}`,
                missing.length ? `add x-mimi-tls-context: { ${missing.map((n) => `${n}: mls10`).join(', ')} }` : `remove ${extra.join(', ')}`,
              ),
            );
          }
        }
      } else if (m.mediaType === MIMI_PROTOCOL_MEDIA_TYPE) {
        out.push(diagnosticAt(at(m.at), 'error', 'missing-tls-type', `the ${what} of ${name} is ${MIMI_PROTOCOL_MEDIA_TYPE} but names no x-mimi-tls-type`));
      }
    }
  }

  if (!facts) return sortDiagnostics(out);
  // Draft endpoints ↔ operations.
  const endpointByName = new Map<string, DraftEndpoint>();
  for (const e of facts.endpoints) if (!endpointByName.has(e.name)) endpointByName.set(e.name, e);
  for (const e of facts.endpoints) {
    const exact = ops.find((o) => o.method === e.method && normalizePath(o.path).endsWith(normalizePath(e.path)));
    if (exact) continue;
    const named = ops.find((o) => o.directoryKey === e.name || o.operationId === e.name);
    if (!named) {
      out.push(
        diagnosticAt(
          { file: draftFile, line: e.line, col: 1 },
          'error',
          'missing-operation',
          `the draft's endpoint ${e.method.toUpperCase()} ${e.path} (§ ${e.section}) has no operation in ${yamlFile}`,
        ),
      );
    } else if (named.method !== e.method) {
      out.push(
        diagnosticAt(
          at(named.at),
          'error',
          'method-mismatch',
          `${named.operationId ?? e.name} is ${named.method.toUpperCase()}; the draft (${draftFile}:${e.line}) says ${e.method.toUpperCase()} ${e.path}`,
        ),
      );
    }
  }

  // Directory keys.
  const dirByKey = new Map(facts.directory.map((d) => [d.key, d]));
  for (const d of facts.directory) {
    if (!ops.some((o) => o.directoryKey === d.key)) {
      out.push(
        diagnosticAt(
          { file: draftFile, line: d.line, col: d.col },
          'error',
          'directory-key-mismatch',
          `the draft's directory example has "${d.key}", but no operation of ${yamlFile} has x-mimi-directory-key: ${d.key}`,
          `add x-mimi-directory-key: ${d.key} to the operation at ${d.path}`,
        ),
      );
    }
  }
  for (const op of ops) {
    if (op.directoryKey === undefined) continue;
    const name = op.operationId ?? op.directoryKey;
    const d = dirByKey.get(op.directoryKey);
    if (!d && facts.directoryLine !== undefined) {
      const guess = didYouMean(op.directoryKey, dirByKey.keys());
      out.push(
        diagnosticAt(
          at([...op.at, 'x-mimi-directory-key']),
          'error',
          'directory-key-mismatch',
          `x-mimi-directory-key ${op.directoryKey} of ${name} is not a key of the draft's directory example (${draftFile}:${facts.directoryLine})`,
          guess ? `did you mean ${guess}?` : undefined,
        ),
      );
    }
    // Path parameters: the YAML against the endpoint section and the directory example.
    const e = endpointByName.get(op.directoryKey);
    const yamlParams = pathParams(op.path);
    const pathAt = at(['paths', op.path]);
    yamlParams.forEach((p, i) => {
      const fromEndpoint = e?.params[i];
      const fromDirectory = d?.params[i];
      if ((fromEndpoint === undefined || fromEndpoint === p) && (fromDirectory === undefined || fromDirectory === p)) return;
      const says: string[] = [];
      if (e && fromEndpoint !== undefined)
        says.push(`the endpoint section (${draftFile}:${e.line}, ${e.method.toUpperCase()} ${e.path}) names it {${fromEndpoint}}`);
      if (d && fromDirectory !== undefined) says.push(`the directory example (${draftFile}:${d.line}) names it {${fromDirectory}}`);
      const col = pathAt.col + Math.max(0, op.path.indexOf(`{${p}}`));
      out.push(
        diagnosticAt(
          { file: yamlFile, line: pathAt.line, col },
          'warning',
          'path-parameter-mismatch',
          `path parameter {${p}} of ${name}: ${says.join('; ')}`,
          fromEndpoint !== fromDirectory && (fromEndpoint === p || fromDirectory === p)
            ? 'the draft disagrees with itself here; record the choice in docs/deviations.md'
            : `rename it to {${fromEndpoint ?? fromDirectory}}`,
        ),
      );
    });
    // The path itself: it should end with the endpoint section's path or be the directory's.
    if (e || d) {
      const n = normalizePath(op.path);
      const okEndpoint = e ? n.endsWith(normalizePath(e.path)) : false;
      const okDirectory = d ? n === normalizePath(d.path) : false;
      if (!okEndpoint && !okDirectory) {
        const says = [
          e ? `the endpoint section (${draftFile}:${e.line}) says ${e.path}` : '',
          d ? `the directory example (${draftFile}:${d.line}) says ${d.path}` : '',
        ].filter(Boolean);
        out.push(diagnosticAt(pathAt, 'warning', 'path-mismatch', `path ${op.path} of ${name}: ${says.join('; ')}`));
      }
    }
  }

  // The draft against itself: directory example vs endpoint sections.
  for (const d of facts.directory) {
    const e = endpointByName.get(d.key);
    if (!e) {
      out.push(
        diagnosticAt(
          { file: draftFile, line: d.line, col: d.col },
          'warning',
          'draft-inconsistency',
          `the directory example has "${d.key}", but no endpoint section defines ${d.key}`,
        ),
      );
      continue;
    }
    const nd = normalizePath(d.path);
    const ne = normalizePath(e.path);
    if (!nd.endsWith(ne)) {
      const slashed = nd.replace(/([^/])\{\}/g, '$1/{}');
      const message = slashed.endsWith(ne)
        ? `the directory example's URL for ${d.key}, ${d.path}, has no '/' before the parameter; its endpoint section (${draftFile}:${e.line}) says ${e.method.toUpperCase()} ${e.path}`
        : `the directory example's URL for ${d.key}, ${d.path}, does not end with the endpoint section's path (${draftFile}:${e.line}: ${e.method.toUpperCase()} ${e.path})`;
      out.push(diagnosticAt({ file: draftFile, line: d.line, col: d.col }, 'warning', 'draft-inconsistency', message));
    }
    const differing = d.params.map((p, i) => [p, e.params[i]] as const).filter(([a, b]) => b !== undefined && a !== b);
    if (differing.length || d.params.length !== e.params.length) {
      out.push(
        diagnosticAt(
          { file: draftFile, line: d.line, col: d.col },
          'warning',
          'draft-inconsistency',
          `the directory example names the path parameter${d.params.length === 1 ? '' : 's'} of ${d.key} ${d.params.map((p) => `{${p}}`).join(', ')}; its endpoint section (${draftFile}:${e.line}) ${e.params.map((p) => `{${p}}`).join(', ')}`,
        ),
      );
    }
  }
  return sortDiagnostics(out);
}

/** swagger-parser's validation (OpenAPI schema, $refs), each error placed at its YAML node. */
async function validate(yamlAbs: string, at: (path: ReadonlyArray<string | number>) => { file: string; line: number; col: number }): Promise<Diagnostic[]> {
  try {
    await (await swaggerParser()).validate(yamlAbs);
    return [];
  } catch (err) {
    const details = (err as { details?: unknown }).details;
    if (Array.isArray(details) && details.length) {
      return details.map((d: { instancePath?: string; message?: string; params?: unknown }) => {
        const pointer = (d.instancePath ?? '')
          .split('/')
          .slice(1)
          .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
        const path = pointer.map((s) => (/^\d+$/.test(s) ? Number(s) : s));
        const where = d.instancePath ? `#${d.instancePath}` : 'the document';
        return diagnosticAt(
          at(path),
          'error',
          'openapi-invalid',
          `${where} ${d.message ?? 'is invalid'}${d.params && isObj(d.params) && Object.keys(d.params).length ? ` (${JSON.stringify(d.params)})` : ''}`,
        );
      });
    }
    const message = err instanceof Error ? err.message : String(err);
    const ref = /\$ref pointer "([^"]+)"/.exec(message);
    return message
      .split('\n')
      .filter((l) => l.trim() !== '')
      .slice(0, ref ? 1 : undefined)
      .map((l) => diagnosticAt(at([]), 'error', 'openapi-invalid', l.trim()));
  }
}
