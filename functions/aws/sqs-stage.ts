import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Logger } from '@aws-lambda-powertools/logger';
import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { z } from 'zod';

/**
 * An SQS-triggered stage: each record is validated and handled on its own; failed records are
 * reported back (partial batch response) so only they are retried, and after the queue's
 * maxReceiveCount they land in its dead-letter queue.
 */
export function sqsStage<S extends z.ZodType>(options: {
  logger: Logger;
  metrics: Metrics;
  schema: S;
  handle: (message: z.infer<S>, record: SQSRecord) => Promise<void>;
}): (event: SQSEvent, context: Context) => Promise<SQSBatchResponse> {
  const { logger, metrics, schema, handle } = options;
  const processor = new BatchProcessor(EventType.SQS);
  return async (event, context) => {
    logger.addContext(context);
    const response = await processPartialResponse(
      event,
      async (record: SQSRecord) => {
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
        try {
          await handle(parsed.data, record);
        } catch (error) {
          logger.error('record failed; it will be retried and, after the last attempt, kept in the dead-letter queue', {
            messageId: record.messageId,
            receiveCount: record.attributes.ApproximateReceiveCount,
            error: error as Error,
          });
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
