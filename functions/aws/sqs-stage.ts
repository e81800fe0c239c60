import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Logger } from '@aws-lambda-powertools/logger';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type * as z from 'zod';
import { withLogKeys } from './logger.ts';
import type { StageMetrics } from './metrics.ts';
import { MAX_RECEIVE_COUNT } from './queue-policy.ts';
import type { DeadLetterReason } from '../core/model/index.ts';

/** What every SQS stage's handler needs besides its use case's dependencies. */
export interface SqsStageDeps {
  logger: Logger;
  metrics: StageMetrics;
  /** Where the reason of a last failed attempt goes (the stage's table, `DLQ#<queue>` / `<messageId>`). */
  recordDeadLetter: (reason: DeadLetterReason) => Promise<void>;
  /** Receives before the queue dead-letters a message (default: the stack's redrive policy). */
  maxReceiveCount?: number;
}

/** An SQS-triggered handler as Lambda calls it. */
export type SqsStageHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;

/** The queue name from a record's event source ARN (`arn:aws:sqs:<region>:<account>:<name>`). */
export const queueNameOf = (record: SQSRecord) => record.eventSourceARN.split(':').pop() ?? '';

/**
 * An SQS-triggered stage: each record is validated and handled on its own; failed records are
 * reported back (partial batch response) so only they are retried, and after the queue's
 * maxReceiveCount they land in its dead-letter queue.
 *
 * On the last attempt (ApproximateReceiveCount ≥ maxReceiveCount, the queues' redrive policy) a failing record's
 * reason is written to the table (`DLQ#<queue>` / `<messageId>`), so `effekt dlq list` can show why
 * a dead-lettered message failed. Recording is best effort: it never hides the original error.
 */
export function sqsStage<S extends z.ZodType>(options: {
  logger: Logger;
  metrics: StageMetrics;
  schema: S;
  handle: (message: z.infer<S>, record: SQSRecord) => Promise<void>;
  /** Where the reason of a last failed attempt goes: the stage's table, `DLQ#<queue>` / `<messageId>`. */
  recordDeadLetter: (reason: DeadLetterReason) => Promise<void>;
  /** Receives before the queue dead-letters a message (default: the stack's redrive policy). */
  maxReceiveCount?: number;
}): SqsStageHandler {
  const { logger, metrics, schema, handle, recordDeadLetter, maxReceiveCount = MAX_RECEIVE_COUNT } = options;
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
          const last = receiveCount >= maxReceiveCount;
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

/**
 * A stage whose every message concerns one client-year (compute, render, deliver): while one is handled,
 * the stage's log lines carry its client and year.
 */
export function clientYearStage<S extends z.ZodType<{ clientId: string; year: number }>>(
  deps: SqsStageDeps,
  schema: S,
  handle: (message: z.infer<S>) => Promise<void>,
): SqsStageHandler {
  const { logger } = deps;
  return sqsStage({
    logger,
    metrics: deps.metrics,
    maxReceiveCount: deps.maxReceiveCount,
    recordDeadLetter: deps.recordDeadLetter,
    schema,
    handle: (message) => withLogKeys(logger, { clientId: message.clientId, year: message.year }, () => handle(message)),
  });
}
