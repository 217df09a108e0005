/**
 * The parts of a dereferenced OpenAPI 3.1 document the generator reads, with the MIMI vendor
 * extensions (see info.description of spec/openapi/mimi-protocol.yaml). swagger-parser has
 * validated the document's structure; the model still checks what it relies on.
 */

export type JsonSchema = {
  type?: string | string[];
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  [keyword: string]: unknown;
};

export interface MediaTypeObject {
  schema?: JsonSchema;
  'x-mimi-tls-type'?: unknown;
  'x-mimi-tls-context'?: unknown;
  'x-mimi-tls-sequence'?: unknown;
  [key: string]: unknown;
}

export interface ResponseObject {
  description?: string;
  headers?: Record<string, unknown>;
  content?: Record<string, MediaTypeObject>;
}

export interface ParameterObject {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  description?: string;
  schema?: JsonSchema;
  style?: string;
  explode?: boolean;
  allowReserved?: boolean;
}

export interface OperationObject {
  operationId?: string;
  summary?: string;
  description?: string;
  tags?: string[];
  parameters?: ParameterObject[];
  requestBody?: { required?: boolean; content?: Record<string, MediaTypeObject> };
  responses?: Record<string, ResponseObject>;
  /** Security requirements (OpenAPI §4.8.30): alternatives, each naming schemes that must all hold. */
  security?: Array<Record<string, string[]>>;
  'x-mimi-role'?: unknown;
  'x-mimi-directory-key'?: unknown;
  [key: string]: unknown;
}

export interface SecuritySchemeObject {
  type?: string;
  scheme?: string;
  [key: string]: unknown;
}

export type PathItemObject = { parameters?: ParameterObject[] } & Partial<Record<string, OperationObject | unknown>>;

export interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string; summary?: string; description?: string; 'x-mimi-source'?: { draft?: string; version?: string } };
  paths?: Record<string, PathItemObject>;
  security?: Array<Record<string, string[]>>;
  components?: { schemas?: Record<string, JsonSchema>; securitySchemes?: Record<string, SecuritySchemeObject> };
}
