import type * as z from 'zod';

/**
 * Every error the API answers is an RFC 9457 problem (application/problem+json): `type`, `title`,
 * `status`, `detail` (a sentence a consultant can act on), `instance` (the request path), plus the
 * request id and a short `code`. Never a stack trace or an internal name.
 */
export type ErrorCode =
  | 'bad-request'
  | 'unauthorized'
  | 'forbidden'
  | 'not-found'
  | 'method-not-allowed'
  | 'conflict'
  | 'payload-too-large'
  | 'internal';

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  requestId: string;
  code: ErrorCode;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** Each code's status and title; `type` is `urn:effekt:problem:<code>` (docs/api.md explains each). */
const PROBLEMS: Record<ErrorCode, { status: number; title: string }> = {
  'bad-request': { status: 400, title: 'The request is invalid' },
  unauthorized: { status: 401, title: 'Sign-in required' },
  forbidden: { status: 403, title: 'Not allowed' },
  'not-found': { status: 404, title: 'Not found' },
  'method-not-allowed': { status: 405, title: 'Method not allowed' },
  conflict: { status: 409, title: 'Not possible in the current state' },
  'payload-too-large': { status: 413, title: 'Request body too large' },
  internal: { status: 500, title: 'Internal error' },
};

export const problemType = (code: ErrorCode) => `urn:effekt:problem:${code}`;

/** Thrown by routes and mapped to a response by the router; never carries internal detail. */
export class ApiError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Extra response headers, e.g. Allow on a 405. */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ApiError';
    this.status = PROBLEMS[code].status;
  }
}

export const badRequest = (message: string) => new ApiError('bad-request', message);
export const notFound = (message: string) => new ApiError('not-found', message);
export const unauthorized = (message = 'A valid bearer token is required.') => new ApiError('unauthorized', message);

/**
 * The same for every client the caller may not act on, existing or not: a 404 for unknown clients
 * would tell a consultant which other clients exist.
 */
export const FORBIDDEN_CLIENT_MESSAGE = 'You do not have access to this client.';
export const forbiddenClient = () => new ApiError('forbidden', FORBIDDEN_CLIENT_MESSAGE);

export const INTERNAL_MESSAGE = 'Something went wrong on our side. Try again, and quote the request id if it keeps happening.';

export function problemBody(code: ErrorCode, detail: string, instance: string, requestId: string): ProblemBody {
  const { status, title } = PROBLEMS[code];
  return { type: problemType(code), title, status, detail, instance, requestId, code };
}

/** A zod failure as one sentence, naming the field but never echoing the rejected value. */
export function describeIssues(what: string, error: z.ZodError): string {
  const parts = error.issues.slice(0, 5).map((issue) => {
    const path = issue.path.map(String).join('.');
    return path ? `${path}: ${issue.message}` : issue.message;
  });
  return `${what} is invalid: ${parts.join('; ')}.`;
}
