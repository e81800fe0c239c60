import { Blobs } from '../aws/blobs.ts';
import { dynamodbClient, s3Client, sesClient, sqsClient } from '../aws/clients.ts';
import { config } from '../aws/config.ts';
import { createLogger } from '../aws/logger.ts';
import { createMetrics, MetricUnit } from '../aws/metrics.ts';
import { Mailer } from '../aws/mail.ts';
import { StageQueue } from '../aws/queue.ts';
import { sqsStage } from '../aws/sqs-stage.ts';
import { dynamoStores } from '../aws/store/index.ts';
import { renderRequestSchema } from '../core/model/index.ts';
import { renderVersion, type RenderDeps } from './render-version.ts';

const cfg = config();
const logger = createLogger('render');
const metrics = createMetrics('render');

const deps: RenderDeps = {
  store: dynamoStores(dynamodbClient(), cfg.TABLE_NAME),
  blobs: new Blobs(s3Client()),
  deliverQueue: new StageQueue(sqsClient(), cfg.DELIVER_QUEUE_URL),
  mailer: new Mailer(sesClient(), cfg.SES_CONFIGURATION_SET),
  settings: { reportsBucket: cfg.REPORTS_BUCKET, senderEmail: cfg.SENDER_EMAIL },
  logger,
  now: () => new Date(),
};

export const handler = sqsStage({
  logger,
  metrics,
  schema: renderRequestSchema,
  handle: async (request) => {
    logger.appendKeys({ clientId: request.clientId, year: request.year });
    const outcome = await renderVersion(deps, request);
    if (outcome.status === 'rendered') metrics.addMetric('ReportsRendered', MetricUnit.Count, 1);
    if (outcome.status === 'failed') metrics.addMetric('RenderFailures', MetricUnit.Count, 1);
    logger.info('render outcome', { status: outcome.status });
    logger.removeKeys(['clientId', 'year']);
  },
});
