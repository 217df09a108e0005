/**
 * Files outside generated/ that are derived from the specs or from generator code, so that
 * `npm run generate` rewrites them and `npm run generate -- --check` fails when one is stale, like
 * the generated packages: the published JSON Schema of lint and diff reports, and the endpoint
 * table of docs/transport.md (from the OpenAPI description).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { endpointTable, replaceEndpointTable } from './openapi/endpoint-table.ts';
import { swaggerParser } from './openapi/swagger-parser.ts';
import { reportSchemaJson } from './report/report-schema.ts';

export interface DerivedFile {
  /** Repo-relative. */
  path: string;
  content: string;
}

export const REPORT_SCHEMA_FILE = 'generators/report/report.schema.json';
export const TRANSPORT_DOC = 'docs/transport.md';
export const TRANSPORT_OPENAPI = 'spec/openapi/mimi-protocol.yaml';

export async function derivedFiles(root: string): Promise<DerivedFile[]> {
  const openapi = await (await swaggerParser()).parse(join(root, TRANSPORT_OPENAPI));
  return [
    { path: REPORT_SCHEMA_FILE, content: reportSchemaJson() },
    { path: TRANSPORT_DOC, content: replaceEndpointTable(readFileSync(join(root, TRANSPORT_DOC), 'utf8'), endpointTable(openapi)) },
  ];
}
