import { builtOnFirstCall } from '../aws/cold-start.ts';
import { createSesClient, sesSend } from '../aws/all-clients.ts';
import { createDynamoDBClient, type AwsClients } from '../aws/clients.ts';
import { createLogger } from '../aws/logger.ts';
import { Mailer } from '../aws/mail.ts';
import { createMetrics } from '../aws/metrics.ts';
import { sqsStage, type SqsStageDeps, type SqsStageHandler } from '../aws/sqs-stage.ts';
import { dynamoStores } from '../aws/store/index.ts';
import { readFeedbackEnvironment, type FeedbackEnvironment } from './env.ts';
import { recordFeedback, sesFeedbackEventSchema, type FeedbackDeps } from './record-feedback.ts';

export type FeedbackHandlerDeps = FeedbackDeps & SqsStageDeps;

export function createHandler(deps: FeedbackHandlerDeps): SqsStageHandler {
  return sqsStage({
    logger: deps.logger,
    metrics: deps.metrics,
    maxReceiveCount: deps.maxReceiveCount,
    recordDeadLetter: deps.recordDeadLetter,
    schema: sesFeedbackEventSchema,
    handle: async (event) => {
      await recordFeedback(deps, event);
    },
  });
}

/** Feedback's dependencies from its environment: the one place its storage and mailer are built. */
export function realDeps(
  env: FeedbackEnvironment,
  clients: Pick<AwsClients, 'dynamodb' | 'ses'> = { dynamodb: createDynamoDBClient(env), ses: createSesClient(env) },
): FeedbackHandlerDeps {
  const store = dynamoStores(clients.dynamodb, env.TABLE_NAME);
  return {
    store,
    recordDeadLetter: (reason) => store.deadLetters.putDeadLetterReason(reason),
    mailer: new Mailer(sesSend(clients.ses), env.SES_CONFIGURATION_SET),
    settings: { senderEmail: env.SENDER_EMAIL },
    logger: createLogger('feedback', env.LOG_LEVEL),
    metrics: createMetrics('feedback', env.POWERTOOLS_METRICS_NAMESPACE),
    maxReceiveCount: env.MAX_RECEIVE_COUNT,
    now: () => new Date(),
  };
}

/** The Lambda entry point: real dependencies from the environment, built at the cold start. */
export const handler = builtOnFirstCall(() => createHandler(realDeps(readFeedbackEnvironment())));
