import { describe, expect, it } from 'vitest';
import { endpointTable, readEndpointTable, replaceEndpointTable, TABLE_END, TABLE_START } from './endpoint-table.ts';

describe('endpointTable', () => {
  it('has one row per operation with method, path, role, TLS types, success responses and directory key', () => {
    const doc = {
      openapi: '3.1.0',
      paths: {
        '/v1/ping/{who}': {
          post: {
            operationId: 'ping',
            'x-mimi-role': 'hub',
            'x-mimi-directory-key': 'ping',
            requestBody: { content: { 'application/mimi-protocol': { 'x-mimi-tls-type': 'Ping', 'x-mimi-tls-context': { protocol: 'mls10' } } } },
            responses: {
              '200': { content: { 'application/mimi-protocol': { 'x-mimi-tls-type': 'Pong' } } },
              '202': { $ref: '#/components/responses/Accepted' },
              '400': { content: { 'application/problem+json': {} } },
            },
          },
        },
        '/list': {
          get: {
            operationId: 'list',
            'x-mimi-role': 'any',
            responses: { '200': { content: { 'application/json': { schema: { $ref: '#/components/schemas/List' } } } } },
          },
        },
      },
      components: { responses: { Accepted: { description: 'ok' } } },
    };
    expect(endpointTable(doc).split('\n')).toEqual([
      '| operation | method | path | role | request (TLS type) | response (status + type) | directory key |',
      '|---|---|---|---|---|---|---|',
      '| `ping` | POST | `/v1/ping/{who}` | hub | `Ping` (protocol: mls10) | 200 `Pong`<br>202 (no body) | `ping` |',
      '| `list` | GET | `/list` | any | — | 200 `List` (application/json) | — |',
      '',
    ]);
  });

  it('replaces and reads the table between the markers', () => {
    const md = `# T\n\n${TABLE_START}\nold\n${TABLE_END}\n\nafter\n`;
    const next = replaceEndpointTable(md, '| a |\n');
    expect(next).toBe(`# T\n\n${TABLE_START}\n\n| a |\n\n${TABLE_END}\n\nafter\n`);
    expect(readEndpointTable(next)).toBe('| a |\n');
  });
});
