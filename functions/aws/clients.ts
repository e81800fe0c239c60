import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import type { SESv2Client } from '@aws-sdk/client-sesv2';
import { SQSClient } from '@aws-sdk/client-sqs';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { decodeBase64 } from './base64.ts';
import type { ServiceEnvironment } from './environment.ts';

/**
 * The one place AWS clients are built (with all-clients.ts, which holds SES's static import). In AWS the endpoints are unset and the SDK's defaults apply
 * (credentials from the function's role); locally they point at the embedded emulators, with the
 * emulators' credentials passed in. Nothing else differs.
 */
export interface AwsClients {
  dynamodb: DynamoDBClient;
  s3: S3Client;
  ses: SESv2Client;
  sqs: SQSClient;
  secrets: SecretsManagerClient;
}

/** What a caller may add to the environment: explicit credentials (local mode; AWS uses the default chain). */
export interface ClientOptions {
  credentials?: { accessKeyId: string; secretAccessKey: string };
  /**
   * SQS only: connections the client may hold open at once (the SDK's default otherwise). The local runtime's
   * event sources hold one per long poll, and its other calls must not queue behind them.
   */
  maxSockets?: number;
}

const maxAttempts = 5;

// One factory per service, so a stage's bundle carries only the SDK clients it uses (esbuild drops the
// others): compute needs neither S3 nor SES, and each client with its middleware is code a cold start
// would otherwise compile.
// DynamoDB's binary attributes are decoded without the SDK's regular-expression pass (base64.ts).
export const createDynamoDBClient = (env: ServiceEnvironment, options: ClientOptions = {}) =>
  new DynamoDBClient({ region: env.AWS_REGION, endpoint: env.EFFEKT_ENDPOINT_DYNAMODB, maxAttempts, base64Decoder: decodeBase64, ...options });

export const createS3Client = (env: ServiceEnvironment, options: ClientOptions = {}) =>
  new S3Client({
    region: env.AWS_REGION,
    endpoint: env.EFFEKT_ENDPOINT_S3,
    forcePathStyle: env.EFFEKT_ENDPOINT_S3 !== undefined,
    maxAttempts,
    // Without these the SDK frames streamed bodies with a checksum trailer that the S3 emulator stores verbatim.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    ...options,
  });

/** SES's settings, for createSesClient (all-clients.ts) and lazySesSend (lazy-ses.ts) alike. */
export const sesClientConfig = (env: ServiceEnvironment, options: ClientOptions = {}) => ({
  region: env.AWS_REGION,
  endpoint: env.EFFEKT_ENDPOINT_SES,
  maxAttempts,
  ...options,
});

export const createSqsClient = (env: ServiceEnvironment, { maxSockets, ...options }: ClientOptions = {}) =>
  new SQSClient({
    region: env.AWS_REGION,
    endpoint: env.EFFEKT_ENDPOINT_SQS,
    maxAttempts,
    ...(maxSockets === undefined ? {} : { requestHandler: { httpAgent: { maxSockets } } }),
    ...options,
  });

export const createSecretsClient = (env: ServiceEnvironment, options: ClientOptions = {}) =>
  new SecretsManagerClient({ region: env.AWS_REGION, endpoint: env.EFFEKT_ENDPOINT_SECRETSMANAGER, maxAttempts, ...options });
