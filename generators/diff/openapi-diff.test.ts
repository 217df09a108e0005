import SwaggerParser from '@apidevtools/swagger-parser';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { finalize } from './finalize.ts';
import type { RawFinding } from '../report/model.ts';
import { diffOpenApi } from './openapi-diff.ts';
import { RULES } from './rules.ts';
import type { SpecSet } from './spec-set.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const YAML = 'spec/openapi/mimi-protocol.yaml';
const yamlText = readFileSync(join(ROOT, YAML), 'utf8');
const tmp = mkdtempSync(join(tmpdir(), 'mimi-openapi-diff-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A side holding the OpenAPI document at `path` (parsed by swagger-parser, not dereferenced). */
async function side(path: string, file = path): Promise<SpecSet> {
  const text = readFileSync(path, 'utf8');
  const doc: unknown = await SwaggerParser.parse(path);
  return { info: { label: file, kind: 'openapi' }, tls: [], cddl: [], openapi: { file, text, doc }, diagnostics: [] };
}

/** A side holding `text` (written to a temporary file for swagger-parser). */
async function sideOf(text: string, file: string): Promise<SpecSet> {
  const path = join(tmp, `${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(path, text);
  return side(path, file);
}

function replaceOnce(text: string, from: string, to: string): string {
  expect(text.includes(from), `text not found: ${from}`).toBe(true);
  return text.replace(from, to);
}

/** `rule subject direction` of each finding, sorted. */
const summary = (findings: readonly RawFinding[]): string[] => findings.map((f) => `${f.rule} ${f.subject}${f.direction ? ` ${f.direction}` : ''}`).sort();

/** What each fixture pair must report, exactly. */
const FIXTURE_FINDINGS: Record<string, string[]> = {
  'api-operation-added': ['api-operation-added notify'],
  'api-operation-removed': ['api-operation-removed notify'],
  'api-operation-id-changed': ['api-operation-id-changed POST /v1/keyMaterial/{targetUser}'],
  'api-path-changed': ['api-path-changed keyMaterial.path'],
  'api-method-changed': ['api-method-changed keyMaterial.method'],
  'api-path-param-renamed': ['api-path-param-renamed keyMaterial.parameters.targetUser'],
  'api-success-status-changed': ['api-success-status-changed keyMaterial.responses.200'],
  'api-error-status-added': ['api-error-status-added keyMaterial.responses.404 response'],
  'api-error-status-removed': ['api-error-status-removed keyMaterial.responses.400 response'],
  'api-media-type-changed': ['api-media-type-changed keyMaterial.request request'],
  'api-body-type-changed': ['api-body-type-changed keyMaterial.responses.200 response'],
  'api-body-added': ['api-body-added keyMaterial.request request'],
  'api-body-removed': ['api-body-removed keyMaterial.responses.200 response'],
  'api-role-changed': ['api-role-changed keyMaterial.role'],
  'api-directory-key-changed': ['api-directory-key-changed keyMaterial.directoryKey'],
};

describe('diffOpenApi: fixture pairs', () => {
  const rules = RULES.filter((r) => r.domain === 'openapi');

  it('has an expectation for every api rule of the catalogue', () => {
    expect(Object.keys(FIXTURE_FINDINGS).sort()).toEqual(rules.map((r) => r.id).sort());
  });

  it.each(rules.map((r) => [r.id, r.fixture]))('%s fires on its fixture, and only what it should', async (id, fixture) => {
    const oldPath = join(ROOT, fixture, 'old.yaml');
    const newPath = join(ROOT, fixture, 'new.yaml');
    // Valid OpenAPI 3.1 on both sides, so the rule fires on what real documents can say.
    await SwaggerParser.validate(oldPath);
    await SwaggerParser.validate(newPath);
    const before = await side(oldPath, `${fixture}/old.yaml`);
    const after = await side(newPath, `${fixture}/new.yaml`);
    expect(summary(finalize(diffOpenApi(before, after)))).toEqual(FIXTURE_FINDINGS[id]);
    expect(diffOpenApi(before, before)).toEqual([]);
    expect(diffOpenApi(after, after)).toEqual([]);
  });
});

describe('diffOpenApi on spec/openapi/mimi-protocol.yaml', () => {
  it('finds nothing between identical versions', async () => {
    const s = await side(join(ROOT, YAML), YAML);
    expect(diffOpenApi(s, s)).toEqual([]);
  });

  it("reports notify's success status 201 → 200, with the operation's YAML in each version", async () => {
    const before = await side(join(ROOT, YAML), YAML);
    const after = await sideOf(
      replaceOnce(
        yamlText,
        "      responses:\n        '201':\n          description: Accepted (also",
        "      responses:\n        '200':\n          description: Accepted (also",
      ),
      YAML,
    );
    const findings = finalize(diffOpenApi(before, after));
    expect(summary(findings)).toEqual(['api-success-status-changed notify.responses.201']);
    const [f] = findings;
    expect(f).toMatchObject({ level: 'ERR', message: '`notify` answers 200 instead of 201 on success.' });
    const line = yamlText.split('\n').indexOf("        '201':", yamlText.slice(0, yamlText.indexOf('operationId: notify')).split('\n').length) + 1;
    expect(f?.old).toEqual({ file: YAML, line, col: 9 });
    expect(f?.oldText?.split('\n')[0]).toBe('    post:');
    expect(f?.oldText).toContain('operationId: notify');
    expect(f?.oldText).not.toContain('operationId: groupInfo');
    expect(f?.oldText).toContain("'201':");
    expect(f?.newText).toContain("'200':");
    expect(f?.newText?.split('\n').at(-1)).toBe("          $ref: '#/components/responses/ServiceUnavailable'");
  });

  it('reports the TLS context of a body as part of its type', async () => {
    const before = await side(join(ROOT, YAML), YAML);
    const after = await sideOf(replaceOnce(yamlText, 'room.protocol: mls10', 'room.protocol: mls20'), YAML);
    expect(summary(diffOpenApi(before, after))).toEqual(['api-body-type-changed update.request request']);
  });

  it('compares bodies reached through $ref: an error response with another schema', async () => {
    const before = await side(join(ROOT, YAML), YAML);
    const edited = replaceOnce(
      yamlText,
      "    Forbidden:\n      description: The authenticated peer may not do this\n      content:\n        application/problem+json:\n          schema:\n            $ref: '#/components/schemas/Problem'",
      "    Forbidden:\n      description: The authenticated peer may not do this\n      content:\n        application/problem+json:\n          schema:\n            $ref: '#/components/schemas/TlsBody'",
    );
    const findings = diffOpenApi(before, await sideOf(edited, YAML));
    // Every operation that answers 403.
    expect(findings.length).toBe(10);
    expect(new Set(findings.map((f) => f.rule))).toEqual(new Set(['api-body-type-changed']));
    expect(findings.find((f) => f.subject === 'notify.responses.403')?.message).toBe(
      'The 403 response of `notify` (application/problem+json) is now schema `TlsBody` instead of schema `Problem`.',
    );
  });
});

describe('diffOpenApi: matching operations', () => {
  const doc = (route: string, id: string, method = 'post') => `openapi: 3.1.0
info:
  title: t
  version: '1'
paths:
  ${route}:
    ${method}:
      operationId: ${id}
      x-mimi-role: any
      responses:
        '201':
          description: Received
`;

  it('a renamed operation whose path parameter was renamed too is one operation', async () => {
    const findings = diffOpenApi(await sideOf(doc('/v1/a/{x}', 'a'), 'a.yaml'), await sideOf(doc('/v1/a/{y}', 'b'), 'a.yaml'));
    expect(summary(findings)).toEqual(['api-operation-id-changed POST /v1/a/{x}', 'api-path-param-renamed a.parameters.x']);
  });

  it('the same operationId at a new path and method', async () => {
    const findings = diffOpenApi(await sideOf(doc('/v1/a/{x}', 'a'), 'a.yaml'), await sideOf(doc('/v2/a/{x}', 'a', 'put'), 'a.yaml'));
    expect(summary(findings)).toEqual(['api-method-changed a.method', 'api-path-changed a.path']);
  });

  it('a finding names its domain, each operation (or the part that changed) where it is in its version, and its YAML', async () => {
    const before = doc('/v1/a', 'a');
    const after = before.replace("'201'", "'200'");
    expect(diffOpenApi(await sideOf(before, 'old.yaml'), await sideOf(after, 'new.yaml'))).toStrictEqual([
      {
        rule: 'api-success-status-changed',
        domain: 'openapi',
        subject: 'a.responses.201',
        message: '`a` answers 200 instead of 201 on success.',
        old: { file: 'old.yaml', line: 11, col: 9 },
        oldText: before.split('\n').slice(6, 12).join('\n'),
        new: { file: 'new.yaml', line: 11, col: 9 },
        newText: after.split('\n').slice(6, 12).join('\n'),
      },
    ]);
    // Without the YAML text (a document given as a value) there is no text to show; a removal has no new side.
    const parsed = await sideOf(before, 'old.yaml');
    const removed = diffOpenApi({ ...parsed, openapi: { ...parsed.openapi!, text: '' } }, await sideOf(doc('/v1/b', 'b'), 'new.yaml')).find(
      (f) => f.rule === 'api-operation-removed',
    );
    const added = diffOpenApi(await sideOf(doc('/v1/b', 'b'), 'old.yaml'), { ...parsed, openapi: { ...parsed.openapi!, file: 'new.yaml', text: '' } }).find(
      (f) => f.rule === 'api-operation-added',
    );
    expect(added).toStrictEqual({
      rule: 'api-operation-added',
      domain: 'openapi',
      subject: 'a',
      message: 'Operation `a` (POST /v1/a) was added.',
      new: { file: 'new.yaml', line: 1, col: 1 },
    });
    expect(removed).toStrictEqual({
      rule: 'api-operation-removed',
      domain: 'openapi',
      subject: 'a',
      message: 'Operation `a` (POST /v1/a) was removed.',
      old: { file: 'old.yaml', line: 1, col: 1 },
    });
  });

  it('a new operationId at a new route is a removal and an addition', async () => {
    const findings = diffOpenApi(await sideOf(doc('/v1/a', 'a'), 'a.yaml'), await sideOf(doc('/v1/b', 'b'), 'a.yaml'));
    expect(summary(findings)).toEqual(['api-operation-added b', 'api-operation-removed a']);
  });
});

describe('diffOpenApi: odd input', () => {
  it('reports nothing when one side has no OpenAPI document', async () => {
    const s = await side(join(ROOT, YAML), YAML);
    const none: SpecSet = { ...s, openapi: null };
    expect(diffOpenApi(s, none)).toEqual([]);
    expect(diffOpenApi(none, s)).toEqual([]);
  });

  it('does not throw on documents that are not OpenAPI', async () => {
    const s = await side(join(ROOT, YAML), YAML);
    for (const doc of [null, 'text', 42, [], { paths: 'x' }, { paths: { '/a': { get: { responses: 'x', requestBody: { $ref: '#/nowhere' } } } } }]) {
      const odd: SpecSet = { ...s, openapi: { file: 'odd.yaml', text: '{ not: yaml', doc } };
      expect(() => diffOpenApi(s, odd)).not.toThrow();
      expect(() => diffOpenApi(odd, s)).not.toThrow();
      expect(() => diffOpenApi(odd, odd)).not.toThrow();
    }
  });
});
