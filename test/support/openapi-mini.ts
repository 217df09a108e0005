/**
 * The OpenAPI generator's fixture description, test/transport/fixtures/mini.yaml, generated against
 * the built-in mimi-protocol TLS package: for test/transport/generator.test.ts and for its golden
 * files (golden-files.ts).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateOpenApi, type OpenApiResult } from '../../generators/openapi/index.ts';
import { loadPackages } from '../../generators/tls/load.ts';
import type { TlsPackage } from '../../generators/tls/model.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const MINI_FIXTURES = fileURLToPath(new URL('../transport/fixtures/', import.meta.url));
/** How generated files name the fixture (their provenance line). */
export const MINI_DISPLAY = 'test/transport/fixtures/mini.yaml';

let pkg: TlsPackage | undefined;

/** The built-in TLS package whose codecs the fixture's bodies use. */
export function miniTlsPackage(): TlsPackage {
  pkg ??= loadPackages(ROOT).packages.find((p) => p.name === 'mimi-protocol');
  if (!pkg) throw new Error('no mimi-protocol package');
  return pkg;
}

/** The fixture with the operation of report-operation.yaml added before `components:`. */
export function withReportOperation(): string {
  const base = readFileSync(join(MINI_FIXTURES, 'mini.yaml'), 'utf8');
  return base.replace(/^components:/m, `${readFileSync(join(MINI_FIXTURES, 'report-operation.yaml'), 'utf8')}components:`);
}

/** Generates from YAML text, as if it were mini.yaml. */
export async function generateMini(yaml: string, selfModule?: string): Promise<OpenApiResult> {
  const dir = mkdtempSync(join(tmpdir(), 'mimikit-openapi-'));
  try {
    writeFileSync(join(dir, 'mini.yaml'), yaml);
    return await generateOpenApi(join(dir, 'mini.yaml'), MINI_DISPLAY, miniTlsPackage(), selfModule);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
