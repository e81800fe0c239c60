import { BatchGetItemCommand, QueryCommand, type AttributeValue, type DynamoDBClient, type QueryCommandInput } from '@aws-sdk/client-dynamodb';
import { backoffDelay } from './batch-write.ts';

/** Batch writing has its own module; re-exported for the table adapter. */
export { batchWrite, type BatchWriteOptions } from './batch-write.ts';

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

/**
 * Strongly consistent reads of a few items (at most 100) in one BatchGetItem. Keys DynamoDB hands back
 * unprocessed (its partial failure, which the SDK does not retry) are asked for again with full-jitter
 * backoff, as for BatchWriteItem; the read fails rather than report a stored item as missing.
 * Returns the items found, in no particular order.
 */
export async function batchGetAll(
  db: DynamoDBClient,
  table: string,
  keys: Item[],
  options: { maxAttempts?: number; baseDelayMs?: number; sleep?: (ms: number) => Promise<void> } = {},
): Promise<Item[]> {
  const { maxAttempts = 8, baseDelayMs = 50, sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)) } = options;
  if (keys.length > 100) throw new Error(`BatchGetItem reads at most 100 items, not ${keys.length}`);
  const found: Item[] = [];
  let pending = keys;
  for (let attempt = 0; pending.length > 0; attempt++) {
    if (attempt >= maxAttempts) throw new Error(`BatchGetItem left ${pending.length} key(s) unprocessed after ${maxAttempts} attempts`);
    if (attempt > 0) await sleep(backoffDelay(attempt, baseDelayMs));
    const result = await db.send(new BatchGetItemCommand({ RequestItems: { [table]: { Keys: pending, ConsistentRead: true } } }));
    found.push(...(result.Responses?.[table] ?? []));
    pending = result.UnprocessedKeys?.[table]?.Keys ?? [];
  }
  return found;
}

export function isConditionalCheckFailed(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}
