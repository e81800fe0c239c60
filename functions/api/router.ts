import * as z from 'zod';
import { CLIENT_ID_PATTERN, PROGRAM_ID_PATTERN, YEAR_PATTERN } from '../core/model/index.ts';
import { verifyBearer } from './authenticate.ts';
import { principalFromClaims, requireClient, requireRole, type Principal } from './authorize.ts';
import type { ApiDeps } from './deps.ts';
import { ApiError, badRequest, INTERNAL_MESSAGE, PROBLEM_CONTENT_TYPE, problemBody } from './errors.ts';
import type { ApiRequest, ApiResponse, PathParams, Route } from './http.ts';
import { auditRoutes } from './routes/audit.ts';
import { commentaryRoutes } from './routes/commentary.ts';
import { clientRoutes } from './routes/clients.ts';
import { metricsRoutes } from './routes/metrics.ts';
import { reportRoutes } from './routes/reports.ts';
import { fileRoutes } from './routes/files.ts';
import { programDesignRoutes } from './routes/program-design.ts';
import { uploadFilenameSchema, uploadRoutes } from './routes/uploads.ts';

/** Every route; the OpenAPI document and the CDK route list must name exactly these. */
export const ROUTES: readonly Route[] = [...clientRoutes, ...uploadRoutes, ...reportRoutes, ...metricsRoutes, ...fileRoutes, ...commentaryRoutes, ...programDesignRoutes, ...auditRoutes];

const paramSchemas = {
  clientId: z.string().regex(CLIENT_ID_PATTERN, 'must be a client id (lowercase letters, digits and hyphens)'),
  year: z.string().regex(YEAR_PATTERN, 'must be a four-digit year, e.g. 2025').transform(Number),
  version: z.string().regex(/^[1-9]\d{0,5}$/, 'must be a positive whole number').transform(Number),
  name: uploadFilenameSchema,
  programId: z
    .string()
    .transform((s) => s.normalize('NFC'))
    .pipe(z.string().regex(PROGRAM_ID_PATTERN, 'must be a programme id as the data files write it (letters, digits, spaces, hyphens)')),
} as const;
type ParamName = keyof typeof paramSchemas;
const isParamName = (name: string): name is ParamName => name in paramSchemas;

function splitPath(path: string): string[] {
  return path.split('/').slice(1);
}

/** Matches a template segment by segment; `{name}` matches any one non-empty segment (validated afterwards). */
function match(template: string, segments: readonly string[]): Record<string, string> | undefined {
  const parts = splitPath(template);
  if (parts.length !== segments.length) return undefined;
  const raw: Record<string, string> = {};
  for (const [index, part] of parts.entries()) {
    const segment = segments[index]!;
    if (part.startsWith('{')) {
      if (segment === '') return undefined;
      raw[part.slice(1, -1)] = segment;
    } else if (part !== segment) return undefined;
  }
  return raw;
}

function validateParams(raw: Record<string, string>): PathParams {
  const params: PathParams = {};
  for (const [name, value] of Object.entries(raw)) {
    if (!isParamName(name)) continue;
    const result = paramSchemas[name].safeParse(value);
    if (!result.success) throw badRequest(`The path parameter ${name} ${result.error.issues[0]?.message ?? 'is invalid'}.`);
    if (name === 'clientId' || name === 'name' || name === 'programId') params[name] = result.data as string;
    else params[name] = result.data as number;
  }
  return params;
}

function decodeSegments(path: string): string[] {
  try {
    return splitPath(path).map((s) => decodeURIComponent(s));
  } catch {
    throw badRequest('The request path is not valid.');
  }
}

async function authenticate(deps: ApiDeps, request: ApiRequest): Promise<Principal> {
  // Behind API Gateway the JWT authorizer has verified the token; locally we verify it ourselves.
  const claims = request.gatewayClaims ?? (await verifyBearer(deps.verifier, request.headers.authorization));
  return principalFromClaims(claims);
}

async function dispatch(deps: ApiDeps, request: ApiRequest): Promise<ApiResponse> {
  const principal = await authenticate(deps, request);
  requireRole(principal);
  const segments = decodeSegments(request.path);
  const candidates = ROUTES.map((route) => ({ route, raw: match(route.path, segments) })).filter((c) => c.raw !== undefined);
  if (candidates.length === 0) throw new ApiError('not-found', 'There is no such API path.');
  const found = candidates.find((c) => c.route.method === request.method);
  if (!found) {
    const allowed = [...new Set(candidates.map((c) => c.route.method))].sort();
    throw new ApiError('method-not-allowed', `${request.method} is not allowed on this path; use ${allowed.join(' or ')}.`, { allow: allowed.join(', ') });
  }
  // Well below API Gateway's own 10 MB: settings with a logo are the largest body the API takes.
  if (request.body !== undefined && Buffer.byteLength(request.body) > MAX_BODY_BYTES) {
    throw new ApiError('payload-too-large', `The request body is over ${MAX_BODY_BYTES / 1024 / 1024} MB; the largest the API takes is client settings with a logo.`);
  }
  const params = validateParams(found.raw!);
  // Authorize before reading the body, so a foreign client's caller learns nothing from validation.
  if (params.clientId !== undefined) requireClient(principal, params.clientId);
  return found.route.handle({ request, params, principal, deps });
}

const MAX_BODY_BYTES = 2 * 1024 * 1024;

/** Runs one request through authentication, routing and authorization; every failure becomes an RFC 9457 problem. */
export async function handleApiRequest(deps: ApiDeps, request: ApiRequest): Promise<ApiResponse> {
  const base = { 'x-request-id': request.requestId, 'cache-control': 'no-store' };
  try {
    const response = await dispatch(deps, request);
    return { ...response, headers: { ...base, ...response.headers } };
  } catch (error) {
    const problem = { ...base, 'content-type': PROBLEM_CONTENT_TYPE };
    if (error instanceof ApiError) {
      if (error.status >= 500) deps.logger.error('request failed', { requestId: request.requestId, error });
      return { status: error.status, headers: { ...problem, ...error.headers }, body: problemBody(error.code, error.message, request.path, request.requestId) };
    }
    deps.logger.error('unexpected error', { requestId: request.requestId, method: request.method, error: error as Error });
    return { status: 500, headers: problem, body: problemBody('internal', INTERNAL_MESSAGE, request.path, request.requestId) };
  }
}
