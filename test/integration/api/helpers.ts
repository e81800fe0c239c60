import { randomUUID } from 'node:crypto';
import { expect, inject } from 'vitest';
import { startServe, type Serving } from '../../../cli/commands/serve.ts';
import type { ReceivedEmail } from '../../helpers/local-pipeline.ts';
import { responseProblems } from '../../unit/api/openapi-helpers.ts';

/** `effekt serve` in-process on port 0, on the shared emulators, with its own table, buckets and queues. */
export function startApi(options: { coalesceSeconds?: number } = {}): Promise<Serving> {
  return startServe({
    port: 0,
    endpoints: inject('emulators'),
    prefix: `a${randomUUID().slice(0, 8)}-`,
    signingKeyFile: '.effekt/test-api-signing-key.json',
    keyFile: '.effekt/test-pseudonym.key',
    coalesceSeconds: options.coalesceSeconds ?? 0,
    logLevel: 'SILENT',
    // Tests fire requests faster than a person: the deployed stage's throttling has its own test.
    throttle: { rateLimit: 10_000, burstLimit: 10_000 },
  });
}

export interface Reply<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

/** One HTTP call; every answer is checked against docs/openapi.json (status documented, body valid). */
export interface CallOptions {
  token?: string;
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
}

export async function call<T = unknown>(
  serving: Serving,
  method: string,
  path: string,
  options: CallOptions = {},
): Promise<Reply<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  const response = await fetch(`${serving.url}${path}`, {
    method,
    headers,
    body: options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
    redirect: 'manual',
  });
  const text = await response.text();
  const body: unknown = text ? JSON.parse(text) : undefined;
  expect(responseProblems(method, path, response.status, body, response.headers.get('content-type')), `${method} ${path}`).toEqual([]);
  return { status: response.status, body: body as T, headers: response.headers };
}

/** Uploads through a presigned URL, as the CLI and the console do. */
export async function uploadViaApi(serving: Serving, token: string, clientId: string, year: number, filename: string, bytes: Uint8Array): Promise<void> {
  const ticket = await call<{ url: string }>(serving, 'POST', `/v1/clients/${clientId}/uploads`, { token, body: { year, filename } });
  expect(ticket.status).toBe(200);
  const put = await fetch(ticket.body.url, { method: 'PUT', body: Buffer.from(bytes) });
  expect(put.status).toBe(200);
}

/** What the SES emulator received for an address (its /store, shared by every test file: use unique addresses). */
export async function emailsTo(address: string): Promise<ReceivedEmail[]> {
  const response = await fetch(`${inject('emulators').ses}/store`);
  const store = (await response.json()) as { emails: ReceivedEmail[] };
  return store.emails.filter((e) => e.destination.to.some((to) => to.includes(address)));
}

export const settle = (serving: Serving) => serving.runtime.waitForIdle({ timeoutMs: 90_000 });
