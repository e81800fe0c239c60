import { builtOnFirstCall } from '../aws/cold-start.ts';
import { createDynamoDBClient, createSqsClient, type AwsClients } from '../aws/clients.ts';
import { createLogger } from '../aws/logger.ts';
import { createMetrics } from '../aws/metrics.ts';
import { QueueSender } from '../aws/queue.ts';
import { clientYearStage, type SqsStageDeps, type SqsStageHandler } from '../aws/sqs-stage.ts';
import { dynamoStores } from '../aws/store/index.ts';
import { computeRequestSchema } from '../core/model/index.ts';
import { computeClientYear, type ComputeDeps } from './compute-client-year.ts';
import { readComputeEnvironment, type ComputeEnvironment } from './env.ts';

export type ComputeHandlerDeps = ComputeDeps & SqsStageDeps;

export function createHandler(deps: ComputeHandlerDeps): SqsStageHandler {
  const { logger } = deps;
  return clientYearStage(deps, computeRequestSchema, async (request) => {
    const outcome = await computeClientYear(deps, request);
    logger.info('compute outcome', { status: outcome.status, seq: request.seq });
  });
}

/** Compute's dependencies from its environment: the one place its storage and queues are built. */
export function realDeps(
  env: ComputeEnvironment,
  clients: Pick<AwsClients, 'dynamodb' | 'sqs'> = { dynamodb: createDynamoDBClient(env), sqs: createSqsClient(env) },
): ComputeHandlerDeps {
  const store = dynamoStores(clients.dynamodb, env.TABLE_NAME);
  return {
    store,
    recordDeadLetter: (reason) => store.deadLetters.putDeadLetterReason(reason),
    renderQueue: new QueueSender(clients.sqs, env.RENDER_QUEUE_URL),
    logger: createLogger('compute', env.LOG_LEVEL),
    metrics: createMetrics('compute', env.POWERTOOLS_METRICS_NAMESPACE),
    maxReceiveCount: env.MAX_RECEIVE_COUNT,
  };
}

/** The Lambda entry point: real dependencies from the environment, built at the cold start. */
export const handler = builtOnFirstCall(() => createHandler(realDeps(readComputeEnvironment())));
