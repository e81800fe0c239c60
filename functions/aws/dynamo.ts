import {
  BatchWriteItemCommand,
  QueryCommand,
  type AttributeValue,
  type DynamoDBClient,
  type QueryCommandInput,
  type WriteRequest,
} from '@aws-sdk/client-dynamodb';

export type Item = Record<string, AttributeValue>;

/** Reads every page of a Query (never a Scan). */
export async function queryAll(db: DynamoDBClient, input: QueryCommandInput): Promise<Item[]> {
  const items: Item[] = [];
  let startKey: Item | undefined;
  do {
    const page = await db.send(new QueryCommand({ ...input, ExclusiveStartKey: startKey }));
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}

export interface BatchWriteOptions {
  /** Concurrent BatchWriteItem calls. */
  parallelism?: number;
  maxAttempts?: number;
  baseDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

const BATCH_SIZE = 25;

/** Full-jitter exponential backoff (AWS Architecture Blog, "Exponential Backoff And Jitter"). */
export function backoffDelay(attempt: number, baseMs: number, capMs = 5_000): number {
  return Math.random() * Math.min(capMs, baseMs * 2 ** attempt);
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Errors that mean "slow down", not "this write is wrong": the whole call is retried like unprocessed items. */
const THROTTLING_ERRORS = new Set(['ProvisionedThroughputExceededException', 'ThrottlingException', 'RequestLimitExceeded']);

export function isThrottling(error: unknown): boolean {
  return error instanceof Error && THROTTLING_ERRORS.has(error.name);
}

/**
 * Writes in batches of 25 with bounded parallelism, retrying unprocessed items with backoff and jitter.
 * A throttled call (after the SDK's own retries) counts as a call that processed nothing.
 * Throws when items are still unprocessed after the last attempt, so no write is silently lost.
 */
export async function batchWrite(
  db: DynamoDBClient,
  table: string,
  requests: WriteRequest[],
  options: BatchWriteOptions = {},
): Promise<void> {
  const { parallelism = 4, maxAttempts = 8, baseDelayMs = 50, sleep = realSleep } = options;
  const batches: WriteRequest[][] = [];
  for (let i = 0; i < requests.length; i += BATCH_SIZE) batches.push(requests.slice(i, i + BATCH_SIZE));
  let next = 0;
  const worker = async () => {
    while (next < batches.length) {
      let pending = batches[next++]!;
      for (let attempt = 0; pending.length > 0; attempt++) {
        if (attempt >= maxAttempts) {
          throw new Error(`BatchWriteItem left ${pending.length} item(s) unprocessed after ${maxAttempts} attempts`);
        }
        if (attempt > 0) await sleep(backoffDelay(attempt, baseDelayMs));
        try {
          const result = await db.send(new BatchWriteItemCommand({ RequestItems: { [table]: pending } }));
          pending = result.UnprocessedItems?.[table] ?? [];
        } catch (error) {
          if (!isThrottling(error) || attempt + 1 >= maxAttempts) throw error;
        }
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallelism, batches.length) }, worker));
}

export function isConditionalCheckFailed(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}
