/**
 * Files outside generated/ that are derived from the specs or from generator code, so that
 * `npm run generate` rewrites them and `npm run generate -- --check` fails when one is stale, like
 * the generated packages: the published JSON Schema of lint and diff reports, the endpoint
 * table of docs/transport.md and the operation table of docs/provider-client.md (from the OpenAPI
 * descriptions).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { endpointTable, replaceEndpointTable } from './openapi/endpoint-table.ts';
import { swaggerParser } from './openapi/swagger-parser.ts';
import { clientApiTable } from './openapi/client-api-table.ts';
import { MIMI_PROTOCOL_OPENAPI, PROVIDER_CLIENT_OPENAPI } from './openapi/paths.ts';
import { reportSchemaJson } from './report/report-schema.ts';

export interface DerivedFile {
  /** Repo-relative. */
  path: string;
  content: string;
}

const REPORT_SCHEMA_FILE = 'generators/report/report.schema.json';
const TRANSPORT_DOC = 'docs/transport.md';
const PROVIDER_CLIENT_DOC = 'docs/provider-client.md';

/**
 * Each file is derived only where its home exists: a root that holds spec/ and generated/ but not
 * the generators or the docs (a test's copy of the repository, a project that vendors the specs)
 * has no schema file and no endpoint table to keep.
 */
export async function derivedFiles(root: string): Promise<DerivedFile[]> {
  const files: DerivedFile[] = [];
  if (existsSync(join(root, dirname(REPORT_SCHEMA_FILE)))) files.push({ path: REPORT_SCHEMA_FILE, content: reportSchemaJson() });
  if (existsSync(join(root, TRANSPORT_DOC)) && existsSync(join(root, MIMI_PROTOCOL_OPENAPI))) {
    const openapi = await (await swaggerParser()).parse(join(root, MIMI_PROTOCOL_OPENAPI));
    files.push({ path: TRANSPORT_DOC, content: replaceEndpointTable(readFileSync(join(root, TRANSPORT_DOC), 'utf8'), endpointTable(openapi)) });
  }
  if (existsSync(join(root, PROVIDER_CLIENT_DOC)) && existsSync(join(root, PROVIDER_CLIENT_OPENAPI))) {
    const openapi = await (await swaggerParser()).parse(join(root, PROVIDER_CLIENT_OPENAPI));
    const doc = readFileSync(join(root, PROVIDER_CLIENT_DOC), 'utf8');
    files.push({ path: PROVIDER_CLIENT_DOC, content: replaceEndpointTable(doc, clientApiTable(openapi)) });
  }
  return files;
}
