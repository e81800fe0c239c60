import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Logger } from '@aws-lambda-powertools/logger';
import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type * as z from 'zod';
import { dynamodbClient } from './clients.ts';
import { config } from './config.ts';
import { MAX_RECEIVE_COUNT } from './queue-policy.ts';
import type { DeadLetterReason } from '../core/model/index.ts';
import { DynamoDeadLetterStore, TableClient } from './store/index.ts';

/** The queues' redrive policy: receives before a message is dead-lettered (env MAX_RECEIVE_COUNT overrides, for tests). */
export const DEFAULT_MAX_RECEIVE_COUNT = MAX_RECEIVE_COUNT;

export function maxReceiveCount(env: NodeJS.ProcessEnv = process.env): number {
  const parsed = Number(env.MAX_RECEIVE_COUNT);
  return Number.isInteger(parsed) && parsed > 0 ? parsed : DEFAULT_MAX_RECEIVE_COUNT;
}

/** The queue name from a record's event source ARN (`arn:aws:sqs:<region>:<account>:<name>`). */
export const queueNameOf = (record: SQSRecord) => record.eventSourceARN.split(':').pop() ?? '';

/** Default: the reason goes to this deployment's table, `DLQ#<queue>` / `<messageId>`. */
const recordInTable = (reason: DeadLetterReason) => new DynamoDeadLetterStore(new TableClient(dynamodbClient(), config().TABLE_NAME)).putDeadLetterReason(reason);

/**
 * An SQS-triggered stage: each record is validated and handled on its own; failed records are
 * reported back (partial batch response) so only they are retried, and after the queue's
 * maxReceiveCount they land in its dead-letter queue.
 *
 * On the last attempt (ApproximateReceiveCount ≥ MAX_RECEIVE_COUNT, default 5) a failing record's
 * reason is written to the table (`DLQ#<queue>` / `<messageId>`), so `effekt dlq list` can show why
 * a dead-lettered message failed. Recording is best effort: it never hides the original error.
 */
export function sqsStage<S extends z.ZodType>(options: {
  logger: Logger;
  metrics: Metrics;
  schema: S;
  handle: (message: z.infer<S>, record: SQSRecord) => Promise<void>;
  /** Where the reason of a last failed attempt goes (default: the table); injectable for tests. */
  recordDeadLetter?: (reason: DeadLetterReason) => Promise<void>;
}): (event: SQSEvent, context: Context) => Promise<SQSBatchResponse> {
  const { logger, metrics, schema, handle, recordDeadLetter = recordInTable } = options;
  const handleRecord = async (record: SQSRecord) => {
    let body: unknown;
    try {
      body = JSON.parse(record.body);
    } catch {
      throw new Error(`message ${record.messageId} is not JSON`);
    }
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      throw new Error(`message ${record.messageId} is not a valid request: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
    }
    await handle(parsed.data, record);
  };
  return async (event, context) => {
    logger.addContext(context);
    // One processor per invocation: its state (records, failures) lives on the instance outside
    // Lambda, and the local runtime invokes one handler module concurrently; a shared processor
    // then mixes the batches of concurrent invocations and fails the successful ones.
    const processor = new BatchProcessor(EventType.SQS);
    const response = await processPartialResponse(
      event,
      async (record: SQSRecord) => {
        try {
          await handleRecord(record);
        } catch (error) {
          const receiveCount = Number(record.attributes.ApproximateReceiveCount);
          const last = receiveCount >= maxReceiveCount();
          logger.error(
            last
              ? 'record failed on its last attempt; it goes to the dead-letter queue with this reason'
              : 'record failed; it will be retried and, after the last attempt, kept in the dead-letter queue',
            { messageId: record.messageId, receiveCount, error: error as Error },
          );
          if (last) {
            await recordDeadLetter({
              queue: queueNameOf(record),
              messageId: record.messageId,
              reason: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
              receiveCount,
              failedAt: new Date().toISOString(),
              body: record.body.slice(0, 4_000),
            }).catch((recordError: unknown) => {
              logger.error('could not record the dead-letter reason', { messageId: record.messageId, error: recordError as Error });
            });
          }
          throw error;
        }
      },
      processor,
      { context },
    );
    metrics.addMetric('RecordsFailed', MetricUnit.Count, response.batchItemFailures.length);
    metrics.addMetric('RecordsSucceeded', MetricUnit.Count, event.Records.length - response.batchItemFailures.length);
    metrics.publishStoredMetrics();
    return response;
  };
}
