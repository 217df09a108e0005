import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compilePackage } from '../tls/compile.ts';
import { parseTls } from '../tls/parse/parser.ts';
import { finalize } from './finalize.ts';
import type { Finding } from '../report/model.ts';
import { RULES } from './rules.ts';
import type { SpecSet } from './spec-set.ts';
import { loadSide } from './load-side.ts';
import { diffTls } from './tls-diff.ts';

const ROOT = join(import.meta.dirname, '..', '..');

function side(text: string, label: string, openapi: unknown = null): SpecSet {
  const file = `${label}.tls`;
  const { spec, diagnostics } = parseTls(text, file, 'spec');
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new Error(`${file}: ${errors.map((d) => d.message).join('; ')}`);
  return {
    info: { label, kind: 'spec-dir' },
    tls: [compilePackage('spec', [spec], [])],
    cddl: [],
    openapi: openapi === null ? null : { file: `${label}.yaml`, text: '', doc: openapi },
    diagnostics: [],
  };
}

function diff(oldText: string, newText: string, openapi: { old?: unknown; new?: unknown } = {}): Finding[] {
  return finalize(diffTls(side(oldText, 'old', openapi.old ?? null), side(newText, 'new', openapi.new ?? null)));
}

const brief = (fs: readonly Finding[]) => fs.map((f) => `${f.rule} ${f.subject}`).sort();

describe('tls-* fixtures', () => {
  const tlsRules = RULES.filter((r) => r.id.startsWith('tls-'));
  /** Findings a fixture cannot avoid besides its own rule. */
  const alsoExpected: Record<string, string[]> = {
    'tls-type-changed-via-dependency': ['tls-integer-width-changed'],
  };

  it('covers all 31 tls rules', () => {
    expect(tlsRules).toHaveLength(31);
  });

  for (const rule of tlsRules) {
    it(`${rule.id} fires on its fixture, and only it`, async () => {
      // Loaded as `mimi spec diff old.tls new.tls` would: some fixtures are meant not to parse.
      const dir = join(ROOT, rule.fixture);
      const load = (f: string) => loadSide(join(dir, f), { root: ROOT, cwd: ROOT });
      const findings = finalize(diffTls(await load('old.tls'), await load('new.tls')));
      const rules = [...new Set(findings.map((f) => f.rule))].sort();
      expect(rules).toEqual([rule.id, ...(alsoExpected[rule.id] ?? [])].sort());
      for (const f of findings) {
        expect(f.message).not.toMatch(/line \d|:\d+/);
        expect(f.oldText ?? f.newText).toBeTruthy();
      }
    });
  }

  it('report exact subjects on the fixtures', () => {
    const subjects = (id: string) => {
      const dir = join(ROOT, 'test/fixtures/diff', id);
      return brief(diff(readFileSync(join(dir, 'old.tls'), 'utf8'), readFileSync(join(dir, 'new.tls'), 'utf8')));
    };
    expect(subjects('tls-struct-field-inserted')).toEqual(['tls-struct-field-inserted Message.timestamp']);
    expect(subjects('tls-struct-field-reordered')).toEqual(['tls-struct-field-reordered Message.version']);
    expect(subjects('tls-struct-field-renamed')).toEqual(['tls-struct-field-renamed Message.timestamp']);
    expect(subjects('tls-enum-value-renamed')).toEqual(['tls-enum-value-renamed Color.green']);
    expect(subjects('tls-select-arm-added')).toEqual(['tls-select-arm-added Content.select(type).file']);
    expect(subjects('tls-select-arm-renumbered')).toEqual(['tls-select-arm-renumbered Content.select(type).image']);
    expect(subjects('tls-select-discriminator-changed')).toEqual(['tls-select-discriminator-changed Content.select(fallback)']);
    expect(subjects('tls-definition-text-changed')).toEqual(['tls-definition-text-changed Color', 'tls-definition-text-changed Message']);
    expect(subjects('tls-type-changed-via-dependency')).toEqual(['tls-integer-width-changed Inner.id', 'tls-type-changed-via-dependency Outer']);
  });
});

describe('diffTls', () => {
  it('finds nothing between identical sides', () => {
    const text = readFileSync(join(ROOT, 'spec/tls/draft-ietf-mls-protocol.tls'), 'utf8');
    expect(diff(text, text)).toEqual([]);
  });

  it('finds nothing between empty sides, and never throws on odd input', () => {
    expect(diff('', '')).toEqual([]);
    const odd = 'struct { Missing m; } A;\nstruct { uint8 a; } A;\nstruct { A a; select (nowhere) { case x: uint8 y; }; } B;';
    expect(() => diff(odd, '')).not.toThrow();
    expect(() => diff('', odd)).not.toThrow();
    expect(() => diff(odd, odd.replace('uint8 y', 'uint16 y'))).not.toThrow();
  });

  it('reports a rename as a rename, not as a removal and an addition', () => {
    const findings = diff('struct { uint8 a; opaque b<V>; } Old;', 'struct { uint8 a; opaque b<V>; } New;');
    expect(brief(findings)).toEqual(['tls-type-renamed Old']);
    expect(findings[0]?.message).toBe('struct `Old` renamed to `New`');
    expect(findings[0]?.old?.line).toBe(1);
    expect(findings[0]?.new?.line).toBe(1);
  });

  it('renames a struct together with its inline structs and the types that refer to it', () => {
    const findings = diff(
      'struct { struct { uint8 a; } inner; uint16 b; } Parent;\nstruct { Parent p; } User;',
      'struct { struct { uint8 a; } inner; uint16 b; } Renamed;\nstruct { Renamed p; } User;',
    );
    expect(brief(findings)).toEqual(['tls-type-renamed Parent']);
  });

  it('compares inline structs in place, with dotted subjects', () => {
    const findings = diff('struct { struct { uint8 a; } inner; } P;', 'struct { struct { uint16 a; } inner; } P;');
    expect(brief(findings)).toEqual(['tls-integer-width-changed P.inner.a']);
    expect(findings[0]?.message).toBe('uint8 → uint16');
  });

  it('renames fields and enum values that keep their position and number', () => {
    expect(brief(diff('struct { uint8 a; uint16 b; } T;', 'struct { uint8 a; uint16 c; } T;'))).toEqual(['tls-struct-field-renamed T.b']);
    expect(brief(diff('enum { x(0), y(1), (255) } E;', 'enum { x(0), z(1), (255) } E;'))).toEqual(['tls-enum-value-renamed E.y']);
    // Same position, different type: fields are positional, so a rename and, on its own, the type change.
    const retyped = diff('struct { uint8 a; uint16 b; } T;', 'struct { uint8 a; uint32 c; } T;');
    expect(retyped.map((f) => `${f.level} ${f.category} ${f.rule} ${f.subject}`).sort()).toEqual([
      'ERR WIRE tls-integer-width-changed T.c',
      'WARN SOURCE tls-struct-field-renamed T.b',
    ]);
    // Two fields replaced by one: no position to pair them by, a removal and an insertion each.
    expect(brief(diff('struct { uint8 a; uint16 b; opaque d<V>; } T;', 'struct { uint8 a; uint32 c; } T;'))).toEqual([
      'tls-struct-field-inserted T.c',
      'tls-struct-field-removed T.b',
      'tls-struct-field-removed T.d',
    ]);
  });

  it('names the position of an inserted field', () => {
    const findings = diff(
      'struct { uint8 a; uint8 b; opaque c<V>; } KeyPackage;',
      'struct { uint8 a; uint8 b; opaque signature<V>; opaque c<V>; } KeyPackage;',
    );
    expect(findings.map((f) => f.message)).toEqual(['field `signature` inserted at position 3 of KeyPackage']);
  });

  it('reports a field insertion in A as a change of B through A', () => {
    const findings = diff('struct { uint8 x; } A;\nstruct { A a; uint8 y; } B;', 'struct { uint8 x; uint8 z; } A;\nstruct { A a; uint8 y; } B;');
    expect(brief(findings)).toEqual(['tls-struct-field-inserted A.z', 'tls-type-changed-via-dependency B']);
    expect(findings.find((f) => f.subject === 'B')?.causes).toEqual(['A']);
  });

  it('propagates through several levels, naming the direct cause', () => {
    const findings = diff(
      'struct { uint8 x; } A;\nstruct { A a<V>; } B;\nstruct { optional<B> b; } C;\nstruct { uint8 q; } D;',
      'struct { uint16 x; } A;\nstruct { A a<V>; } B;\nstruct { optional<B> b; } C;\nstruct { uint8 q; } D;',
    );
    expect(brief(findings)).toEqual(['tls-integer-width-changed A.x', 'tls-type-changed-via-dependency B', 'tls-type-changed-via-dependency C']);
    expect(findings.find((f) => f.subject === 'C')?.causes).toEqual(['B']);
  });

  it('passes a change on through a type whose own findings leave the wire alone, which gets no finding of its own', () => {
    const findings = diff(
      'struct { uint8 x; } A;\nstruct { A a; uint8 y; } B;\nstruct { B b; } C;',
      'struct { uint16 x; } A;\nstruct { A a; uint8 z; } B;\nstruct { B b; } C;',
    );
    expect(brief(findings)).toEqual(['tls-integer-width-changed A.x', 'tls-struct-field-renamed B.y', 'tls-type-changed-via-dependency C']);
    expect(findings.find((f) => f.subject === 'C')?.causes).toEqual(['B']);
  });

  it('propagates whatever the order of the declarations', () => {
    const oldText = 'struct { C c; } D;\nstruct { optional<B> b; } C;\nstruct { A a<V>; } B;\nstruct { uint8 x; } A;';
    const findings = diff(oldText, oldText.replace('uint8 x', 'uint16 x'));
    expect(brief(findings)).toEqual([
      'tls-integer-width-changed A.x',
      'tls-type-changed-via-dependency B',
      'tls-type-changed-via-dependency C',
      'tls-type-changed-via-dependency D',
    ]);
    expect(findings.find((f) => f.subject === 'D')?.causes).toEqual(['C']);
  });

  it('names as causes only the changed types it contains, never itself', () => {
    const oldText = 'struct { uint8 x; } A1;\nstruct { uint8 x; } A2;\nstruct { uint8 q; } D;\nstruct { A1 a1; D d; A2 a2; optional<B> next; } B;';
    const findings = diff(oldText, oldText.replace('uint8 x; } A1', 'uint16 x; } A1').replace('uint8 x; } A2', 'uint32 x; } A2'));
    const b = findings.find((f) => f.subject === 'B');
    expect(b).toMatchObject({
      rule: 'tls-type-changed-via-dependency',
      domain: 'tls',
      message: '`B` is unchanged but contains `A1`, `A2`, changed on the wire',
      causes: ['A1', 'A2'],
      old: { file: 'old.tls', line: 4 },
      new: { file: 'new.tls', line: 4 },
    });
    expect(brief(findings)).toEqual(['tls-integer-width-changed A1.x', 'tls-integer-width-changed A2.x', 'tls-type-changed-via-dependency B']);
  });

  it('a type that still contains a removed type changed through it', () => {
    const findings = diff('struct { uint8 x; } A;\nstruct { A a; } B;', 'struct { A a; } B;');
    expect(brief(findings)).toEqual(['tls-type-changed-via-dependency B', 'tls-type-removed A']);
    expect(findings.find((f) => f.subject === 'B')?.causes).toEqual(['A']);
  });

  it('does not propagate changes that are not ERR or WARN on the wire', () => {
    const findings = diff('enum { a(0), (127) } E;\nstruct { E e; } S;', 'enum { a(0), (255) } E;\nstruct { E e; } S;');
    expect(brief(findings)).toEqual(['tls-enum-max-changed E']);
  });

  it('recurses into select arms and matches renamed enum labels', () => {
    const oldText = 'enum { a(0), b(1), (255) } K;\nstruct { K k; select (k) { case a: uint8 x; case b: uint16 y; }; } T;';
    expect(brief(diff(oldText, oldText.replace('uint16 y', 'uint32 y')))).toEqual(['tls-integer-width-changed T.select(k).b.y']);
    // `b` renamed to `bee` in the enum: the arm's label follows, no arm is added or removed.
    expect(brief(diff(oldText, oldText.replace('b(1)', 'bee(1)').replace('case b:', 'case bee:')))).toEqual(['tls-enum-value-renamed K.b']);
  });

  it('finds the accepted_timestamp width change in the MIMI protocol spec', () => {
    const text = readFileSync(join(ROOT, 'spec/tls/draft-ietf-mimi-protocol.tls'), 'utf8');
    const mls = readFileSync(join(ROOT, 'spec/tls/draft-ietf-mls-protocol.tls'), 'utf8');
    const mlsExt = readFileSync(join(ROOT, 'spec/tls/draft-ietf-mls-extensions.tls'), 'utf8');
    const mlsPkg = compilePackage('mls', [parseTls(mls, 'mls.tls', 'mls').spec, parseTls(mlsExt, 'mls-ext.tls', 'mls-ext').spec]);
    const mimiSide = (t: string, label: string): SpecSet => ({
      info: { label, kind: 'spec-dir' },
      tls: [compilePackage('mimi-protocol', [parseTls(t, 'draft-ietf-mimi-protocol.tls', 'mimi').spec], [mlsPkg])],
      cddl: [],
      openapi: null,
      diagnostics: [],
    });
    const findings = finalize(diffTls(mimiSide(text, 'old'), mimiSide(text.replaceAll('uint64 accepted_timestamp', 'uint32 accepted_timestamp'), 'new')));
    const widths = findings.filter((f) => f.rule === 'tls-integer-width-changed');
    expect(widths.map((f) => f.subject).sort()).toEqual([
      'AbusiveMessage.accepted_timestamp',
      'ServerFrankingContext.accepted_timestamp',
      'SubmitMessageResponse.select(protocol).mls10.select(statusCode).accepted.accepted_timestamp',
      'UpdateRoomResponse.select(responseCode).success.accepted_timestamp',
    ]);
    expect(widths.every((f) => f.message === 'uint64 → uint32' && f.level === 'ERR')).toBe(true);
    expect(findings.filter((f) => f.rule !== 'tls-integer-width-changed').every((f) => f.rule === 'tls-type-changed-via-dependency')).toBe(true);
  });

  it('gives the direction from the OpenAPI bodies', () => {
    const doc = {
      openapi: '3.1.0',
      paths: {
        '/x': {
          post: {
            requestBody: { content: { 'application/mimi-protocol': { 'x-mimi-tls-type': 'Req' } } },
            responses: { '200': { content: { 'application/mimi-protocol': { 'x-mimi-tls-type': 'Resp' } } } },
          },
        },
      },
    };
    const oldText =
      'enum { a(0), (255) } Kind;\nenum { a(0), (255) } Status;\nstruct { Kind k; } Req;\nstruct { Status s; Kind k; } Resp;\nenum { a(0), (255) } Free;';
    const newText = oldText.replaceAll('{ a(0), (255) }', '{ a(0), b(1), (255) }');
    const findings = diff(oldText, newText, { new: doc });
    const added = findings.filter((f) => f.rule === 'tls-enum-value-added');
    expect(added.map((f) => [f.subject, f.direction, f.level])).toEqual(
      [
        ['Free.b', 'unknown', 'WARN'],
        ['Status.b', 'response', 'WARN'],
        ['Kind.b', 'unknown', 'WARN'],
      ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    );
    const requestOnly = diff('enum { a(0), (255) } Kind;\nstruct { Kind k; } Req;', 'enum { a(0), b(1), (255) } Kind;\nstruct { Kind k; } Req;', { old: doc });
    expect(requestOnly.map((f) => [f.rule, f.subject, f.direction, f.level])).toEqual([['tls-enum-value-added', 'Kind.b', 'request', 'INFO']]);
    expect(diff('enum { a(0), (255) } Kind;', 'enum { a(0), b(1), (255) } Kind;')[0]?.direction).toBeUndefined();
  });

  it('a renamed type travels the way either of its names does', () => {
    const body = (type: string, where: 'request' | 'response') => ({
      openapi: '3.1.0',
      paths: {
        '/x': {
          post:
            where === 'request'
              ? { requestBody: { content: { 'application/mimi-protocol': { 'x-mimi-tls-type': type } } } }
              : { responses: { '200': { content: { 'application/mimi-protocol': { 'x-mimi-tls-type': type } } } } },
        },
      },
    });
    const renamed = (openapi: { old?: unknown; new?: unknown }) =>
      diff('struct { uint8 a; } Old;', 'struct { uint8 a; } New;', openapi).map((f) => [f.rule, f.direction]);
    expect(renamed({ old: body('Old', 'request') })).toEqual([['tls-type-renamed', 'request']]);
    expect(renamed({ new: body('New', 'request') })).toEqual([['tls-type-renamed', 'request']]);
    expect(renamed({ old: body('Old', 'response') })).toEqual([['tls-type-renamed', 'response']]);
    expect(renamed({ new: body('New', 'response') })).toEqual([['tls-type-renamed', 'response']]);
  });

  it('a body without a TLS type next to one with it does not hide it; a recursive type in a body is reached once', () => {
    const doc = {
      openapi: '3.1.0',
      paths: {
        '/x': {
          post: { requestBody: { content: { 'application/mimi-protocol': { 'x-mimi-tls-type': 'Req' }, 'application/json': { schema: { type: 'object' } } } } },
        },
      },
    };
    const oldText = 'enum { a(0), (255) } Kind;\nstruct { Kind k; optional<Req> next; } Req;';
    const findings = diff(oldText, oldText.replace('a(0),', 'a(0), b(1),'), { new: doc });
    expect(findings.map((f) => [f.rule, f.subject, f.direction, f.level])).toEqual([['tls-enum-value-added', 'Kind.b', 'request', 'INFO']]);
  });

  it('a finding whose direction nobody can tell carries no direction at all', () => {
    const [f] = diffTls(side('struct { uint8 a; } T;', 'old'), side('struct { uint16 a; } T;', 'new'));
    expect(f && 'direction' in f).toBe(false);
  });

  it('carries both texts and locations', () => {
    const [f] = diff('struct {\n  uint16 n;\n} T;', '// comment\nstruct {\n  uint32 n;\n} T;');
    expect(f?.oldText).toBe('struct {\n  uint16 n;\n} T;');
    expect(f?.newText).toBe('struct {\n  uint32 n;\n} T;');
    expect(f?.old).toMatchObject({ file: 'old.tls', line: 2 });
    expect(f?.new).toMatchObject({ file: 'new.tls', line: 3 });
  });

  it('is deterministic', () => {
    const text = readFileSync(join(ROOT, 'spec/tls/draft-ietf-mls-protocol.tls'), 'utf8');
    const changed = text.replace('uint32 ', 'uint64 ').replace('(255)', '(65535)');
    const a = diffTls(side(text, 'old'), side(changed, 'new'));
    const b = diffTls(side(text, 'old'), side(changed, 'new'));
    expect(a).toEqual(b);
  });
});
