/**
 * `mimi spec diff` for the OpenAPI description of the transport (spec/openapi/mimi-protocol.yaml):
 * what a peer on the old version sees change on the new one, reported with the `api-*` rules of
 * rules.json, like oasdiff's breaking-change checks but for what MIMI's generator relies on:
 * routes, statuses, media types, the TLS type of each body (`x-mimi-tls-type`, with its
 * `x-mimi-tls-context`), the serving role and the directory key.
 *
 * Operations are matched by operationId, then by method and path, then by method and path with
 * parameters unnamed (so a renamed operation whose parameter was renamed too is still one
 * operation). Bodies and statuses are compared through `$ref`s, which the document keeps.
 * Each finding carries the operation's YAML in both versions for side-by-side views.
 */
import { normalizePath, operationFacts, pathParams, resolveRef, YamlLocator, type OperationFact } from '../lint/openapi-lint.ts';
import { matchByKey, pairInOrder } from '../common/align.ts';
import type { Direction, RawFinding, SourceLocation } from '../report/model.ts';
import type { OpenApiSide, SpecSet } from './spec-set.ts';

/** The rules this differ reports (typed, so a misspelt id fails to compile rather than in finalize). */
type ApiRuleId =
  | 'api-operation-added'
  | 'api-operation-removed'
  | 'api-operation-id-changed'
  | 'api-path-changed'
  | 'api-method-changed'
  | 'api-path-param-renamed'
  | 'api-success-status-changed'
  | 'api-error-status-added'
  | 'api-error-status-removed'
  | 'api-media-type-changed'
  | 'api-body-type-changed'
  | 'api-body-added'
  | 'api-body-removed'
  | 'api-role-changed'
  | 'api-directory-key-changed';

export function diffOpenApi(oldSide: SpecSet, newSide: SpecSet): RawFinding[] {
  // One side without an OpenAPI document means the user compared different kinds of input, not
  // that every operation was removed or added.
  if (!oldSide.openapi || !newSide.openapi) return [];
  const old = readVersion(oldSide.openapi);
  const next = readVersion(newSide.openapi);
  const out: RawFinding[] = [];
  const { pairs, removed, added } = matchOperations(old.ops, next.ops);
  for (const o of removed) {
    out.push(opFinding('api-operation-removed', o.name, `Operation \`${o.name}\` (${route(o.fact)}) was removed.`, { version: old, op: o }, undefined));
  }
  for (const [o, n] of pairs) out.push(...new OperationComparer(old, next, o, n).run());
  for (const n of added) {
    out.push(opFinding('api-operation-added', n.name, `Operation \`${n.name}\` (${route(n.fact)}) was added.`, undefined, { version: next, op: n }));
  }
  return out;
}

// ---------------------------------------------------------------- one version

/** A request or response body in one media type, with what identifies its content. */
interface Body {
  mediaType: string;
  /** Equal for two bodies with the same content: TLS type and context, else the schema. */
  identity: string;
  /** For messages: `KeyMaterialRequest`, `schema Problem`, `an inline schema`. */
  shown: string;
}

interface Operation {
  fact: OperationFact;
  /** operationId, or `POST /path` without one. */
  name: string;
  request: Body[];
  /** Status (as written: `200`, `4XX`, `default`) → bodies. */
  responses: Map<string, Body[]>;
  /** The operation's YAML lines. */
  text: string | undefined;
}

interface ApiVersion {
  file: string;
  locator: YamlLocator;
  ops: Operation[];
}

type MediaFact = OperationFact['request'][number];
type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function readVersion(side: OpenApiSide): ApiVersion {
  const locator = new YamlLocator(side.text);
  const lines = side.text.split(/\r?\n/);
  const ops = operationFacts(side.doc).map(
    (fact): Operation => ({
      fact,
      name: fact.operationId ?? route(fact),
      request: fact.request.map((m) => bodyOf(side.doc, m)),
      responses: new Map(fact.responses.map((r) => [r.status, r.media.map((m) => bodyOf(side.doc, m))])),
      text: operationText(lines, locator, fact.at),
    }),
  );
  return { file: side.file, locator, ops };
}

function route(fact: OperationFact): string {
  return `${fact.method.toUpperCase()} ${fact.path}`;
}

/** The node at `path`, following `$ref`s on the way (bodies and responses are often references). */
function lookup(doc: unknown, path: ReadonlyArray<string | number>): unknown {
  let cur: unknown = doc;
  for (const seg of path) {
    const here = resolveRef(doc, cur);
    cur = isObj(here) ? here[String(seg)] : undefined;
  }
  return resolveRef(doc, cur);
}

function bodyOf(doc: unknown, { at, mediaType, tlsType, tlsContext }: MediaFact): Body {
  if (tlsType !== undefined) {
    // The schema of a TLS body is the opaque TlsBody: the TLS type and its context say what it holds.
    const context = tlsContext && Object.keys(tlsContext).length ? ` (x-mimi-tls-context ${stableJson(tlsContext)})` : '';
    return { mediaType, identity: `tls:${tlsType}${context}`, shown: `\`${tlsType}\`${context}` };
  }
  const media = lookup(doc, at);
  const schema = isObj(media) ? media.schema : undefined;
  const ref = isObj(schema) && typeof schema.$ref === 'string' ? schema.$ref : undefined;
  if (ref !== undefined) {
    const name = ref.slice(ref.lastIndexOf('/') + 1);
    return { mediaType, identity: `ref:${ref}`, shown: `schema \`${name}\`` };
  }
  if (schema === undefined) return { mediaType, identity: 'none', shown: 'no schema' };
  return { mediaType, identity: `inline:${stableJson(schema)}`, shown: 'an inline schema' };
}

/** JSON with object keys sorted: equal for equal values however the YAML ordered them. */
function stableJson(value: unknown): string {
  const sort = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(sort)
      : isObj(v)
        ? Object.fromEntries(
            Object.keys(v)
              .sort()
              .map((k) => [k, sort(v[k])]),
          )
        : v;
  return JSON.stringify(sort(value));
}

/**
 * The YAML lines of the operation at `at` (`paths`, path, method): from the method's line to the
 * next line indented no deeper (the next method, path or top-level key). Undefined when the
 * document is not block-style YAML the locator can follow (JSON, flow style).
 */
function operationText(lines: readonly string[], locator: YamlLocator, at: ReadonlyArray<string | number>): string | undefined {
  const { line, col } = locator.locate(at);
  const method = String(at[at.length - 1]);
  if (!new RegExp(`^\\s*(['"]?)${method}\\1\\s*:`).test(lines[line - 1] ?? '')) return undefined;
  let end = line;
  for (; end < lines.length; end++) {
    const l = lines[end]!;
    if (l.trim() !== '' && l.length - l.trimStart().length < col) break;
  }
  while (end > line && lines[end - 1]!.trim() === '') end--;
  return lines.slice(line - 1, end).join('\n');
}

function locate(version: ApiVersion, path: ReadonlyArray<string | number>): SourceLocation {
  return { file: version.file, ...version.locator.locate(path) };
}

// ---------------------------------------------------------------- matching

function matchOperations(old: Operation[], next: Operation[]): { pairs: Array<[Operation, Operation]>; removed: Operation[]; added: Operation[] } {
  const sameId = (a: OperationFact, b: OperationFact) => a.operationId !== undefined && a.operationId === b.operationId;
  const sameRoute = (a: OperationFact, b: OperationFact) => a.method === b.method && a.path === b.path;
  const sameShape = (a: OperationFact, b: OperationFact) => a.method === b.method && normalizePath(a.path) === normalizePath(b.path);
  const pairs: Array<[Operation, Operation]> = [];
  let removed = old.map((_, i) => i);
  let added = next.map((_, j) => j);
  for (const same of [sameId, sameRoute, sameShape]) {
    const m = pairInOrder(removed, added, (i, j) => same(old[i]!.fact, next[j]!.fact));
    for (const [i, j] of m.pairs) pairs.push([old[i]!, next[j]!]);
    removed = m.removed;
    added = m.added;
  }
  return { pairs, removed: removed.map((i) => old[i]!), added: added.map((j) => next[j]!) };
}

// ---------------------------------------------------------------- comparing one operation

interface OpAt {
  version: ApiVersion;
  op: Operation;
  /** Below the operation's YAML node, for the location. */
  part?: ReadonlyArray<string | number>;
}

function opFinding(rule: ApiRuleId, subject: string, message: string, o: OpAt | undefined, n: OpAt | undefined, direction?: Direction): RawFinding {
  const f: RawFinding = { rule, domain: 'openapi', subject, message };
  if (direction) f.direction = direction;
  if (o) {
    f.old = locate(o.version, o.part ? [...o.op.fact.at, ...o.part] : o.op.fact.at);
    if (o.op.text !== undefined) f.oldText = o.op.text;
  }
  if (n) {
    f.new = locate(n.version, n.part ? [...n.op.fact.at, ...n.part] : n.op.fact.at);
    if (n.op.text !== undefined) f.newText = n.op.text;
  }
  return f;
}

const isSuccess = (status: string): boolean => /^2(?:\d\d|XX)$/i.test(status);

class OperationComparer {
  private readonly findings: RawFinding[] = [];
  /** Subjects are named after the old operation: what readers of the old version know it by. */
  private readonly name: string;

  constructor(
    private readonly oldVersion: ApiVersion,
    private readonly newVersion: ApiVersion,
    private readonly o: Operation,
    private readonly n: Operation,
  ) {
    this.name = o.name;
  }

  run(): RawFinding[] {
    const a = this.o.fact;
    const b = this.n.fact;
    if (a.operationId !== b.operationId) {
      this.emit('api-operation-id-changed', route(a), `\`${route(a)}\` has operationId ${show(b.operationId)} instead of ${show(a.operationId)}.`, [
        'operationId',
      ]);
    }
    this.comparePath(a.path, b.path);
    if (a.method !== b.method)
      this.emit('api-method-changed', `${this.name}.method`, `\`${this.name}\` is now ${b.method.toUpperCase()} instead of ${a.method.toUpperCase()}.`, []);
    if (stableJson(a.role) !== stableJson(b.role)) {
      this.emit('api-role-changed', `${this.name}.role`, `\`${this.name}\` is served by x-mimi-role ${show(b.role)} instead of ${show(a.role)}.`, [
        'x-mimi-role',
      ]);
    }
    if (a.directoryKey !== b.directoryKey) {
      this.emit(
        'api-directory-key-changed',
        `${this.name}.directoryKey`,
        `\`${this.name}\` is under x-mimi-directory-key ${show(b.directoryKey)} instead of ${show(a.directoryKey)}.`,
        ['x-mimi-directory-key'],
      );
    }
    this.compareBodies(this.o.request, this.n.request, 'request', `${this.name}.request`, `the request of \`${this.name}\``, ['requestBody']);
    this.compareResponses();
    return this.findings;
  }

  /** Same template with other parameter names: renamed parameters (URLs do not change); otherwise a new path. */
  private comparePath(from: string, to: string): void {
    if (from === to) return;
    if (normalizePath(from) !== normalizePath(to)) {
      this.emit('api-path-changed', `${this.name}.path`, `\`${this.name}\` is now at ${to} instead of ${from}.`, []);
      return;
    }
    const after = pathParams(to);
    pathParams(from).forEach((p, i) => {
      const q = after[i];
      if (q !== undefined && q !== p) {
        this.emit('api-path-param-renamed', `${this.name}.parameters.${p}`, `Path parameter {${p}} of \`${this.name}\` is now named {${q}}.`, ['parameters']);
      }
    });
  }

  /**
   * Statuses both versions document: their bodies. A success status lost and one gained: the
   * success status changed (bodies compared across). Other statuses gained or lost: error statuses.
   */
  private compareResponses(): void {
    const before = [...this.o.responses.keys()];
    const after = [...this.n.responses.keys()];
    const m = matchByKey(before, after, (s) => s.toUpperCase());
    for (const [i, j] of m.pairs) this.compareResponse(before[i]!, after[j]!);
    const moved = pairInOrder(
      m.removed.filter((i) => isSuccess(before[i]!)),
      m.added.filter((j) => isSuccess(after[j]!)),
      () => true,
    );
    for (const [i, j] of moved.pairs) {
      const from = before[i]!;
      const to = after[j]!;
      this.emit(
        'api-success-status-changed',
        `${this.name}.responses.${from}`,
        `\`${this.name}\` answers ${to} instead of ${from} on success.`,
        ['responses', from],
        ['responses', to],
      );
      this.compareResponse(from, to);
    }
    for (const i of moved.removed) {
      const s = before[i]!;
      this.emit(
        'api-success-status-changed',
        `${this.name}.responses.${s}`,
        `\`${this.name}\` no longer answers ${s} on success.`,
        ['responses', s],
        ['responses'],
      );
    }
    for (const j of moved.added) {
      const s = after[j]!;
      this.emit(
        'api-success-status-changed',
        `${this.name}.responses.${s}`,
        `\`${this.name}\` now also answers ${s} on success.`,
        ['responses'],
        ['responses', s],
      );
    }
    for (const i of m.removed.filter((i) => !isSuccess(before[i]!))) {
      const s = before[i]!;
      this.emit(
        'api-error-status-removed',
        `${this.name}.responses.${s}`,
        `\`${this.name}\` no longer documents status ${s}.`,
        ['responses', s],
        ['responses'],
        'response',
      );
    }
    for (const j of m.added.filter((j) => !isSuccess(after[j]!))) {
      const s = after[j]!;
      this.emit(
        'api-error-status-added',
        `${this.name}.responses.${s}`,
        `\`${this.name}\` now documents status ${s}.`,
        ['responses'],
        ['responses', s],
        'response',
      );
    }
  }

  private compareResponse(from: string, to: string): void {
    const what = from === to ? `the ${from} response of \`${this.name}\`` : `the success response of \`${this.name}\``;
    this.compareBodies(
      this.o.responses.get(from) ?? [],
      this.n.responses.get(to) ?? [],
      'response',
      `${this.name}.responses.${from}`,
      what,
      ['responses', from],
      ['responses', to],
    );
  }

  /** A body gained or lost; else its media types, and the content of each media type both have (or that replaced another). */
  private compareBodies(o: Body[], n: Body[], direction: Direction, subject: string, what: string, oldPart: string[], newPart = oldPart): void {
    if (o.length === 0 && n.length === 0) return;
    const describe = (bodies: Body[]) => bodies.map((b) => `${b.mediaType} ${b.shown}`).join(', ');
    if (o.length === 0) {
      this.emit('api-body-added', subject, `${capitalize(what)} now has a body: ${describe(n)}.`, oldPart, newPart, direction);
      return;
    }
    if (n.length === 0) {
      this.emit('api-body-removed', subject, `${capitalize(what)} no longer has a body (it was ${describe(o)}).`, oldPart, newPart, direction);
      return;
    }
    const m = matchByKey(o, n, (b) => b.mediaType);
    if (m.removed.length || m.added.length) {
      const lost = m.removed.map((i) => o[i]!.mediaType).join(', ');
      const gained = m.added.map((j) => n[j]!.mediaType).join(', ');
      const change = lost && gained ? `is now ${gained} instead of ${lost}` : gained ? `can now also be ${gained}` : `can no longer be ${lost}`;
      this.emit('api-media-type-changed', subject, `${capitalize(what)} ${change}.`, oldPart, newPart, direction);
    }
    // A media type that replaced another still carries a body whose content can change too.
    const replaced = pairInOrder(m.removed, m.added, () => true);
    for (const [i, j] of [...m.pairs, ...replaced.pairs]) {
      const a = o[i]!;
      const b = n[j]!;
      if (a.identity !== b.identity) {
        this.emit(
          'api-body-type-changed',
          subject,
          `${capitalize(what)} (${b.mediaType}) is now ${b.shown} instead of ${a.shown}.`,
          oldPart,
          newPart,
          direction,
        );
      }
    }
  }

  private emit(rule: ApiRuleId, subject: string, message: string, oldPart: ReadonlyArray<string | number>, newPart = oldPart, direction?: Direction): void {
    this.findings.push(
      opFinding(
        rule,
        subject,
        message,
        { version: this.oldVersion, op: this.o, part: oldPart },
        { version: this.newVersion, op: this.n, part: newPart },
        direction,
      ),
    );
  }
}

function show(value: unknown): string {
  return value === undefined ? 'none' : `\`${typeof value === 'string' ? value : JSON.stringify(value)}\``;
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
