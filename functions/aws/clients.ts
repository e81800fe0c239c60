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

export function createClients(cfg: EffektConfig = config()): AwsClients {
  const region = cfg.AWS_REGION;
  const local = cfg.EFFEKT_ENDPOINT_S3 !== undefined;
  return {
    dynamodb: new DynamoDBClient({ region, endpoint: cfg.EFFEKT_ENDPOINT_DYNAMODB, maxAttempts }),
    s3: new S3Client({
      region,
      endpoint: cfg.EFFEKT_ENDPOINT_S3,
      forcePathStyle: local,
      maxAttempts,
      // Without these the SDK frames streamed bodies with a checksum trailer that the S3 emulator stores verbatim.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    }),
    ses: new SESv2Client({ region, endpoint: cfg.EFFEKT_ENDPOINT_SES, maxAttempts }),
    sqs: new SQSClient({ region, endpoint: cfg.EFFEKT_ENDPOINT_SQS, maxAttempts }),
    secrets: new SecretsManagerClient({ region, endpoint: cfg.EFFEKT_ENDPOINT_SECRETSMANAGER, maxAttempts }),
  };
}

let shared: AwsClients | undefined;

/** Clients for this process, created once (outside the handler, so warm invocations reuse connections). */
export function clients(): AwsClients {
  shared ??= createClients();
  return shared;
}

export function resetClientsForTests(): void {
  shared = undefined;
}
