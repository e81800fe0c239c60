import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SQSClient } from '@aws-sdk/client-sqs';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { config, type EffektConfig } from './config.ts';

/**
 * The one place AWS clients are built. In AWS the endpoints are unset and the SDK's defaults apply;
 * locally they point at the embedded emulators. Nothing else differs.
 */
export interface AwsClients {
  dynamodb: DynamoDBClient;
  s3: S3Client;
  ses: SESv2Client;
  sqs: SQSClient;
  secrets: SecretsManagerClient;
}

const maxAttempts = 5;

// One factory per service, so a stage's bundle carries only the SDK clients it uses (esbuild drops the
// others): compute needs neither S3 nor SES, and each client with its middleware is code that a cold
// start would otherwise compile.
export const createDynamoDBClient = (cfg: EffektConfig) => new DynamoDBClient({ region: cfg.AWS_REGION, endpoint: cfg.EFFEKT_ENDPOINT_DYNAMODB, maxAttempts });

export const createS3Client = (cfg: EffektConfig) =>
  new S3Client({
    region: cfg.AWS_REGION,
    endpoint: cfg.EFFEKT_ENDPOINT_S3,
    forcePathStyle: cfg.EFFEKT_ENDPOINT_S3 !== undefined,
    maxAttempts,
    // Without these the SDK frames streamed bodies with a checksum trailer that the S3 emulator stores verbatim.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });

export const createSesClient = (cfg: EffektConfig) => new SESv2Client({ region: cfg.AWS_REGION, endpoint: cfg.EFFEKT_ENDPOINT_SES, maxAttempts });

export const createSqsClient = (cfg: EffektConfig) => new SQSClient({ region: cfg.AWS_REGION, endpoint: cfg.EFFEKT_ENDPOINT_SQS, maxAttempts });

export const createSecretsClient = (cfg: EffektConfig) =>
  new SecretsManagerClient({ region: cfg.AWS_REGION, endpoint: cfg.EFFEKT_ENDPOINT_SECRETSMANAGER, maxAttempts });

/** All five (the local runtime and the CLI use every service). */
export function createClients(cfg: EffektConfig = config()): AwsClients {
  return {
    dynamodb: createDynamoDBClient(cfg),
    s3: createS3Client(cfg),
    ses: createSesClient(cfg),
    sqs: createSqsClient(cfg),
    secrets: createSecretsClient(cfg),
  };
}

/**
 * Clients for this process, each created once on first use (outside the handler, so warm invocations
 * reuse connections). A handler calls only the ones it needs.
 */
const shared: Partial<AwsClients> = {};

export const dynamodbClient = (): DynamoDBClient => (shared.dynamodb ??= createDynamoDBClient(config()));
export const s3Client = (): S3Client => (shared.s3 ??= createS3Client(config()));
export const sesClient = (): SESv2Client => (shared.ses ??= createSesClient(config()));
export const sqsClient = (): SQSClient => (shared.sqs ??= createSqsClient(config()));
export const secretsClient = (): SecretsManagerClient => (shared.secrets ??= createSecretsClient(config()));

/** This process's shared clients, all of them (tests add fault-injecting middleware to them). */
export function clients(): AwsClients {
  return { dynamodb: dynamodbClient(), s3: s3Client(), ses: sesClient(), sqs: sqsClient(), secrets: secretsClient() };
}

export function resetClientsForTests(): void {
  for (const key of Object.keys(shared) as (keyof AwsClients)[]) delete shared[key];
}
