import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Diagnostic } from '../common/diagnostics.ts';
import { loadPackages } from '../tls/load.ts';
import { extractDraftFacts, lintOpenApi, YamlLocator } from './openapi-lint.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const YAML = 'spec/openapi/mimi-protocol.yaml';
const DRAFT = 'spec/drafts/draft-ietf-mimi-protocol-06.md';
const yamlText = readFileSync(join(ROOT, YAML), 'utf8');
const draftText = readFileSync(join(ROOT, DRAFT), 'utf8');
const packages = loadPackages(ROOT).packages;
const tmp = mkdtempSync(join(tmpdir(), 'mimi-openapi-lint-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Lints an edited copy of the YAML (and optionally the draft). */
async function lintEdited(editYaml: (t: string) => string, editDraft: (t: string) => string = (t) => t): Promise<Diagnostic[]> {
  const n = Math.random().toString(36).slice(2);
  const y = join(tmp, `${n}.yaml`);
  const d = join(tmp, `${n}.md`);
  writeFileSync(y, editYaml(yamlText));
  writeFileSync(d, editDraft(draftText));
  return lintOpenApi(ROOT, y, d, { packages });
}

function replaceOnce(text: string, from: string, to: string): string {
  expect(text.includes(from), `fixture text not found: ${from}`).toBe(true);
  return text.replace(from, to);
}

const lineOf = (text: string, needle: string): number => text.slice(0, text.indexOf(needle)).split('\n').length;

describe('lintOpenApi on the committed YAML and draft', () => {
  it('finds no errors, only the draft inconsistencies and the parameter names they force', async () => {
    const ds = await lintOpenApi(ROOT, YAML, DRAFT, { packages });
    expect(ds.filter((d) => d.severity === 'error')).toEqual([]);
    const summary = ds.map((d) => `${d.file}:${d.line} ${d.code}`);
    expect(summary).toEqual([
      `${DRAFT}:${lineOf(draftText, '"update": ')} draft-inconsistency`,
      `${DRAFT}:${lineOf(draftText, '"requestConsent":')} draft-inconsistency`,
      `${DRAFT}:${lineOf(draftText, '"updateConsent":')} draft-inconsistency`,
      `${DRAFT}:${lineOf(draftText, '"proxyDownload"\n')} draft-inconsistency`,
      `${YAML}:${lineOf(yamlText, '/v1/requestConsent/')} path-parameter-mismatch`,
      `${YAML}:${lineOf(yamlText, '/v1/updateConsent/')} path-parameter-mismatch`,
    ]);
    const update = ds[0]!;
    expect(update.message).toContain("no '/' before the parameter");
    expect(update.message).toContain(`${DRAFT}:${lineOf(draftText, 'POST /update/{roomId}')}`);
    expect(ds[1]!.message).toContain('{targetUser}');
    expect(ds[1]!.message).toContain('{targetDomain}');
    expect(ds[3]!.message).toContain(`':' missing after "proxyDownload"`);
    const consent = ds[4]!;
    expect(consent.severity).toBe('warning');
    expect(consent.message).toMatch(/endpoint section .* names it \{targetDomain\}; the directory example .* names it \{targetUser\}/);
  });
});

describe('lintOpenApi on a description that follows no draft', () => {
  it('checks spec/openapi/provider-client.yaml (no info.x-mimi-source) without the draft-coverage rules', async () => {
    // The draft is passed, but a description of mimikit's own API is not checked against it.
    const ds = await lintOpenApi(ROOT, 'spec/openapi/provider-client.yaml', DRAFT, { packages });
    expect(ds).toEqual([]);
  });

  it('still reports a missing operationId in such a description', async () => {
    const text = readFileSync(join(ROOT, 'spec/openapi/provider-client.yaml'), 'utf8');
    const y = join(tmp, `client-${Math.random().toString(36).slice(2)}.yaml`);
    writeFileSync(y, replaceOnce(text, '      operationId: healthz\n', ''));
    const ds = await lintOpenApi(ROOT, y, DRAFT, { packages });
    expect(ds.map((d) => d.code)).toEqual(['missing-operation-id']);
  });
});

describe('lintOpenApi findings', () => {
  it('reports an unknown x-mimi-tls-type with a did-you-mean hint, at its line', async () => {
    const ds = await lintEdited((t) => replaceOnce(t, 'x-mimi-tls-type: KeyMaterialRequest', 'x-mimi-tls-type: KeyMaterialRequst'));
    const d = ds.find((x) => x.code === 'unknown-tls-type');
    expect(d?.severity).toBe('error');
    expect(d?.hint).toBe('did you mean KeyMaterialRequest?');
    expect(d?.line).toBe(lineOf(yamlText, 'x-mimi-tls-type: KeyMaterialRequest'));
    expect(d?.col).toBe(13);
  });

  it('reports a missing operation (error, at the draft line) and the directory key it leaves unmatched', async () => {
    const ds = await lintEdited((t) =>
      replaceOnce(
        t,
        '/v1/reportAbuse/{roomId}:\n    post:\n      operationId: reportAbuse',
        '/v1/reportAbuse/{roomId}:\n    x-removed:\n      operationId: reportAbuse',
      ),
    );
    const missing = ds.find((x) => x.code === 'missing-operation');
    expect(missing).toMatchObject({ severity: 'error', line: lineOf(draftText, 'POST /reportAbuse/{roomId}') });
    const key = ds.find((x) => x.code === 'directory-key-mismatch');
    expect(key).toMatchObject({ severity: 'error', line: lineOf(draftText, '"reportAbuse":') });
  });

  it('reports a directory key the draft does not have', async () => {
    const ds = await lintEdited((t) => replaceOnce(t, 'x-mimi-directory-key: notify', 'x-mimi-directory-key: notfy'));
    const keys = ds.filter((x) => x.code === 'directory-key-mismatch');
    expect(keys.map((k) => k.file).sort()).toEqual([expect.stringMatching(/\.md$/), expect.stringMatching(/\.yaml$/)]);
    expect(keys.find((k) => k.file.endsWith('.yaml'))?.hint).toBe('did you mean notify?');
  });

  it('reports a path parameter named differently from both draft texts', async () => {
    const ds = await lintEdited((t) => t.replaceAll('/v1/submitMessage/{roomId}', '/v1/submitMessage/{room}'));
    const d = ds.find((x) => x.code === 'path-parameter-mismatch' && x.message.includes('submitMessage'));
    expect(d?.severity).toBe('warning');
    expect(d?.message).toContain('names it {roomId}');
    expect(d?.hint).toBe('rename it to {roomId}');
  });

  it('reports a TLS body under another media type, and an operation without x-mimi-role', async () => {
    const ds = await lintEdited((t) =>
      replaceOnce(
        replaceOnce(
          t,
          'application/mimi-protocol:\n            x-mimi-tls-type: GroupInfoRequest',
          'application/octet-stream:\n            x-mimi-tls-type: GroupInfoRequest',
        ),
        '      x-mimi-role: hub\n      x-mimi-directory-key: reportAbuse',
        '      x-mimi-directory-key: reportAbuse',
      ),
    );
    expect(ds.find((x) => x.code === 'media-type')).toMatchObject({ severity: 'warning', line: lineOf(yamlText, 'x-mimi-tls-type: GroupInfoRequest') - 1 });
    expect(ds.find((x) => x.code === 'missing-role')).toMatchObject({ severity: 'error', line: lineOf(yamlText, 'operationId: reportAbuse') });
  });

  it('reports an x-mimi-tls-sequence that is not a boolean or is on a response', async () => {
    const notify = '            x-mimi-tls-sequence: true';
    const notBoolean = await lintEdited((t) => replaceOnce(t, notify, '            x-mimi-tls-sequence: yes please'));
    expect(notBoolean.find((x) => x.code === 'invalid-tls-sequence')).toMatchObject({ severity: 'error', line: lineOf(yamlText, notify) });
    const onResponse = await lintEdited((t) =>
      replaceOnce(
        t,
        '              x-mimi-tls-type: GroupInfoResponse',
        '              x-mimi-tls-type: GroupInfoResponse\n              x-mimi-tls-sequence: true',
      ),
    );
    expect(onResponse.filter((x) => x.code === 'invalid-tls-sequence')).toHaveLength(1);
    expect(onResponse.find((x) => x.code === 'invalid-tls-sequence')?.message).toContain('200 response of groupInfo');
    expect((await lintEdited((t) => t)).filter((x) => x.code === 'invalid-tls-sequence')).toEqual([]);
  });

  it('reports an x-mimi-tls-context that does not give what the type needs', async () => {
    const ds = await lintEdited((t) => replaceOnce(t, '              room.protocol: mls10', '              protocol: mls10'));
    const d = ds.find((x) => x.code === 'tls-context-mismatch');
    expect(d?.message).toContain('UpdateRequest');
    expect(d?.message).toContain('room.protocol');
  });

  it('reports swagger-parser validation errors at the offending node', async () => {
    const ds = await lintEdited((t) => replaceOnce(t, '  version: draft-ietf-mimi-protocol-06\n', ''));
    const d = ds.find((x) => x.code === 'openapi-invalid');
    expect(d).toMatchObject({ severity: 'error', line: lineOf(yamlText, 'info:') });
    expect(d?.message).toContain('version');
  });

  it('is quiet about the draft once its directory example is consistent', async () => {
    const ds = await lintEdited(
      (t) => t,
      (t) =>
        t
          .replace('/v1/update{roomId}', '/v1/update/{roomId}')
          .replace('requestConsent/{targetUser}', 'requestConsent/{targetDomain}')
          .replace('updateConsent/{requesterUser}', 'updateConsent/{requesterDomain}')
          .replace('"proxyDownload"\n', '"proxyDownload":\n'),
    );
    expect(ds).toEqual([]);
  });
});

describe('extractDraftFacts', () => {
  it('reads endpoint lines and a directory example', () => {
    const md = [
      '# Endpoints',
      '',
      '~~~',
      'GET /.well-known/mimi-protocol-directory',
      '~~~',
      '',
      '~~~',
      '{',
      '  "ping": "https://x.example/v1/ping/{who}",',
      '  "pong":',
      '    "https://x.example/v1/pong/{who}"',
      '}',
      '~~~',
      '',
      '## Ping',
      '~~~',
      'POST /ping/{who}',
      '~~~',
    ].join('\n');
    const facts = extractDraftFacts(md, 'd.md');
    expect(facts.diagnostics).toEqual([]);
    expect(facts.endpoints.map((e) => [e.method, e.path, e.name, e.line, e.section])).toEqual([
      ['get', '/.well-known/mimi-protocol-directory', '.well-known', 4, 'Endpoints'],
      ['post', '/ping/{who}', 'ping', 17, 'Ping'],
    ]);
    expect(facts.directory.map((d) => [d.key, d.path, d.params, d.line])).toEqual([
      ['ping', '/v1/ping/{who}', ['who'], 9],
      ['pong', '/v1/pong/{who}', ['who'], 10],
    ]);
  });
});

describe('YamlLocator', () => {
  it('follows keys, quoted keys and list items, skipping block scalars', () => {
    const loc = new YamlLocator(['a:', '  text: |', '    b: not a key', '  b:', "    '200':", '      - x: 1', '        y: 2', '      - x: 3'].join('\n'));
    expect(loc.locate(['a', 'b'])).toEqual({ line: 4, col: 3 });
    expect(loc.locate(['a', 'b', '200', 1, 'x'])).toEqual({ line: 8, col: 9 });
    expect(loc.locate(['a', 'b', '200', 0, 'y'])).toEqual({ line: 7, col: 9 });
    expect(loc.locate(['a', 'missing'])).toEqual({ line: 1, col: 1 });
  });
});
