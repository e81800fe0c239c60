import type { S3EventRecord } from 'aws-lambda';
import * as z from 'zod';
import { Blobs } from '../aws/blobs.ts';
import { dynamodbClient, s3Client, secretsClient, sesClient, sqsClient } from '../aws/clients.ts';
import { config } from '../aws/config.ts';
import { createLogger } from '../aws/logger.ts';
import { createMetrics, MetricUnit } from '../aws/metrics.ts';
import { Mailer } from '../aws/mail.ts';
import { StageQueue } from '../aws/queue.ts';
import { pseudonymKey } from '../aws/secrets.ts';
import { sqsStage } from '../aws/sqs-stage.ts';
import { dynamoStores } from '../aws/store/index.ts';
import { decodeS3EventKey } from '../core/model/index.ts';
import { padSequencer } from '../core/rows/fingerprint.ts';
import { ingestObject, type IngestDeps } from './ingest-object.ts';
import { PseudonymThread } from './pseudonym-thread.ts';

const cfg = config();
const logger = createLogger('ingest');
const metrics = createMetrics('ingest');

const deps: IngestDeps = {
  store: dynamoStores(dynamodbClient(), cfg.TABLE_NAME),
  blobs: new Blobs(s3Client()),
  computeQueue: new StageQueue(sqsClient(), cfg.COMPUTE_QUEUE_URL),
  mailer: new Mailer(sesClient(), cfg.SES_CONFIGURATION_SET),
  pseudonymKey: () => pseudonymKey(cfg, secretsClient()),
  pseudonymThread: new PseudonymThread(),
  settings: {
    uploadsBucket: cfg.UPLOADS_BUCKET,
    quarantineBucket: cfg.QUARANTINE_BUCKET,
    senderEmail: cfg.SENDER_EMAIL,
    coalesceSeconds: cfg.COALESCE_SECONDS,
  },
  logger,
  now: () => new Date(),
};

/** The S3 notification as SQS carries it; `s3:TestEvent` (sent when a notification is set up) has no Records. */
const s3NotificationSchema = z.object({
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
});

export const handler = sqsStage({
  logger,
  metrics,
  schema: s3NotificationSchema,
  handle: async (notification) => {
    for (const record of notification.Records as Pick<S3EventRecord, 'eventName' | 's3'>[]) {
      if (record.s3.bucket.name !== cfg.UPLOADS_BUCKET) continue;
      const outcome = await ingestObject(deps, {
        key: decodeS3EventKey(record.s3.object.key),
        sequencer: padSequencer(record.s3.object.sequencer),
      });
      logger.info('ingest outcome', { event: record.eventName, status: outcome.status });
      if (outcome.status === 'committed') metrics.addMetric('RowsIngested', MetricUnit.Count, outcome.rows);
      if (outcome.status === 'committed') metrics.addMetric('FilesIngested', MetricUnit.Count, 1);
      if (outcome.status === 'rejected') metrics.addMetric('FilesRejected', MetricUnit.Count, 1);
      logger.removeKeys(['clientId', 'year']);
    }
  },
});
