/**
 * @apidevtools/swagger-parser, loaded on first use: the generators' facade is imported by every
 * command of the CLI that needs a generator module, and most of them never read an OpenAPI file.
 */
import type SwaggerParser from '@apidevtools/swagger-parser';

let loaded: Promise<typeof SwaggerParser> | undefined;

export function swaggerParser(): Promise<typeof SwaggerParser> {
  loaded ??= import('@apidevtools/swagger-parser').then((m) => m.default);
  return loaded;
}
