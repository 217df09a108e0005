import { describe, expect, it } from 'vitest';
import { clientApiTable } from './client-api-table.ts';

describe('clientApiTable', () => {
  it('has one row per operation with its token requirement, query parameters, JSON request and success responses', () => {
    const doc = {
      openapi: '3.1.0',
      security: [{ bearer: [] }],
      paths: {
        '/v1/things': {
          post: {
            operationId: 'add',
            security: [],
            requestBody: { $ref: '#/components/requestBodies/Thing' },
            responses: { '201': { content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } } }, '400': {} },
          },
          get: {
            operationId: 'list',
            parameters: [{ $ref: '#/components/parameters/after' }, { name: 'url', in: 'query', required: true }],
            responses: { '200': { content: { 'application/octet-stream': {} } } },
          },
          delete: { operationId: 'drop', security: [{}, { bearer: [] }], responses: { '204': { description: 'gone' } } },
        },
      },
      components: {
        parameters: { after: { name: 'after', in: 'query' } },
        requestBodies: { Thing: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } } } },
      },
    };
    expect(clientApiTable(doc).split('\n')).toEqual([
      '| operation | method | path | token | query | request (JSON schema) | response (status + schema) |',
      '|---|---|---|---|---|---|---|',
      // Methods in the order of METHODS (get before post), as docs/transport.md's table.
      '| `list` | GET | `/v1/things` | yes | `after`?, `url` | — | 200 application/octet-stream |',
      '| `add` | POST | `/v1/things` | no | — | `Thing` | 201 `Thing` |',
      // An empty alternative makes the token optional.
      '| `drop` | DELETE | `/v1/things` | no | — | — | 204 (no body) |',
      '',
    ]);
  });
});
