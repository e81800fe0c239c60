import { dynamodbClient, sesClient } from '../aws/clients.ts';
import { config } from '../aws/config.ts';
import { createLogger } from '../aws/logger.ts';
import { createMetrics } from '../aws/metrics.ts';
import { Mailer } from '../aws/mail.ts';
import { sqsStage } from '../aws/sqs-stage.ts';
import { EffektTable } from '../aws/table.ts';
import { recordFeedback, sesFeedbackEventSchema, type FeedbackDeps } from './record-feedback.ts';

const logger = createLogger('feedback');
const metrics = createMetrics('feedback');

// Built on first use: the bundle test imports this module without the stage's environment.
let deps: FeedbackDeps | undefined;
function feedbackDeps(): FeedbackDeps {
  if (deps) return deps;
  const cfg = config();
  deps = {
    table: new EffektTable(dynamodbClient(), cfg.TABLE_NAME),
    mailer: new Mailer(sesClient(), cfg.SES_CONFIGURATION_SET),
    settings: { senderEmail: cfg.SENDER_EMAIL },
    logger,
    now: () => new Date(),
  };
  return deps;
}

export const handler = sqsStage({
  logger,
  metrics,
  schema: sesFeedbackEventSchema,
  handle: async (event) => {
    await recordFeedback(feedbackDeps(), event);
  },
});
