import { randomUUID } from 'node:crypto';
import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyEventV2WithJWTAuthorizer,
  APIGatewayProxyStructuredResultV2,
} from 'aws-lambda';
import { builtOnFirstCall } from '../aws/cold-start.ts';
import type { AwsClients } from '../aws/clients.ts';
import { createDynamoDBClient } from '../aws/dynamodb-client.ts';
import { lazyBlobs, lazyPseudonymKey, lazySqs } from '../aws/lazy-clients.ts';
import { createLogger } from '../aws/logger.ts';
import { dynamoStores } from '../aws/store/index.ts';
import { createVerifier } from './authenticate.ts';
import type { Claims } from './authorize.ts';
import type { ApiDeps } from './deps.ts';
import { readApiEnvironment, type ApiEnvironment } from './env.ts';
import type { ApiRequest, ApiResponse } from './http.ts';
import { handleApiRequest } from './router.ts';

/** Behind API Gateway the authorizer is always there; the local server sends events without one. */
export type ApiEvent = APIGatewayProxyEventV2WithJWTAuthorizer | APIGatewayProxyEventV2;

export type ApiHandler = (event: ApiEvent) => Promise<APIGatewayProxyStructuredResultV2>;

export function createHandler(deps: ApiDeps): ApiHandler {
  return async (event) => {
    const request = toApiRequest(event);
    const response = await handleApiRequest(deps, request);
    deps.logger.info('request', { requestId: request.requestId, method: request.method, path: request.path, status: response.status });
    return toResult(response);
  };
}

/**
 * The API's dependencies from its environment: the one place its storage, queues and key are built.
 * DynamoDB serves every route and is built here; S3, SQS and Secrets Manager serve only some routes and are
 * loaded by the first request that uses them (lazy-clients.ts). `clients`: clients built elsewhere (the local
 * runtime's, on the emulators), used instead of building them from the environment.
 */
export function realDeps(env: ApiEnvironment, clients?: Pick<AwsClients, 'dynamodb' | 's3' | 'sqs' | 'secrets'>): ApiDeps {
  const queue = lazySqs(env, clients?.sqs);
  return {
    store: dynamoStores(clients?.dynamodb ?? createDynamoDBClient(env), env.TABLE_NAME),
    blobs: lazyBlobs(env, clients?.s3),
    computeQueue: queue(env.COMPUTE_QUEUE_URL),
    deliverQueue: queue(env.DELIVER_QUEUE_URL),
    verifier: createVerifier({
      publicKey: env.API_JWT_PUBLIC_KEY,
      jwksUrl: env.API_JWT_JWKS_URL,
      issuer: env.API_JWT_ISSUER,
      audience: env.API_JWT_AUDIENCE,
    }),
    settings: { uploadsBucket: env.UPLOADS_BUCKET, reportsBucket: env.REPORTS_BUCKET, quarantineBucket: env.QUARANTINE_BUCKET, uploadUrlSeconds: 15 * 60, downloadUrlSeconds: 5 * 60 },
    pseudonymKey: lazyPseudonymKey(env, clients?.secrets),
    logger: createLogger('api', env.LOG_LEVEL),
    now: () => new Date(),
    newId: () => randomUUID(),
  };
}

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

/** The Lambda entry point: real dependencies from the environment, built at the cold start. */
export const handler = builtOnFirstCall(() => createHandler(realDeps(readApiEnvironment())));
