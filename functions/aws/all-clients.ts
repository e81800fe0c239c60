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
  const { maxSockets: _sqsOnly, ...common } = options;
  return {
    dynamodb: createDynamoDBClient(env, common),
    s3: createS3Client(env, common),
    ses: createSesClient(env, common),
    sqs: createSqsClient(env, options),
    secrets: createSecretsClient(env, common),
  };
}
