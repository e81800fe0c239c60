import type { SQSRecord } from 'aws-lambda';
import { builtOnFirstCall } from '../aws/cold-start.ts';
import { createDynamoDBClient, createSqsClient, type AwsClients } from '../aws/clients.ts';
import { createLogger } from '../aws/logger.ts';
import { createMetrics } from '../aws/metrics.ts';
import { QueueSender } from '../aws/queue.ts';
import { clientYearStage, type SqsStageDeps, type SqsStageHandler } from '../aws/sqs-stage.ts';
import { dynamoStores } from '../aws/store/index.ts';
import { computeRequestSchema, lazy } from '../core/model/index.ts';
import { computeClientYear, type ComputeDeps, type ComputeOutcome } from './compute-client-year.ts';
import { readComputeEnvironment, type ComputeEnvironment } from './env.ts';

export type ComputeHandlerDeps = ComputeDeps & SqsStageDeps;

export function createHandler(deps: ComputeHandlerDeps): SqsStageHandler {
  const { logger } = deps;
  return (event, context) => {
    const newest = newestSeqs(event.Records);
    return clientYearStage(deps, computeRequestSchema, async (request) => {
      const later = newest.get(clientYearKey(request));
      const outcome: ComputeOutcome = request.seq !== undefined && later !== undefined && request.seq < later ? { status: 'stale' } : await computeClientYear(deps, request);
      logger.info('compute outcome', { status: outcome.status, seq: request.seq });
    })(event, context);
  };
}

const clientYearKey = (request: { clientId: string; year: number }) => `${request.clientId}/${request.year}`;
// Built on the first batch, not at import, like the model's own schemas.
const sequencedSchema = lazy(() => computeRequestSchema.pick({ clientId: true, year: true, seq: true }));

/**
 * The newest change sequence each client-year's requests in a batch carry. A burst's requests of one
 * client-year often arrive in one batch, and every one but the newest is stale: the client-year's stored
 * sequence is at least the newest one's (a request is sent after its change was marked, and the sequence
 * only grows), so they are known stale without reading the state. Records that do not parse are left to
 * the stage, which fails them.
 */
export function newestSeqs(records: readonly SQSRecord[]): Map<string, number> {
  const newest = new Map<string, number>();
  for (const record of records) {
    let body: unknown;
    try {
      body = JSON.parse(record.body);
    } catch {
      continue;
    }
    const parsed = sequencedSchema.safeParse(body);
    if (!parsed.success || parsed.data.seq === undefined) continue;
    const key = clientYearKey(parsed.data);
    newest.set(key, Math.max(newest.get(key) ?? 0, parsed.data.seq));
  }
  return newest;
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
