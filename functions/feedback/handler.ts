import { dynamodbClient, sesClient } from '../aws/clients.ts';
import { config } from '../aws/config.ts';
import { createLogger } from '../aws/logger.ts';
import { createMetrics } from '../aws/metrics.ts';
import { Mailer } from '../aws/mail.ts';
import { sqsStage } from '../aws/sqs-stage.ts';
import { dynamoStores } from '../aws/store/index.ts';
import { recordFeedback, sesFeedbackEventSchema, type FeedbackDeps } from './record-feedback.ts';

const cfg = config();
const logger = createLogger('feedback');
const metrics = createMetrics('feedback');

const deps: FeedbackDeps = {
  store: dynamoStores(dynamodbClient(), cfg.TABLE_NAME),
  mailer: new Mailer(sesClient(), cfg.SES_CONFIGURATION_SET),
  settings: { senderEmail: cfg.SENDER_EMAIL },
  logger,
  now: () => new Date(),
};

export const handler = sqsStage({
  logger,
  metrics,
  schema: sesFeedbackEventSchema,
  handle: async (event) => {
    await recordFeedback(deps, event);
  },
});
