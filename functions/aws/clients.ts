import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';
import type { SESv2Client } from '@aws-sdk/client-sesv2';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { maxAttempts, type ClientOptions } from './client-options.ts';
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

export type { ClientOptions };

// One factory per service, each in a module of its own, so a stage's bundle carries only the SDK clients it
// uses (esbuild drops the others: compute needs neither S3 nor SES), and a chunk loaded on first use
// (lazy-clients.ts) can carry one client: code splitting puts a module imported both by index.mjs and by a
// chunk into a shared file that index.mjs loads, so a client's module must be imported by its chunk alone.
export { createDynamoDBClient } from './dynamodb-client.ts';
export { createS3Client } from './s3-client.ts';
export { createSqsClient } from './sqs-client.ts';
export { createSecretsClient } from './secrets-client.ts';

/** SES's settings, for createSesClient (all-clients.ts) and lazySesSend (lazy-ses.ts) alike. */
export const sesClientConfig = (env: ServiceEnvironment, options: ClientOptions = {}) => ({
  region: env.AWS_REGION,
  endpoint: env.EFFEKT_ENDPOINT_SES,
  maxAttempts,
  ...options,
});
