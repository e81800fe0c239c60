import type { components } from './api-types.ts';
import { UsageError } from './command.ts';
import { freshSession, readSession } from './session.ts';

/**
 * The consultant CLI's HTTP client for the Effekt API (local `effekt serve` or the deployed one).
 * Errors become sentences; the token never appears in them.
 */
export class ApiClientError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'ApiClientError';
  }
}

export interface ApiConnection {
  baseUrl: string;
  token: string;
}

/**
 * `--api` or EFFEKT_API_URL, and EFFEKT_TOKEN; a usage error says how to get them. The API's routes
 * start with /v1, and a URL copied from a route or curl example that already ends in /v1 is accepted too.
 */
export function connectionFrom(apiFlag: string | undefined, env: NodeJS.ProcessEnv = process.env): ApiConnection {
  const baseUrl = (apiFlag ?? env.EFFEKT_API_URL ?? '').replace(/\/+$/, '').replace(/\/v1$/, '');
  if (!baseUrl) throw new UsageError('say which API to use: --api <url> or EFFEKT_API_URL (e.g. the URL `effekt serve` prints)');
  try {
    new URL(baseUrl);
  } catch {
    throw new UsageError(`--api: "${baseUrl}" is not a URL`);
  }
  const token = env.EFFEKT_TOKEN?.trim();
  if (!token) throw new UsageError('sign in with effekt login --api <url>, or set EFFEKT_TOKEN to a bearer token (locally: export EFFEKT_TOKEN=$(effekt token ...))');
  return { baseUrl, token };
}

/**
 * How the consultant commands reach the API: EFFEKT_TOKEN when set (local tokens, scripts), otherwise the
 * session `effekt login` saved, its ID token refreshed silently when it is about to expire.
 */
export async function connect(apiFlag: string | undefined, env: NodeJS.ProcessEnv = process.env): Promise<ApiConnection> {
  if (env.EFFEKT_TOKEN?.trim()) return connectionFrom(apiFlag, env);
  const saved = await readSession(env);
  if (!saved) {
    throw new UsageError('sign in first: effekt login --api <url> (or set EFFEKT_TOKEN, e.g. locally: export EFFEKT_TOKEN=$(effekt token ...))');
  }
  const session = await freshSession(saved, env);
  return connectionFrom(apiFlag ?? env.EFFEKT_API_URL ?? session.api, { ...env, EFFEKT_API_URL: undefined, EFFEKT_TOKEN: session.idToken });
}

/** What an error answer may carry: the function's RFC 9457 problem, or API Gateway's own `{ message }`. */
type ErrorShape = Partial<Schemas['Problem']> & Partial<Schemas['GatewayError']>;

function sentence(status: number, body: ErrorShape | undefined): string {
  const said = body?.detail ?? (body?.message ? `${body.message}.` : undefined);
  const ref = body?.requestId ? ` (request ${body.requestId})` : '';
  switch (status) {
    case 400:
      return `The API rejected the request: ${said ?? 'it is invalid.'}`;
    case 401:
      return `The API did not accept your token: ${said ?? 'it is missing or invalid.'} Check EFFEKT_TOKEN.`;
    case 409:
      return `Not possible now: ${said ?? 'the resource is not in a state that allows it.'}`;
    case 429:
      return 'The API is receiving too many requests; wait a moment and try again.';
    case 403:
      return `Not allowed: ${said ?? 'you do not have access.'}`;
    case 404:
      return `Not found: ${said ?? 'there is no such resource.'}`;
    default:
      return status >= 500 ? `The API failed (HTTP ${status}): ${said ?? 'try again later.'}${ref}` : `HTTP ${status}: ${said ?? 'unexpected answer.'}${ref}`;
  }
}

export class ApiClient {
  constructor(private readonly connection: ApiConnection) {}

  /** A raw request; redirects are not followed, so the bearer token never travels to a presigned URL's host. */
  async raw(method: string, path: string, body?: unknown): Promise<Response> {
    const headers: Record<string, string> = { authorization: `Bearer ${this.connection.token}`, accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    try {
      return await fetch(`${this.connection.baseUrl}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        redirect: 'manual',
      });
    } catch (error) {
      const cause = (error as Error & { cause?: { code?: string } }).cause?.code;
      throw new ApiClientError(`Could not reach the API at ${this.connection.baseUrl}${cause ? ` (${cause})` : ''}. Is it running?`, 0);
    }
  }

  async json<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await this.raw(method, path, body);
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    if (!response.ok) throw new ApiClientError(sentence(response.status, parsed as ErrorShape | undefined), response.status);
    return parsed as T;
  }

  /** The Location of a 302 (downloads). */
  async redirect(path: string): Promise<string> {
    const response = await this.raw('GET', path);
    if (response.status === 302 || response.status === 303 || response.status === 307) {
      const location = response.headers.get('location');
      if (location) return location;
    }
    const text = await response.text();
    let parsed: ErrorShape | undefined;
    try {
      parsed = JSON.parse(text) as ErrorShape;
    } catch {
      parsed = undefined;
    }
    throw new ApiClientError(sentence(response.status, parsed), response.status);
  }
}

export const enc = encodeURIComponent;

// Response shapes: generated from docs/openapi.json (npm run openapi:types), never written by hand.
type Schemas = components['schemas'];
export type JobBody = Schemas['Job'];
export type VersionBody = Schemas['ReportVersion'];
export type ReportsBody = Schemas['ReportsResponse'];
export type SendBody = Schemas['SendResponse'];
export type FileListBody = Schemas['FileList'];
export type FileDeletedBody = Schemas['FileDeleted'];
export type ErasureBody = Schemas['ErasureResult'];
export type ClientListBody = Schemas['ClientList'];
export type UploadTicketBody = Schemas['UploadTicket'];
