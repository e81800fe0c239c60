import type { S3EventRecord } from 'aws-lambda';
import * as z from 'zod';
import type { SESv2Client } from '@aws-sdk/client-sesv2';
import { Blobs } from '../aws/blobs.ts';
import { builtOnFirstCall } from '../aws/cold-start.ts';
import { createDynamoDBClient, createS3Client, createSecretsClient, createSqsClient, type AwsClients } from '../aws/clients.ts';
import { createLogger } from '../aws/logger.ts';
import { lazySesSend } from '../aws/lazy-ses.ts';
import { Mailer } from '../aws/mail.ts';
import { createMetrics, MetricUnit } from '../aws/metrics.ts';
import { QueueSender } from '../aws/queue.ts';
import { pseudonymKeySource } from '../aws/secrets.ts';
import { sqsStage, type SqsStageDeps, type SqsStageHandler } from '../aws/sqs-stage.ts';
import { dynamoStores } from '../aws/store/index.ts';
import { decodeS3EventKey, lazy } from '../core/model/index.ts';
import { padSequencer } from '../core/rows/fingerprint.ts';
import { readIngestEnvironment, type IngestEnvironment } from './env.ts';
import { ingestObject, type IngestDeps } from './ingest-object.ts';
import { PseudonymThread } from './pseudonym-thread.ts';

export type IngestHandlerDeps = IngestDeps & SqsStageDeps;

/** The S3 notification as SQS carries it; `s3:TestEvent` (sent when a notification is set up) has no Records. Built by the first message. */
const s3NotificationSchema = lazy(() => z.object({
  Records: z
    .array(
      z.object({
        eventName: z.string(),
        s3: z.object({
          bucket: z.object({ name: z.string() }),
          object: z.object({ key: z.string(), sequencer: z.union([z.string(), z.number()]).optional() }),
        }),
      }),
    )
    .default([]),
}));

export function createHandler(deps: IngestHandlerDeps): SqsStageHandler {
  const { logger, metrics } = deps;
  return sqsStage({
    logger,
    metrics,
    maxReceiveCount: deps.maxReceiveCount,
    recordDeadLetter: deps.recordDeadLetter,
    schema: s3NotificationSchema,
    handle: async (notification) => {
      for (const record of notification.Records as Pick<S3EventRecord, 'eventName' | 's3'>[]) {
        if (record.s3.bucket.name !== deps.settings.uploadsBucket) continue;
        try {
          // ingestObject adds the client and year to the log lines once it has read the key.
          const outcome = await ingestObject(deps, {
            key: decodeS3EventKey(record.s3.object.key),
            sequencer: padSequencer(record.s3.object.sequencer),
          });
          logger.info('ingest outcome', { event: record.eventName, status: outcome.status });
          if (outcome.status === 'committed') metrics.addMetric('RowsIngested', MetricUnit.Count, outcome.rows);
          if (outcome.status === 'committed') metrics.addMetric('FilesIngested', MetricUnit.Count, 1);
          if (outcome.status === 'rejected') metrics.addMetric('FilesRejected', MetricUnit.Count, 1);
        } finally {
          logger.removeKeys(['clientId', 'year']);
        }
      }
    },
  });
}

/** Ingest's dependencies from its environment: the one place its storage, queue, mailer and key are built. */
export function realDeps(
  env: IngestEnvironment,
  clients: Pick<AwsClients, 'dynamodb' | 's3' | 'sqs' | 'secrets'> & { ses?: SESv2Client } = {
    dynamodb: createDynamoDBClient(env),
    s3: createS3Client(env),
    sqs: createSqsClient(env),
    secrets: createSecretsClient(env),
  },
): IngestHandlerDeps {
  const store = dynamoStores(clients.dynamodb, env.TABLE_NAME);
  return {
    store,
    recordDeadLetter: (reason) => store.deadLetters.putDeadLetterReason(reason),
    blobs: new Blobs(clients.s3),
    computeQueue: new QueueSender(clients.sqs, env.COMPUTE_QUEUE_URL),
    mailer: new Mailer(lazySesSend(env, clients.ses), env.SES_CONFIGURATION_SET),
    pseudonymKey: pseudonymKeySource(env, clients.secrets),
    // The worker is bundled beside index.mjs (infra/bundling.ts); the local runtime runs it from source instead.
    pseudonymThread: new PseudonymThread(new URL('./pseudonym-worker.mjs', import.meta.url)),
    settings: {
      uploadsBucket: env.UPLOADS_BUCKET,
      quarantineBucket: env.QUARANTINE_BUCKET,
      senderEmail: env.SENDER_EMAIL,
      coalesceSeconds: env.COALESCE_SECONDS,
    },
    logger: createLogger('ingest', env.LOG_LEVEL),
    metrics: createMetrics('ingest', env.POWERTOOLS_METRICS_NAMESPACE),
    maxReceiveCount: env.MAX_RECEIVE_COUNT,
    now: () => new Date(),
  };
}

/** The Lambda entry point: real dependencies from the environment, built at the cold start. */
export const handler = builtOnFirstCall(() => createHandler(realDeps(readIngestEnvironment())));
