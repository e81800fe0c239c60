import type * as z from 'zod';
import type { Claims, Principal } from './authorize.ts';
import type { ApiDeps } from './deps.ts';
import { badRequest, describeIssues } from './errors.ts';

/** A request as the routes see it, whatever carried it (API Gateway or the local HTTP server). */
export interface ApiRequest {
  method: string;
  path: string;
  query: Readonly<Record<string, string | undefined>>;
  headers: Readonly<Record<string, string | undefined>>;
  body: string | undefined;
  requestId: string;
  /** Claims API Gateway's JWT authorizer already verified; absent locally. */
  gatewayClaims?: Claims;
}

export interface ApiResponse {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

export interface PathParams {
  clientId?: string;
  year?: number;
  version?: number;
  /** A file name inside `<client>/<year>/`. */
  name?: string;
  /** A programme id as the data files write it. */
  programId?: string;
}

export interface RouteContext {
  request: ApiRequest;
  params: PathParams;
  principal: Principal;
  deps: ApiDeps;
}

export interface Route {
  method: 'GET' | 'PUT' | 'POST' | 'DELETE';
  /** API Gateway route syntax, e.g. /v1/clients/{clientId}; must equal the OpenAPI path. */
  path: string;
  handle(context: RouteContext): Promise<ApiResponse>;
}

/** The JSON body parsed with a schema; an absent body counts as `{}` so defaults apply. */
export function parseBody<S extends z.ZodType>(request: ApiRequest, schema: S, what = 'The request body'): z.infer<S> {
  let value: unknown = {};
  if (request.body !== undefined && request.body.trim() !== '') {
    try {
      value = JSON.parse(request.body);
    } catch {
      throw badRequest(`${what} is not valid JSON.`);
    }
  }
  const result = schema.safeParse(value);
  if (!result.success) throw badRequest(describeIssues(what, result.error));
  return result.data;
}

export function parseQuery<S extends z.ZodType>(request: ApiRequest, schema: S): z.infer<S> {
  const result = schema.safeParse({ ...request.query });
  if (!result.success) throw badRequest(describeIssues('The query', result.error));
  return result.data;
}

export const json = (status: number, body: unknown): ApiResponse => ({ status, body });

/** The client a route template with {clientId} guarantees, typed. */
export function clientOf(params: PathParams): string {
  if (params.clientId === undefined) throw new Error('route template lacks clientId');
  return params.clientId;
}

/** The params a route template guarantees, typed. */
export function clientYear(params: PathParams): { clientId: string; year: number } {
  if (params.year === undefined) throw new Error('route template lacks year');
  return { clientId: clientOf(params), year: params.year };
}
