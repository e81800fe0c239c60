import * as z from 'zod';
import { describe, expect, it } from 'vitest';
import { ROUTES } from '../../../functions/api/router.ts';
import { clientSettingsSchema, programDesignSchema } from '../../../functions/core/model/index.ts';
import { collectRefs, openapi, resolvePointer, validatorFor } from './openapi-helpers.ts';

/** The routes the brief fixes; the OpenAPI document, the router and the CDK stack must all name exactly these. */
const EXPECTED = [
  'GET /v1/clients',
  'GET /v1/clients/{clientId}',
  'PUT /v1/clients/{clientId}',
  'POST /v1/clients/{clientId}/uploads',
  'POST /v1/clients/{clientId}/reports/{year}',
  'GET /v1/clients/{clientId}/reports/{year}',
  'GET /v1/clients/{clientId}/reports/{year}/{version}',
  'POST /v1/clients/{clientId}/reports/{year}/{version}/send',
  'GET /v1/clients/{clientId}/metrics/{year}',
  'GET /v1/clients/{clientId}/years',
  'GET /v1/clients/{clientId}/years/{year}/files',
  'DELETE /v1/clients/{clientId}/years/{year}/files/{name}',
  'POST /v1/clients/{clientId}/erasure',
  'GET /v1/clients/{clientId}/years/{year}/commentary',
  'PUT /v1/clients/{clientId}/years/{year}/commentary',
  'GET /v1/clients/{clientId}/years/{year}/programs/{programId}/design',
  'PUT /v1/clients/{clientId}/years/{year}/programs/{programId}/design',
  'GET /v1/audit',
].sort();

const documented = () =>
  Object.entries(openapi.paths)
    .flatMap(([path, item]) => (['get', 'put', 'post', 'delete'] as const).filter((m) => item[m]).map((m) => `${m.toUpperCase()} ${path}`))
    .sort();

describe('docs/openapi.json', () => {
  it('is an OpenAPI 3.1 document with the required top-level parts', () => {
    expect(openapi.openapi).toMatch(/^3\.1\.\d+$/);
    expect(openapi.info.title).toBeTruthy();
    expect(openapi.info.version).toBeTruthy();
    expect(Object.keys(openapi.paths).length).toBeGreaterThan(0);
    expect(openapi.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(openapi.security).toEqual([{ bearerAuth: [] }]);
  });

  it('documents exactly the routes the router serves', () => {
    expect(documented()).toEqual(EXPECTED);
    expect(ROUTES.map((r) => `${r.method} ${r.path}`).sort()).toEqual(EXPECTED);
  });

  it('names the same routes as the CDK API construct', async () => {
    const { API_ROUTES } = await import('../../../infra/constructs/api.ts');
    expect(API_ROUTES.map((r) => `${r.method} ${r.path}`).sort()).toEqual(EXPECTED);
  });

  it('resolves every $ref', () => {
    const refs = collectRefs(openapi);
    expect(refs.length).toBeGreaterThan(20);
    const broken = refs.filter(({ ref }) => resolvePointer(openapi, ref) === undefined);
    expect(broken).toEqual([]);
  });

  it('declares every path parameter, and documents auth failures on every operation', () => {
    for (const [path, item] of Object.entries(openapi.paths)) {
      const declared = new Set(
        (item.parameters ?? [])
          .map((p) => (p.$ref ? (resolvePointer(openapi, p.$ref) as { name: string; in: string }) : p))
          .filter((p) => p.in === 'path')
          .map((p) => p.name),
      );
      const inPath = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      expect([...declared].sort(), path).toEqual(inPath.sort());
      for (const method of ['get', 'put', 'post', 'delete'] as const) {
        const operation = item[method];
        if (!operation) continue;
        // Every status any request can meet: the gateway's own (401, 413, 429, 500) and the function's.
        for (const status of ['401', '403', '405', '413', '429', '500']) expect(operation.responses[status], `${method} ${path} ${status}`).toBeDefined();
        if (inPath.length > 0 || operation.requestBody) expect(operation.responses['400'], `${method} ${path}`).toBeDefined();
      }
    }
  });

  it('compiles every schema (strict mode: no unknown keywords)', () => {
    for (const name of Object.keys(openapi.components.schemas)) {
      expect(() => validatorFor({ $ref: `#/components/schemas/${name}` }), name).not.toThrow();
    }
  });

  it('describes client settings exactly as clientSettingsSchema does', () => {
    const strip = ({ $schema: _, description: __, ...rest }: Record<string, unknown>) => rest;
    const docSchema = (name: string) => strip(openapi.components.schemas[name] as Record<string, unknown>);
    expect(docSchema('ClientSettings')).toEqual(strip(z.toJSONSchema(clientSettingsSchema, { io: 'output', target: 'draft-2020-12' })));
    expect(docSchema('ClientSettingsInput')).toEqual(strip(z.toJSONSchema(clientSettingsSchema, { io: 'input', target: 'draft-2020-12' })));
    expect(docSchema('ProgramDesign')).toEqual(strip(z.toJSONSchema(programDesignSchema, { io: 'input', target: 'draft-2020-12' })));
  });

  it('accepts and rejects sample bodies as the API does', () => {
    const problem = validatorFor({ $ref: '#/components/schemas/Problem' });
    const sample = { type: 'urn:effekt:problem:forbidden', title: 'Not allowed', status: 403, detail: 'No.', instance: '/v1/clients/x', requestId: 'r', code: 'forbidden' };
    expect(problem(sample)).toBe(true);
    expect(problem({ ...sample, stack: 'x' })).toBe(false);
    expect(problem({ error: { code: 'forbidden', message: 'No.', requestId: 'r' } })).toBe(false);
    const upload = validatorFor({ $ref: '#/components/schemas/UploadRequest' });
    expect(upload({ year: 2025, filename: 'reaktioner.csv' })).toBe(true);
    expect(upload({ year: 2025, filename: '../reaktioner.csv' })).toBe(false);
    expect(upload({ year: 2025, filename: 'a/b.csv' })).toBe(false);
    expect(upload({ year: 2025, filename: 'x.exe' })).toBe(false);
  });
});
