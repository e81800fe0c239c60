import type * as z from 'zod';

/** The one error shape every API response uses; messages are sentences a consultant can act on. */
export type ErrorCode =
  | 'bad-request'
  | 'unauthorized'
  | 'forbidden'
  | 'not-found'
  | 'method-not-allowed'
  | 'conflict'
  | 'payload-too-large'
  | 'internal';

export interface ErrorBody {
  error: { code: ErrorCode; message: string; requestId: string };
}

const STATUS: Record<ErrorCode, number> = {
  'bad-request': 400,
  unauthorized: 401,
  forbidden: 403,
  'not-found': 404,
  'method-not-allowed': 405,
  conflict: 409,
  'payload-too-large': 413,
  internal: 500,
};

/** Thrown by routes and mapped to a response by the router; never carries internal detail. */
export class ApiError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
    this.status = STATUS[code];
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

export function errorBody(code: ErrorCode, message: string, requestId: string): ErrorBody {
  return { error: { code, message, requestId } };
}

/** A zod failure as one sentence, naming the field but never echoing the rejected value. */
export function describeIssues(what: string, error: z.ZodError): string {
  const parts = error.issues.slice(0, 5).map((issue) => {
    const path = issue.path.map(String).join('.');
    return path ? `${path}: ${issue.message}` : issue.message;
  });
  return `${what} is invalid: ${parts.join('; ')}.`;
}
