import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';

/** The OpenAPI document as tests read it, and response validation against its schemas. */

export const OPENAPI_PATH = resolve(import.meta.dirname, '../../../docs/openapi.json');

export interface OpenApiOperation {
  operationId: string;
  parameters?: { $ref?: string; name?: string; in?: string }[];
  requestBody?: { content: Record<string, { schema: object }> };
  responses: Record<string, { $ref?: string; content?: Record<string, { schema: object }>; headers?: Record<string, object> }>;
}
export interface OpenApiPathItem {
  parameters?: { $ref?: string; name?: string; in?: string }[];
  get?: OpenApiOperation;
  put?: OpenApiOperation;
  post?: OpenApiOperation;
  delete?: OpenApiOperation;
}
export interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<string, OpenApiPathItem>;
  components: {
    schemas: Record<string, object>;
    responses: Record<string, { content?: Record<string, { schema: object }> }>;
    parameters: Record<string, { name: string; in: string }>;
    securitySchemes: Record<string, object>;
  };
  security: object[];
}

export const openapi = JSON.parse(readFileSync(OPENAPI_PATH, 'utf8')) as OpenApiDocument;

/** Every "#/..." pointer in the document, with where it was found. */
export function collectRefs(node: unknown, at = '#'): { ref: string; at: string }[] {
  if (Array.isArray(node)) return node.flatMap((n, i) => collectRefs(n, `${at}/${i}`));
  if (node === null || typeof node !== 'object') return [];
  return Object.entries(node).flatMap(([key, value]) =>
    key === '$ref' && typeof value === 'string' ? [{ ref: value, at }] : collectRefs(value, `${at}/${key}`),
  );
}

export function resolvePointer(doc: unknown, ref: string): unknown {
  if (!ref.startsWith('#/')) return undefined;
  let node: unknown = doc;
  for (const raw of ref.slice(2).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (node === null || typeof node !== 'object' || !(key in node)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

function newAjv(): Ajv2020 {
  // strict: the schemas are ours, so an unknown keyword is a typo to catch.
  const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
  ajv.addFormat('date-time', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/);
  ajv.addFormat('date', /^\d{4}-\d{2}-\d{2}$/);
  ajv.addFormat('email', /^[^\s@]+@[^\s@]+$/);
  ajv.addFormat('uri', (s: string) => URL.canParse(s));
  // Refs in the document are "#/components/schemas/X": the schemas become $defs of a root of their own.
  ajv.addSchema({ $id: 'openapi', $defs: rewriteRefs(openapi.components.schemas) });
  return ajv;
}

let shared: Ajv2020 | undefined;
let counter = 0;
const compiled = new Map<string, ValidateFunction>();

/** A validator for a schema from the document (refs resolve inside the document). */
export function validatorFor(schema: object): ValidateFunction {
  const key = JSON.stringify(schema);
  let validate = compiled.get(key);
  if (!validate) {
    shared ??= newAjv();
    validate = shared.compile({ $id: `schema-${++counter}`, ...rewriteRefs(schema) });
    compiled.set(key, validate);
  }
  return validate;
}

/** "#/components/schemas/X" → "openapi#/$defs/X", the root added above. */
function rewriteRefs<T>(node: T): T {
  if (Array.isArray(node)) return node.map(rewriteRefs) as T;
  if (node === null || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node).map(([k, v]) => [
      k,
      k === '$ref' && typeof v === 'string' ? v.replace('#/components/schemas/', 'openapi#/$defs/') : rewriteRefs(v),
    ]),
  ) as T;
}

/** The documented template a concrete path matches, e.g. /v1/clients/a/reports/2025 → /v1/clients/{clientId}/reports/{year}. */
export function templateFor(path: string): string | undefined {
  const segments = path.split('?')[0]!.split('/');
  return Object.keys(openapi.paths).find((template) => {
    const parts = template.split('/');
    return parts.length === segments.length && parts.every((p, i) => p.startsWith('{') || p === segments[i]);
  });
}

/**
 * Checks that a response is documented for this operation and that its body matches the schema.
 * Returns the problems (empty when it conforms).
 */
export function responseProblems(method: string, path: string, status: number, body: unknown, contentType: string | null): string[] {
  const template = templateFor(path);
  if (!template) return [`${path} matches no documented path`];
  const operation = openapi.paths[template]![method.toLowerCase() as 'get' | 'put' | 'post' | 'delete'];
  // A method the path does not have: the answer is the documented 405 (MethodNotAllowed), nothing else.
  const responses = operation?.responses ?? (status === 405 ? { '405': { $ref: '#/components/responses/MethodNotAllowed' } } : undefined);
  if (!responses) return [`${method} ${template} is not documented`];
  let response = responses[String(status)];
  if (!response) return [`${method} ${template} does not document status ${status}`];
  if (response.$ref) response = resolvePointer(openapi, response.$ref) as typeof response;
  const mediaType = contentType?.split(';')[0]?.trim();
  if (!response.content) return body === undefined ? [] : [`${method} ${template} ${status} documents no body, but one came`];
  if (body === undefined) return [];
  const schema = mediaType ? response.content[mediaType]?.schema : undefined;
  if (!schema) return [`${method} ${template} ${status}: content-type ${contentType} is not documented (${Object.keys(response.content).join(', ')})`];
  const validate = validatorFor(schema);
  if (validate(body)) return [];
  return (validate.errors ?? []).map((e) => `${method} ${template} ${status}: ${e.instancePath || '/'} ${e.message ?? ''}`);
}
