import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import {
  createDynamoDBClient,
  createS3Client,
  createSecretsClient,
  createSqsClient,
  sesClientConfig,
  type AwsClients,
  type ClientOptions,
} from './clients.ts';
import type { ServiceEnvironment } from './environment.ts';
import type { SendEmail } from './mail.ts';

// Apart from clients.ts because of the static SES import: render and ingest ship the SES SDK beside
// index.mjs and load it lazily (lazy-ses.ts), which a static import anywhere in their
// bundle would undo.

export const createSesClient = (env: ServiceEnvironment, options: ClientOptions = {}) => new SESv2Client(sesClientConfig(env, options));

/** SendEmail through a client built up front (the stages whose work is mailing, tests). */
export const sesSend =
  (client: SESv2Client): SendEmail =>
  (input) =>
    client.send(new SendEmailCommand(input));

/** All five (the local runtime and the CLI use every service). */
export function createClients(env: ServiceEnvironment, options: ClientOptions = {}): AwsClients {
  return {
    dynamodb: createDynamoDBClient(env, options),
    s3: createS3Client(env, options),
    ses: createSesClient(env, options),
    sqs: createSqsClient(env, options),
    secrets: createSecretsClient(env, options),
  };
}
