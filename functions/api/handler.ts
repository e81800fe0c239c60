import { randomUUID } from 'node:crypto';
import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyEventV2WithJWTAuthorizer,
  APIGatewayProxyStructuredResultV2,
} from 'aws-lambda';
import { Blobs } from '../aws/blobs.ts';
import { dynamodbClient, s3Client, secretsClient, sqsClient } from '../aws/clients.ts';
import { config } from '../aws/config.ts';
import { createLogger } from '../aws/logger.ts';
import { StageQueue } from '../aws/queue.ts';
import { pseudonymKey } from '../aws/secrets.ts';
import { dynamoStores } from '../aws/store/index.ts';
import { createVerifier } from './authenticate.ts';
import type { Claims } from './authorize.ts';
import type { ApiDeps } from './deps.ts';
import type { ApiRequest, ApiResponse } from './http.ts';
import { handleApiRequest } from './router.ts';

/** Behind API Gateway the authorizer is always there; the local server sends events without one. */
export type ApiEvent = APIGatewayProxyEventV2WithJWTAuthorizer | APIGatewayProxyEventV2;

const cfg = config();
const logger = createLogger('api');

const deps: ApiDeps = {
  store: dynamoStores(dynamodbClient(), cfg.TABLE_NAME),
  blobs: new Blobs(s3Client()),
  computeQueue: new StageQueue(sqsClient(), cfg.COMPUTE_QUEUE_URL),
  deliverQueue: new StageQueue(sqsClient(), cfg.DELIVER_QUEUE_URL),
  verifier: createVerifier({
    publicKey: cfg.API_JWT_PUBLIC_KEY,
    jwksUrl: cfg.API_JWT_JWKS_URL,
    issuer: cfg.API_JWT_ISSUER,
    audience: cfg.API_JWT_AUDIENCE,
  }),
  settings: { uploadsBucket: cfg.UPLOADS_BUCKET, reportsBucket: cfg.REPORTS_BUCKET, uploadUrlSeconds: 15 * 60, downloadUrlSeconds: 5 * 60 },
  pseudonymKey: () => pseudonymKey(cfg, secretsClient()),
  logger,
  now: () => new Date(),
  newId: () => randomUUID(),
};

function gatewayClaims(event: ApiEvent): Claims | undefined {
  const context = event.requestContext;
  if (!('authorizer' in context)) return undefined;
  return context.authorizer?.jwt?.claims;
}

export function toApiRequest(event: ApiEvent): ApiRequest {
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(event.headers ?? {})) headers[name.toLowerCase()] = value;
  const body = event.body === undefined ? undefined : event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  return {
    method: event.requestContext.http.method.toUpperCase(),
    path: event.rawPath,
    query: { ...event.queryStringParameters },
    headers,
    body,
    requestId: event.requestContext.requestId || randomUUID(),
    gatewayClaims: gatewayClaims(event),
  };
}

export function toResult(response: ApiResponse): APIGatewayProxyStructuredResultV2 {
  const hasBody = response.body !== undefined;
  return {
    statusCode: response.status,
    // Routes answer JSON; errors set application/problem+json themselves.
    headers: { ...(hasBody ? { 'content-type': 'application/json; charset=utf-8' } : {}), ...response.headers },
    body: hasBody ? JSON.stringify(response.body) : '',
    isBase64Encoded: false,
  };
}

export async function handler(event: ApiEvent): Promise<APIGatewayProxyStructuredResultV2> {
  const request = toApiRequest(event);
  const response = await handleApiRequest(deps, request);
  logger.info('request', { requestId: request.requestId, method: request.method, path: request.path, status: response.status });
  return toResult(response);
}
