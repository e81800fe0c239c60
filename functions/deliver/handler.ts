import { Blobs } from '../aws/blobs.ts';
import { dynamodbClient, s3Client, sesClient } from '../aws/clients.ts';
import { config } from '../aws/config.ts';
import { createLogger } from '../aws/logger.ts';
import { createMetrics, MetricUnit } from '../aws/metrics.ts';
import { Mailer } from '../aws/mail.ts';
import { sqsStage } from '../aws/sqs-stage.ts';
import { dynamoStores } from '../aws/store/index.ts';
import { deliverRequestSchema } from '../core/model/index.ts';
import { deliverReport, type DeliverDeps } from './deliver-report.ts';

const cfg = config();
const logger = createLogger('deliver');
const metrics = createMetrics('deliver');

const deps: DeliverDeps = {
  store: dynamoStores(dynamodbClient(), cfg.TABLE_NAME),
  blobs: new Blobs(s3Client()),
  mailer: new Mailer(sesClient(), cfg.SES_CONFIGURATION_SET),
  settings: {
    reportsBucket: cfg.REPORTS_BUCKET,
    senderEmail: cfg.SENDER_EMAIL,
    maxAttachmentBytes: cfg.MAX_ATTACHMENT_BYTES,
    apiBaseUrl: cfg.API_BASE_URL,
  },
  logger,
  now: () => new Date(),
};

export const handler = sqsStage({
  logger,
  metrics,
  schema: deliverRequestSchema,
  handle: async (request) => {
    logger.appendKeys({ clientId: request.clientId, year: request.year });
    const outcome = await deliverReport(deps, request);
    if (outcome.status === 'sent') metrics.addMetric('EmailsSent', MetricUnit.Count, 1);
    logger.info('deliver outcome', { status: outcome.status, version: request.version });
    logger.removeKeys(['clientId', 'year']);
  },
});
