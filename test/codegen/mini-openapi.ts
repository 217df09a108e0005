/**
 * A two-operation OpenAPI description (a directory and one TLS-bodied POST with a path parameter)
 * whose text and names a test can replace, and the OpenAPI generator run over it.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateOpenApi, type OpenApiResult } from '../../generators/openapi/index.ts';
import { loadPackages } from '../../generators/tls/load.ts';
import type { TlsPackage } from '../../generators/tls/model.ts';

const ROOT = new URL('../../', import.meta.url).pathname;

export interface MiniOptions {
  /** Applied to every title, version, summary, description and to the POST's path. */
  text?: (s: string) => string;
  operationId?: string;
  param?: string;
  schema?: string;
  property?: string;
}

/** YAML single-quoted scalar. */
const yq = (s: string) => `'${s.replace(/'/g, "''")}'`;

export function miniYaml(o: MiniOptions = {}): string {
  const t = o.text ?? ((s: string) => s);
  const { operationId = 'claim', param = 'user', schema = 'Directory', property = 'claim' } = o;
  return [
    'openapi: 3.1.0',
    'info:',
    `  title: ${yq(t('Mini'))}`,
    `  version: ${yq(t('mini-00'))}`,
    'paths:',
    '  /.well-known/mini-directory:',
    '    get:',
    '      operationId: directory',
    `      summary: ${yq(t('The directory'))}`,
    `      description: ${yq(t('All of it'))}`,
    '      x-mimi-role: any',
    '      responses:',
    "        '200':",
    `          description: ${yq(t('The directory'))}`,
    '          content:',
    '            application/json:',
    '              schema:',
    `                $ref: '#/components/schemas/${schema}'`,
    // Braces would be path parameters: the path gets the text without them.
    `  ${yq(`${t('/v1/claim').replace(/[{}]/g, '')}/{${param}}`)}:`,
    '    post:',
    `      operationId: ${operationId}`,
    `      summary: ${yq(t('Claim'))}`,
    '      x-mimi-role: any',
    '      parameters:',
    `        - name: ${param}`,
    '          in: path',
    '          required: true',
    '          schema: { type: string }',
    '      requestBody:',
    '        required: true',
    '        content:',
    '          application/mimi-protocol:',
    '            x-mimi-tls-type: KeyMaterialRequest',
    '            schema: { type: string, contentEncoding: binary }',
    '      responses:',
    "        '200':",
    '          description: Key material',
    '          content:',
    '            application/mimi-protocol:',
    '              x-mimi-tls-type: KeyMaterialResponse',
    '              schema: { type: string, contentEncoding: binary }',
    'components:',
    '  schemas:',
    `    ${schema}:`,
    '      type: object',
    `      description: ${yq(t('The directory document'))}`,
    '      properties:',
    `        ${property}: { type: string, description: ${yq(t('claim URL'))} }`,
    '',
  ].join('\n');
}

let pkg: TlsPackage | undefined;

/** Generates the transport files of the mimi-protocol package from `yaml`, named `file`. */
export async function generateMini(yaml: string, file = 'mini.yaml'): Promise<OpenApiResult> {
  pkg ??= loadPackages(ROOT).packages.find((p) => p.name === 'mimi-protocol');
  if (!pkg) throw new Error('no mimi-protocol package');
  const dir = mkdtempSync(join(tmpdir(), 'mimikit-mini-'));
  try {
    writeFileSync(join(dir, 'mini.yaml'), yaml);
    return await generateOpenApi(join(dir, 'mini.yaml'), file, pkg);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
