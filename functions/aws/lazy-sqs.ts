// Loaded by lazy-clients.ts's import(): SQS's SDK client and QueueSender, in a file of their own.
import type { SQSClient } from '@aws-sdk/client-sqs';
import { createSqsClient } from './sqs-client.ts';
import type { ServiceEnvironment } from './environment.ts';
import { QueueSender } from './queue.ts';

/** One client for every queue the function sends to. */
export function queueSenders(env: ServiceEnvironment, sqs?: SQSClient): (url: string) => QueueSender {
  const client = sqs ?? createSqsClient(env);
  return (url) => new QueueSender(client, url);
}
