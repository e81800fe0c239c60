import { randomUUID } from 'node:crypto';
import { ChangeMessageVisibilityCommand, DeleteMessageBatchCommand, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';

export type SqsHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse | void>;

export interface EventSourceOptions {
  name: string;
  queueUrl: string;
  handler: SqsHandler;
  batchSize: number;
  concurrency: number;
  onInvoke?: (delta: 1 | -1) => void;
  onError?: (error: Error) => void;
  /** After each invocation: how many records succeeded and failed. */
  onSettled?: (succeeded: number, failed: number) => void;
  /** After each invocation: when its records were sent and received and when the handler ran (Lambda's REPORT line). */
  onInvocation?: (invocation: Invocation) => void;
}

/** One invocation's timing, epoch milliseconds, as a Lambda platform log (START … REPORT) gives it in AWS. */
export interface Invocation {
  requestId: string;
  records: number;
  succeeded: number;
  failed: number;
  /** When the earliest record of the batch was sent to the queue (SQS SentTimestamp). */
  sentAt: number;
  /** When the latest record of the batch was sent (in a debounced batch, the one that counts). */
  lastSentAt: number;
  /** When the event source received the batch (after the queue's delay, e.g. the compute debounce, if any). */
  receivedAt: number;
  /** When the handler returned or threw. */
  endedAt: number;
}

/**
 * How long one poll waits for a message: SQS's longest, as Lambda's pollers wait. The emulator answers a
 * poll as soon as a message can be received, so this adds no latency; it only sets how often an idle
 * poller asks again, and each poll is a signed request that costs the runtime's thread CPU.
 */
const WAIT_SECONDS = 20;

/**
 * Lambda's SQS event source mapping, locally: long-polls the queue, invokes the handler with an
 * SQSEvent, deletes what succeeded and leaves failed records to come back (after a short local
 * backoff instead of the full visibility timeout), so the queue's redrive policy dead-letters them.
 */
export function startEventSource(sqs: SQSClient, options: EventSourceOptions): { stop: () => Promise<void> } {
  let running = true;
  // Stopping cancels the long polls in flight instead of waiting for them to time out (one signal per
  // poller: each request listens on its signal, and many pollers on one would exceed its listener limit).
  const stopping = Array.from({ length: options.concurrency }, () => new AbortController());
  const loops = stopping.map(async ({ signal }) => {
    while (running) {
      let received;
      try {
        received = await sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: options.queueUrl,
            MaxNumberOfMessages: options.batchSize,
            WaitTimeSeconds: WAIT_SECONDS,
            MessageSystemAttributeNames: ['All'],
          }),
          { abortSignal: signal },
        );
      } catch (error) {
        if (!running) return;
        options.onError?.(error as Error);
        await new Promise((resolve) => setTimeout(resolve, 200));
        continue;
      }
      const messages = received.Messages ?? [];
      if (messages.length === 0) continue;
      const receivedAt = Date.now();
      options.onInvoke?.(1);
      try {
        const event: SQSEvent = {
          Records: messages.map((m) => ({
            messageId: m.MessageId!,
            receiptHandle: m.ReceiptHandle!,
            body: m.Body ?? '',
            attributes: {
              ApproximateReceiveCount: m.Attributes?.ApproximateReceiveCount ?? '1',
              SentTimestamp: m.Attributes?.SentTimestamp ?? String(Date.now()),
              SenderId: 'local',
              ApproximateFirstReceiveTimestamp: m.Attributes?.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
            },
            messageAttributes: {},
            md5OfBody: m.MD5OfBody ?? '',
            eventSource: 'aws:sqs',
            eventSourceARN: `arn:aws:sqs:local:000000000000:${options.name}`,
            awsRegion: 'local',
          })),
        };
        let failedIds: Set<string>;
        const context = localContext(options.name);
        try {
          const response = await options.handler(event, context);
          failedIds = new Set((response?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
        } catch (error) {
          options.onError?.(error as Error);
          failedIds = new Set(messages.map((m) => m.MessageId!));
        }
        const succeeded = messages.filter((m) => !failedIds.has(m.MessageId!));
        if (options.onInvocation) {
          const sent = messages.map((m) => Number(m.Attributes?.SentTimestamp ?? receivedAt));
          options.onInvocation({
            requestId: context.awsRequestId,
            records: messages.length,
            succeeded: succeeded.length,
            failed: failedIds.size,
            sentAt: Math.min(...sent),
            lastSentAt: Math.max(...sent),
            receivedAt,
            endedAt: Date.now(),
          });
        }
        options.onSettled?.(succeeded.length, failedIds.size);
        if (succeeded.length > 0) {
          await sqs.send(
            new DeleteMessageBatchCommand({
              QueueUrl: options.queueUrl,
              Entries: succeeded.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })),
            }),
          );
        }
        for (const failed of messages.filter((m) => failedIds.has(m.MessageId!))) {
          const attempt = Number(failed.Attributes?.ApproximateReceiveCount ?? '1');
          await sqs.send(
            new ChangeMessageVisibilityCommand({ QueueUrl: options.queueUrl, ReceiptHandle: failed.ReceiptHandle!, VisibilityTimeout: Math.min(attempt, 5) }),
          );
        }
      } finally {
        options.onInvoke?.(-1);
      }
    }
  });
  return {
    async stop() {
      running = false;
      for (const controller of stopping) controller.abort();
      await Promise.allSettled(loops);
    },
  };
}

function localContext(functionName: string): Context {
  const deadline = Date.now() + 15 * 60_000;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: `effekt-local-${functionName}`,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:effekt-local-${functionName}`,
    memoryLimitInMB: '1024',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/effekt-local-${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => deadline - Date.now(),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
