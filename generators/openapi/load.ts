/**
 * Loads an OpenAPI description (spec/openapi/*.yaml): validated and dereferenced by swagger-parser.
 * Validation failures become diagnostics placed at the YAML line of the offending member.
 */
import SwaggerParser from '@apidevtools/swagger-parser';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Diagnostic } from '../common/diagnostics.ts';
import type { OpenApiDocument } from './openapi-types.ts';

export interface LoadedOpenApi {
  /** The dereferenced description (every $ref replaced by the object it points at), or null when invalid. */
  document: OpenApiDocument | null;
  /** Repo-relative path, for headers and diagnostics. */
  file: string;
  text: string;
  sha256: string;
  diagnostics: Diagnostic[];
}

export async function loadOpenApi(path: string, file: string): Promise<LoadedOpenApi> {
  const text = readFileSync(path, 'utf8');
  const sha256 = createHash('sha256').update(text).digest('hex');
  try {
    const document = (await SwaggerParser.validate(path)) as OpenApiDocument;
    return { document, file, text, sha256, diagnostics: [] };
  } catch (err) {
    return { document: null, file, text, sha256, diagnostics: validationDiagnostics(err, text, file) };
  }
}

interface AjvDetail {
  instancePath?: string;
  message?: string;
  params?: Record<string, unknown>;
}

function validationDiagnostics(err: unknown, text: string, file: string): Diagnostic[] {
  const e = err as { message?: string; details?: AjvDetail[]; mark?: { line: number; column: number } };
  const details = Array.isArray(e.details) ? e.details : [];
  if (!details.length) {
    const at = e.mark ? { line: e.mark.line + 1, col: e.mark.column + 1 } : { line: 1, col: 1 };
    return [{ file, ...at, severity: 'error', code: 'openapi-invalid', message: firstLine(e.message ?? String(err)) }];
  }
  return details.map((d) => {
    const pointer = d.instancePath ?? '';
    const extra = d.params && 'additionalProperty' in d.params ? ` (${String(d.params.additionalProperty)})` : '';
    return {
      file,
      ...locatePointer(text, pointer),
      severity: 'error' as const,
      code: 'openapi-invalid',
      message: `${pointer || '/'} ${d.message ?? 'is invalid'}${extra}`,
    };
  });
}

function firstLine(s: string): string {
  return (
    s
      .split('\n')
      .find((l) => l.trim() !== '')
      ?.trim() ?? s
  );
}

/**
 * Where a JSON pointer's member is in YAML text, approximately: each segment's key is searched
 * for after the previous one (block-style YAML as spec/openapi is written). Array indices are skipped.
 */
export function locatePointer(text: string, pointer: string): { line: number; col: number } {
  const segments = pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  let pos = 0;
  for (const seg of segments) {
    if (/^\d+$/.test(seg)) continue;
    const re = new RegExp(`^[ \\t]*(?:- )?['"]?${seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}['"]?:`, 'm');
    const m = re.exec(text.slice(pos));
    if (!m) break;
    pos += m.index + m[0].length - m[0].trimStart().length;
  }
  return positionOf(text, pos);
}

/** 1-based line and column of a text offset. */
export function positionOf(text: string, offset: number): { line: number; col: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, col: offset - before.lastIndexOf('\n') };
}
