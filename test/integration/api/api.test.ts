import { randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { startServe, type Serving } from '../../../cli/commands/serve.ts';
import { LOCAL_AUDIENCE, LOCAL_ISSUER } from '../../../cli/local/http-api.ts';
import { FORBIDDEN_CLIENT_MESSAGE } from '../../../functions/api/errors.ts';
import { validatorFor } from '../../unit/api/openapi-helpers.ts';
import { call, type CallOptions, type Reply } from './helpers.ts';

/**
 * The consultant API end to end: `effekt serve`'s HTTP server (in-process, port 0) in front of the
 * production handler, with the pipeline running on the shared emulators.
 */

const EXAMPLE = resolve(import.meta.dirname, '../../../examples/sodertalje');
const YEAR = 2025;

let serving: Serving;
let admin: string;
let anna: string;
let outsider: string;

interface ProblemReply {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  requestId: string;
  code: string;
}
interface JobReply {
  job: { id: string; status: string; version?: number; deliver: boolean; error?: string };
}
interface ReportsReply {
  job: JobReply['job'] | null;
  versions: { version: number; status: string; createdAt: string; inputs: { file: string }[] }[];
}
interface AuditReply {
  events: { clientId: string; action: string; actor: string; detail: Record<string, string | number | boolean> }[];
}

/** Every call is checked against docs/openapi.json: status documented, body matches the schema. */
function api(method: string, path: string, options: CallOptions = {}): Promise<Reply> {
  return call(serving, method, path, options);
}

const errorOf = (reply: Reply) => {
  const problem = reply.body as ProblemReply;
  expect(reply.headers.get('content-type')).toBe('application/problem+json');
  expect(problem.status).toBe(reply.status);
  return { code: problem.code, message: problem.detail, requestId: problem.requestId, instance: problem.instance };
};

async function putViaUploadUrl(token: string, clientId: string, year: number, filename: string, bytes: Uint8Array): Promise<string> {
  const ticket = await api('POST', `/v1/clients/${clientId}/uploads`, { token, body: { year, filename } });
  expect(ticket.status).toBe(200);
  const { url, key, expiresAt } = ticket.body as { url: string; key: string; expiresAt: string };
  expect(key).toBe(`${clientId}/${year}/${filename}`);
  const lifetime = Date.parse(expiresAt) - Date.now();
  expect(lifetime).toBeGreaterThan(14 * 60_000);
  expect(lifetime).toBeLessThanOrEqual(15 * 60_000);
  const put = await fetch(url, { method: 'PUT', body: Buffer.from(bytes) });
  expect(put.status).toBe(200);
  return key;
}

async function waitForJob(token: string, clientId: string, year: number): Promise<ReportsReply> {
  await serving.runtime.waitForIdle({ timeoutMs: 90_000 });
  const state = await api('GET', `/v1/clients/${clientId}/reports/${year}`, { token });
  return state.body as ReportsReply;
}

beforeAll(async () => {
  serving = await startServe({
    port: 0,
    endpoints: inject('emulators'),
    prefix: `a${randomUUID().slice(0, 8)}-`,
    signingKeyFile: '.effekt/test-api-signing-key.json',
    keyFile: '.effekt/test-pseudonym.key',
    coalesceSeconds: 0,
    logLevel: 'SILENT',
    // Tests fire requests faster than a person: the deployed stage's throttling has its own test (throttle.test.ts).
    throttle: { rateLimit: 10_000, burstLimit: 10_000 },
  });
  admin = await serving.token({ sub: 'admin-1', groups: ['admin'] });
  anna = await serving.token({ sub: 'anna', groups: ['consultant'], clients: ['sodertalje'] });
  outsider = await serving.token({ sub: 'olle', groups: ['consultant'], clients: ['other-client'] });

  // A foreign client that exists (for the 403 comparisons), created through the API by an admin.
  const other = await api('PUT', '/v1/clients/other-client', { token: admin, body: { clientId: 'other-client', displayName: 'Annan kund' } });
  expect(other.status).toBe(200);

  // The example client arrives the way a consultant sends it: presigned PUTs, settings first.
  await putViaUploadUrl(anna, 'sodertalje', YEAR, 'sodertalje.client.json', await readFile(join(EXAMPLE, 'sodertalje.client.json')));
  await serving.runtime.waitForIdle({ timeoutMs: 60_000 });
  for (const file of (await readdir(join(EXAMPLE, String(YEAR)))).sort()) {
    await putViaUploadUrl(anna, 'sodertalje', YEAR, file, await readFile(join(EXAMPLE, String(YEAR), file)));
  }
  await serving.runtime.waitForIdle({ timeoutMs: 90_000 });
}, 180_000);

afterAll(async () => {
  await serving?.stop();
});

/** One concrete request per route, for the client given. */
const everyRoute = (clientId: string): [string, string, unknown?][] => [
  ['GET', `/v1/clients/${clientId}`],
  ['PUT', `/v1/clients/${clientId}`, { clientId, displayName: 'X' }],
  ['POST', `/v1/clients/${clientId}/uploads`, { year: YEAR, filename: 'a.csv' }],
  ['POST', `/v1/clients/${clientId}/reports/${YEAR}`, {}],
  ['GET', `/v1/clients/${clientId}/reports/${YEAR}`],
  ['GET', `/v1/clients/${clientId}/reports/${YEAR}/1`],
  ['GET', `/v1/clients/${clientId}/metrics/${YEAR}`],
  ['GET', `/v1/clients/${clientId}/years`],
  ['GET', `/v1/audit?clientId=${clientId}`],
];

describe('authentication', () => {
  it('refuses every route without a token', async () => {
    for (const [method, path, body] of [...everyRoute('sodertalje'), ['GET', '/v1/clients'] as [string, string]]) {
      const reply = await api(method, path, { body });
      // API Gateway's JWT authorizer answers before the function: its own body, as effekt serve does.
      expect(reply.status, `${method} ${path}`).toBe(401);
      expect(reply.body).toEqual({ message: 'Unauthorized' });
      expect(reply.headers.get('www-authenticate')).toBe('Bearer');
    }
  });

  it('refuses a token with a bad signature, an expired one, and one for another audience', async () => {
    const { privateKey } = await generateKeyPair('ES256');
    const forged = await new SignJWT({ 'cognito:groups': ['admin'] })
      .setProtectedHeader({ alg: 'ES256', kid: serving.signingKey.kid })
      .setSubject('mallory')
      .setIssuer(LOCAL_ISSUER)
      .setAudience(LOCAL_AUDIENCE)
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(privateKey);
    const expired = await serving.token({ sub: 'anna', groups: ['admin'], ttlSeconds: 60, issuedAt: Math.floor(Date.now() / 1000) - 3600 });
    for (const [token, message] of [
      [forged, /signature/],
      [expired, /expired/],
      ['abc.def.ghi', /not valid/],
    ] as const) {
      const reply = await api('GET', '/v1/clients', { token });
      expect(reply.status).toBe(401);
      expect(reply.body).toEqual({ message: 'Unauthorized' });
      expect(reply.headers.get('www-authenticate')).toMatch(message);
    }
    // A token whose payload was edited (clients added) keeps a signature that no longer matches.
    const [header, payload, signature] = anna.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    const tampered = `${header}.${Buffer.from(JSON.stringify({ ...claims, clients: ['other-client'] })).toString('base64url')}.${signature}`;
    expect((await api('GET', '/v1/clients/other-client', { token: tampered })).status).toBe(401);
  });

  it('ignores claims a client tries to pass in headers', async () => {
    const reply = await api('GET', '/v1/clients', { headers: { 'x-amzn-oidc-data': 'x', 'x-claims': '{"sub":"a","cognito:groups":["admin"]}' } });
    expect(reply.status).toBe(401);
  });
});

describe('authorization', () => {
  it('answers 403 on every route for a foreign client, with the same body whether it exists or not', async () => {
    for (const [index, [method, existingPath, body]] of everyRoute('other-client').entries()) {
      const [, missingPath] = everyRoute('no-such-client')[index]!;
      const existing = await api(method, existingPath, { token: anna, body });
      const missing = await api(method, missingPath!, { token: anna, body: body === undefined ? undefined : JSON.parse(JSON.stringify(body).replaceAll('other-client', 'no-such-client')) });
      expect([existing.status, missing.status], `${method} ${existingPath}`).toEqual([403, 403]);
      const strip = (r: Reply) => ({ ...errorOf(r), requestId: undefined, instance: undefined });
      expect(strip(existing)).toEqual(strip(missing));
      expect(errorOf(existing).message).toBe(FORBIDDEN_CLIENT_MESSAGE);
      // Only the echoed path (instance) differs in length, by as much as the paths do.
      const bodyLength = (r: Reply, path: string) => Number(r.headers.get('content-length')) - new URL(path, 'http://x').pathname.length;
      expect(bodyLength(existing, existingPath)).toBe(bodyLength(missing, missingPath!));
    }
  });

  it('lists only the clients a consultant is assigned to; an admin sees all', async () => {
    const own = await api('GET', '/v1/clients', { token: anna });
    expect((own.body as { clients: { clientId: string }[] }).clients.map((c) => c.clientId)).toEqual(['sodertalje']);
    const all = await api('GET', '/v1/clients', { token: admin });
    expect((all.body as { clients: { clientId: string }[] }).clients.map((c) => c.clientId)).toEqual(['other-client', 'sodertalje']);
  });

  it('refuses a token in neither group', async () => {
    const nobody = await serving.token({ sub: 'eve', groups: ['viewer'], clients: ['sodertalje'] });
    expect((await api('GET', '/v1/clients/sodertalje', { token: nobody })).status).toBe(403);
  });
});

describe('validation', () => {
  it.each([
    ['GET', '/v1/clients/Not_A_Slug', undefined],
    ['GET', '/v1/clients/sodertalje/reports/25', undefined],
    ['GET', '/v1/clients/sodertalje/reports/2025/0', undefined],
    ['GET', '/v1/clients/sodertalje/reports/2025/-1', undefined],
    ['GET', '/v1/clients/sodertalje/reports/2025/one', undefined],
    ['GET', '/v1/clients/sodertalje/metrics/20255', undefined],
    ['GET', '/v1/audit?clientId=..%2Fx', undefined],
    ['GET', '/v1/audit?clientId=sodertalje&limit=0', undefined],
    ['GET', '/v1/audit?clientId=sodertalje&extra=1', undefined],
    ['POST', '/v1/clients/sodertalje/reports/2025', { deliver: 'yes' }],
    ['POST', '/v1/clients/sodertalje/reports/2025', { deliver: true, seq: 3 }],
    ['POST', '/v1/clients/sodertalje/uploads', { year: 2025, filename: '../../other-client/2025/x.csv' }],
    ['POST', '/v1/clients/sodertalje/uploads', { year: 2025, filename: 'virus.exe' }],
    ['POST', '/v1/clients/sodertalje/uploads', { year: 'next', filename: 'a.csv' }],
    ['POST', '/v1/clients/sodertalje/uploads', { filename: 'a.csv' }],
    ['PUT', '/v1/clients/sodertalje', { clientId: 'other-client', displayName: 'Kapning' }],
    ['PUT', '/v1/clients/sodertalje', { clientId: 'sodertalje', displayName: 'X', minGroupSize: 1 }],
    ['PUT', '/v1/clients/sodertalje', { clientId: 'sodertalje', displayName: 'X', unknownField: true }],
  ])('%s %s %j → 400', async (method, path, body) => {
    const reply = await api(method, path, { token: anna, body });
    expect(reply.status).toBe(400);
    const error = errorOf(reply);
    expect(error.code).toBe('bad-request');
    expect(error.message).toMatch(/\.$/);
    expect(JSON.stringify(reply.body)).not.toMatch(/ZodError|at .*\.ts|node_modules/);
  });

  it('refuses a body that is not JSON', async () => {
    const reply = await api('PUT', '/v1/clients/sodertalje', { token: anna, rawBody: '{"clientId":', headers: { 'content-type': 'application/json' } });
    expect(reply.status).toBe(400);
    expect(errorOf(reply).message).toMatch(/not valid JSON/);
  });
});

describe('reports', () => {
  it('regenerates: 202 with a job, which completes with a new ready version', async () => {
    const before = (await api('GET', `/v1/clients/sodertalje/reports/${YEAR}`, { token: anna })).body as ReportsReply;
    const reply = await api('POST', `/v1/clients/sodertalje/reports/${YEAR}`, { token: anna, body: { deliver: false } });
    expect(reply.status).toBe(202);
    const { job } = reply.body as JobReply;
    expect(job).toMatchObject({ status: 'queued', deliver: false });
    const after = await waitForJob(anna, 'sodertalje', YEAR);
    expect(after.job?.id).toBe(job.id);
    expect(after.job?.error).toBeUndefined();
    expect(after.job?.status).toBe('done');
    expect(after.versions.length).toBe(before.versions.length + 1);
    const newest = after.versions.at(-1)!;
    expect(newest).toMatchObject({ version: after.job?.version, status: 'ready' });
    expect(newest.inputs.map((i) => i.file)).toContain('reaktioner-2025.csv');
    expect(after.versions.map((v) => v.version)).toEqual([...after.versions.map((v) => v.version)].sort((a, b) => a - b));
  });

  it('coalesces concurrent regenerations into one job', async () => {
    const [a, b] = await Promise.all([
      api('POST', `/v1/clients/sodertalje/reports/${YEAR}`, { token: anna, body: { deliver: false } }),
      api('POST', `/v1/clients/sodertalje/reports/${YEAR}`, { token: admin }),
    ]);
    expect([a.status, b.status]).toEqual([202, 202]);
    expect((a.body as JobReply).job.id).toBe((b.body as JobReply).job.id);
    const c = await api('POST', `/v1/clients/sodertalje/reports/${YEAR}`, { token: anna });
    const settled = await waitForJob(anna, 'sodertalje', YEAR);
    // The third request came while the job was running (same id) or after it ended (a new one): never a parallel job.
    expect([(a.body as JobReply).job.id, settled.job?.id]).toContain((c.body as JobReply).job.id);
    expect(settled.job?.status).toBe('done');
  });

  it('downloads a version through a short-lived redirect to the PDF', async () => {
    const { versions } = (await api('GET', `/v1/clients/sodertalje/reports/${YEAR}`, { token: anna })).body as ReportsReply;
    const ready = versions.filter((v) => v.status === 'ready').at(-1);
    expect(ready).toBeDefined();
    const reply = await api('GET', `/v1/clients/sodertalje/reports/${YEAR}/${ready!.version}`, { token: anna });
    expect(reply.status).toBe(302);
    const location = reply.headers.get('location')!;
    const signed = new URL(location);
    expect(Number(signed.searchParams.get('X-Amz-Expires'))).toBeLessThanOrEqual(300);
    const pdf = await fetch(location);
    expect(pdf.status).toBe(200);
    const bytes = Buffer.from(await pdf.arrayBuffer());
    expect(bytes.subarray(0, 4).toString('latin1')).toBe('%PDF');
  });

  it('answers 404 for a version that does not exist, and for metrics of a year without data', async () => {
    expect((await api('GET', `/v1/clients/sodertalje/reports/${YEAR}/999`, { token: anna })).status).toBe(404);
    expect((await api('GET', '/v1/clients/sodertalje/metrics/2019', { token: anna })).status).toBe(404);
  });

  it('lists the years with computed figures, newest first, as documented', async () => {
    const reply = await api('GET', '/v1/clients/sodertalje/years', { token: anna });
    expect(reply.status).toBe(200);
    expect(validatorFor({ $ref: '#/components/schemas/YearList' })(reply.body)).toBe(true);
    const metricsOf = async (year: number) => (await api('GET', `/v1/clients/sodertalje/metrics/${year}`, { token: anna })).status;
    const years = (reply.body as { years: number[] }).years;
    expect(years).toContain(YEAR);
    expect(years).toEqual([...years].sort((a, b) => b - a));
    for (const year of years) expect(await metricsOf(year), String(year)).toBe(200);
    expect(years).not.toContain(2019);
    expect(await metricsOf(2019)).toBe(404);
  });

  it('returns the metrics document', async () => {
    const reply = await api('GET', `/v1/clients/sodertalje/metrics/${YEAR}`, { token: anna });
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ client: 'sodertalje', year: YEAR, schemaVersion: 2 });
  });
});

describe('settings', () => {
  it('reads and replaces settings, keeping the undeliverable list the pipeline keeps', async () => {
    const current = (await api('GET', '/v1/clients/sodertalje', { token: anna })).body as Record<string, unknown>;
    expect(current.displayName).toBe('Södertälje kommun, socialkontoret');
    const { undeliverable: _, ...withoutList } = current;
    const reply = await api('PUT', '/v1/clients/sodertalje', { token: anna, body: { ...withoutList, displayName: 'Södertälje kommun' } });
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ displayName: 'Södertälje kommun', recipients: current.recipients, undeliverable: current.undeliverable });
  });
});

describe('audit trail', () => {
  it('records uploads, regenerations, downloads and settings changes with who did them', async () => {
    // A broken file, so a rejection is recorded too.
    await putViaUploadUrl(anna, 'sodertalje', YEAR, 'trasig.csv', new TextEncoder().encode('inte;en;riktig\nfil\n'));
    await serving.runtime.waitForIdle({ timeoutMs: 60_000 });
    const { events } = (await api('GET', '/v1/audit?clientId=sodertalje', { token: anna })).body as AuditReply;
    const by = (action: string, actor?: string) => events.filter((e) => e.action === action && (actor === undefined || e.actor === actor));
    expect(by('upload', 'anna').length).toBeGreaterThanOrEqual(6);
    expect(by('regenerate', 'anna').length).toBeGreaterThanOrEqual(2);
    expect(by('regenerate', 'admin-1').length).toBeGreaterThanOrEqual(1);
    expect(by('download', 'anna')[0]?.detail).toMatchObject({ year: YEAR });
    expect(by('settings-change', 'anna')[0]?.detail.fields).toContain('displayName');
    expect(by('rejection').some((e) => e.detail.file === 'trasig.csv')).toBe(true);
    expect(events.every((e) => e.clientId === 'sodertalje')).toBe(true);
  });

  it('limits a consultant to their clients; an admin may read all', async () => {
    const own = (await api('GET', '/v1/audit', { token: anna })).body as AuditReply;
    expect(own.events.length).toBeGreaterThan(0);
    expect(own.events.every((e) => e.clientId === 'sodertalje')).toBe(true);
    expect((await api('GET', '/v1/audit?clientId=other-client', { token: anna })).status).toBe(403);
    const theirs = (await api('GET', '/v1/audit', { token: outsider })).body as AuditReply;
    expect(theirs.events.every((e) => e.clientId === 'other-client')).toBe(true);
    const all = (await api('GET', '/v1/audit', { token: admin })).body as AuditReply;
    expect(new Set(all.events.map((e) => e.clientId))).toEqual(new Set(['sodertalje', 'other-client']));
    const limited = (await api('GET', '/v1/audit?limit=2', { token: admin })).body as AuditReply;
    expect(limited.events).toHaveLength(2);
  });
});

describe('error answers', () => {
  const gatewayError = validatorFor({ $ref: '#/components/schemas/GatewayError' });

  it('answers an unknown route as API Gateway does: 404 {"message":"Not Found"}, before any token check', async () => {
    for (const path of ['/v1/nothing', '/v1/clients/sodertalje/reports', '/']) {
      const response = await fetch(`${serving.url}${path}`, { headers: { authorization: `Bearer ${anna}` } });
      expect(response.status, path).toBe(404);
      expect(response.headers.get('content-type')).toBe('application/json');
      const body: unknown = await response.json();
      expect(body).toEqual({ message: 'Not Found' });
      expect(gatewayError(body)).toBe(true);
    }
  });

  it('answers a wrong method on a known path with a 405 problem naming the allowed methods', async () => {
    const reply = await api('DELETE', '/v1/clients/sodertalje', { token: anna });
    expect(reply.status).toBe(405);
    expect(reply.headers.get('allow')).toBe('GET, PUT');
    expect(errorOf(reply)).toMatchObject({ code: 'method-not-allowed', instance: '/v1/clients/sodertalje' });
  });

  it('answers a body over the function limit with a 413 problem', async () => {
    const logo = 'A'.repeat(2 * 1024 * 1024 + 10);
    const reply = await api('PUT', '/v1/clients/sodertalje', { token: anna, rawBody: JSON.stringify({ clientId: 'sodertalje', displayName: 'X', logo }) });
    expect(reply.status).toBe(413);
    expect(errorOf(reply).code).toBe('payload-too-large');
  });
});
