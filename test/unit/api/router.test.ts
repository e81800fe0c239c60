import { Logger } from '@aws-lambda-powertools/logger';
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import type { Blobs } from '../../../functions/aws/blobs.ts';
import type { QueueSender } from '../../../functions/aws/queue.ts';
import type { ApiDeps } from '../../../functions/api/deps.ts';
import { FORBIDDEN_CLIENT_MESSAGE } from '../../../functions/api/errors.ts';
import { toApiRequest, toResult } from '../../../functions/api/handler.ts';
import { handleApiRequest } from '../../../functions/api/router.ts';
import { defaultClientSettings } from '../../../functions/core/model/index.ts';
import { memoryStores } from '../../helpers/memory-stores.ts';
import { overriding } from '../../helpers/overriding.ts';

/** The routes on the in-memory stores (test/helpers/memory-stores.ts), with two clients' settings stored. */
async function fakeDeps(options: { failWith?: Error } = {}) {
  const sent: object[] = [];
  const stores = memoryStores();
  for (const clientId of ['sodertalje', 'other']) await stores.settings.updateSettings(clientId, { kind: 'consultant', input: defaultClientSettings(clientId) });
  const failWith = options.failWith;
  const settings = failWith
    ? overriding(stores.settings, {
        getSettings: async () => {
          throw failWith;
        },
      })
    : stores.settings;
  const deps: ApiDeps = {
    store: { ...stores, settings },
    blobs: {} as Blobs,
    computeQueue: { send: async (m: object) => void sent.push(m) } as unknown as QueueSender,
    deliverQueue: { send: async (m: object) => void sent.push(m) } as unknown as QueueSender,
    verifier: undefined,
    pseudonymKey: async () => new Uint8Array(32),
    settings: { uploadsBucket: 'u', reportsBucket: 'r', quarantineBucket: 'q', uploadUrlSeconds: 900, downloadUrlSeconds: 300 },
    logger: new Logger({ logLevel: 'SILENT' }),
    now: () => new Date('2025-06-01T10:00:00Z'),
    newId: (() => {
      let n = 0;
      return () => `id-${++n}`;
    })(),
  };
  return { deps, audit: stores.audit.events, sent };
}

/** An event as API Gateway's JWT authorizer delivers it: arrays flattened to "[a b]", Cognito's custom attribute. */
function gatewayEvent(method: string, path: string, claims: Record<string, string>, body?: string): APIGatewayProxyEventV2WithJWTAuthorizer {
  return {
    version: '2.0',
    routeKey: `${method} ${path}`,
    rawPath: path,
    rawQueryString: '',
    headers: { 'content-type': 'application/json' },
    body,
    isBase64Encoded: false,
    requestContext: {
      accountId: '1',
      apiId: 'a',
      domainName: 'x',
      domainPrefix: 'x',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '1.2.3.4', userAgent: 't' },
      requestId: 'req-1',
      routeKey: `${method} ${path}`,
      stage: '$default',
      time: '',
      timeEpoch: 0,
      authorizer: { jwt: { claims, scopes: null } },
    },
  };
}

const consultant = { sub: 'anna', 'cognito:groups': '[consultant]', 'custom:clients': 'sodertalje' };

async function call(deps: ApiDeps, event: APIGatewayProxyEventV2WithJWTAuthorizer) {
  const result = toResult(await handleApiRequest(deps, toApiRequest(event)));
  return { status: result.statusCode, body: result.body ? (JSON.parse(result.body) as Record<string, unknown>) : undefined, headers: result.headers };
}

describe('API behind API Gateway (claims from the JWT authorizer)', () => {
  it('uses the gateway claims without a verifier, and authorizes from custom:clients', async () => {
    const { deps } = await fakeDeps();
    const own = await call(deps, gatewayEvent('GET', '/v1/clients/sodertalje', consultant));
    expect(own.status).toBe(200);
    const list = await call(deps, gatewayEvent('GET', '/v1/clients', consultant));
    expect(list.body).toEqual({ clients: [{ clientId: 'sodertalje', displayName: 'sodertalje', locale: 'sv' }] });
  });

  it('answers the same 403 for an existing and a missing foreign client', async () => {
    const { deps } = await fakeDeps();
    const existing = await call(deps, gatewayEvent('GET', '/v1/clients/other', consultant));
    const missing = await call(deps, gatewayEvent('GET', '/v1/clients/ghost', consultant));
    expect(existing.status).toBe(403);
    // Equal but for the echoed path (instance), which is the caller's own input.
    const withoutInstance = (r: typeof existing) => ({ ...r, body: { ...(r.body as object), instance: undefined } });
    expect(withoutInstance(missing)).toEqual(withoutInstance(existing));
    expect(existing.body).toMatchObject({ type: 'urn:effekt:problem:forbidden', status: 403, code: 'forbidden', detail: FORBIDDEN_CLIENT_MESSAGE, requestId: 'req-1' });
    expect(existing.headers?.['content-type']).toBe('application/problem+json');
  });

  it('validates path parameters before anything else is read', async () => {
    const { deps } = await fakeDeps();
    for (const path of ['/v1/clients/Bad_Id', '/v1/clients/sodertalje/reports/25', '/v1/clients/sodertalje/reports/2025/0', '/v1/clients/%E0%A4%A']) {
      const response = await call(deps, gatewayEvent('GET', path, consultant));
      expect(response.status, path).toBe(400);
      expect((response.body as { code: string }).code).toBe('bad-request');
    }
  });

  it('refuses a body for a foreign client with 403, not a validation error', async () => {
    const { deps } = await fakeDeps();
    const response = await call(deps, gatewayEvent('POST', '/v1/clients/other/reports/2025', consultant, '{"deliver":"maybe"}'));
    expect(response.status).toBe(403);
  });

  it('sends one compute request with force and no seq, and coalesces a second regenerate', async () => {
    const { deps, sent, audit } = await fakeDeps();
    const first = await call(deps, gatewayEvent('POST', '/v1/clients/sodertalje/reports/2025', consultant, '{"deliver":false}'));
    const second = await call(deps, gatewayEvent('POST', '/v1/clients/sodertalje/reports/2025', consultant));
    expect(first.status).toBe(202);
    expect((second.body as { job: { id: string } }).job.id).toBe((first.body as { job: { id: string } }).job.id);
    expect(sent).toEqual([{ clientId: 'sodertalje', year: 2025, jobId: 'id-1', deliver: false, force: true }]);
    expect(audit.map((e) => [e.action, e.actor, e.detail.coalesced])).toEqual([
      ['regenerate', 'anna', false],
      ['regenerate', 'anna', true],
    ]);
  });

  it('hides internal errors behind a 500 with a request id', async () => {
    const { deps } = await fakeDeps({ failWith: new Error('ConditionalCheckFailedException on table effekt-prod pk=CLIENT#x') });
    const response = await call(deps, gatewayEvent('GET', '/v1/clients/sodertalje', consultant));
    expect(response.status).toBe(500);
    expect(JSON.stringify(response.body)).not.toMatch(/Conditional|effekt-prod|CLIENT#/);
    expect((response.body as { requestId: string }).requestId).toBe('req-1');
  });

  it('answers 404 for unknown paths and 405 for a wrong method', async () => {
    const { deps } = await fakeDeps();
    expect((await call(deps, gatewayEvent('GET', '/v1/nothing', consultant))).status).toBe(404);
    expect((await call(deps, gatewayEvent('POST', '/v1/clients', consultant))).status).toBe(405);
  });

  it('refuses a caller in no group on every route', async () => {
    const { deps } = await fakeDeps();
    const response = await call(deps, gatewayEvent('GET', '/v1/clients', { sub: 'eve', 'cognito:groups': '[viewer]' }));
    expect(response.status).toBe(403);
  });
});
