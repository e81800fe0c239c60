import { Blobs } from '../aws/blobs.ts';
import { builtOnFirstCall } from '../aws/cold-start.ts';
import { createSesClient, sesSend } from '../aws/all-clients.ts';
import { createDynamoDBClient, createS3Client, type AwsClients } from '../aws/clients.ts';
import { createLogger } from '../aws/logger.ts';
import { Mailer } from '../aws/mail.ts';
import { createMetrics, MetricUnit } from '../aws/metrics.ts';
import { clientYearStage, type SqsStageDeps, type SqsStageHandler } from '../aws/sqs-stage.ts';
import { dynamoStores } from '../aws/store/index.ts';
import { deliverRequestSchema } from '../core/model/index.ts';
import { deliverReport, type DeliverDeps } from './deliver-report.ts';
import { readDeliverEnvironment, type DeliverEnvironment } from './env.ts';

export type DeliverHandlerDeps = DeliverDeps & SqsStageDeps;

export function createHandler(deps: DeliverHandlerDeps): SqsStageHandler {
  const { logger, metrics } = deps;
  return clientYearStage(deps, deliverRequestSchema, async (request) => {
    const outcome = await deliverReport(deps, request);
    if (outcome.status === 'sent') metrics.addMetric('EmailsSent', MetricUnit.Count, 1);
    logger.info('deliver outcome', { status: outcome.status, version: request.version });
  });
}

/** Deliver's dependencies from its environment: the one place its storage and mailer are built. */
export function realDeps(
  env: DeliverEnvironment,
  clients: Pick<AwsClients, 'dynamodb' | 's3' | 'ses'> = { dynamodb: createDynamoDBClient(env), s3: createS3Client(env), ses: createSesClient(env) },
): DeliverHandlerDeps {
  const store = dynamoStores(clients.dynamodb, env.TABLE_NAME);
  return {
    store,
    recordDeadLetter: (reason) => store.deadLetters.putDeadLetterReason(reason),
    blobs: new Blobs(clients.s3),
    mailer: new Mailer(sesSend(clients.ses), env.SES_CONFIGURATION_SET),
    settings: {
      reportsBucket: env.REPORTS_BUCKET,
      senderEmail: env.SENDER_EMAIL,
      maxAttachmentBytes: env.MAX_ATTACHMENT_BYTES,
      apiBaseUrl: env.API_BASE_URL,
    },
    logger: createLogger('deliver', env.LOG_LEVEL),
    metrics: createMetrics('deliver', env.POWERTOOLS_METRICS_NAMESPACE),
    maxReceiveCount: env.MAX_RECEIVE_COUNT,
    now: () => new Date(),
  };
}

/** The Lambda entry point: real dependencies from the environment, built at the cold start. */
export const handler = builtOnFirstCall(() => createHandler(realDeps(readDeliverEnvironment())));
