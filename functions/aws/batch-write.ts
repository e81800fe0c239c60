/**
 * BatchWriteItem for many items: groups of at most 25 items and ~1 MB, a few calls in flight, groups taken
 * lazily from a generator so producing the items (ingest packing row chunks) overlaps writing them.
 *
 * Retries: the SDK client already retries a failed call (throttling and transient errors, with its own
 * backoff); this module adds only what the SDK does not do, resending the `UnprocessedItems` a successful
 * call hands back (DynamoDB's partial failure), with full-jitter backoff as AWS recommends for them.
 *
 * What the lazy groups and the staggered start buy (the first request leaves while the next group is still
 * packed) is measured in docs/benchmarks.md (ingest, issue 8 second and fourth passes).
 */
import { BatchWriteItemCommand, type AttributeValue, type DynamoDBClient, type WriteRequest } from '@aws-sdk/client-dynamodb';

export interface BatchWriteOptions {
  /** Concurrent BatchWriteItem calls. */
  parallelism?: number;
  /** Most bytes (estimated item sizes) in one BatchWriteItem call, besides DynamoDB's 25 items. */
  maxBatchBytes?: number;
  maxAttempts?: number;
  baseDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

const BATCH_SIZE = 25;

/**
 * DynamoDB accepts up to 16 MB per BatchWriteItem, but 25 items of up to 400 KB make a 10 MB request:
 * one slow upload and, when throttled, 10 MB to resend. Capping each call at ~1 MB by default keeps
 * requests small and lets the parallel calls share the work evenly (an item above the cap goes alone).
 */
export const MAX_BATCH_BYTES = 1_000_000;

/** DynamoDB's item size: attribute names plus values (strings and binaries by bytes, numbers by digits). */
export function itemBytes(item: Record<string, AttributeValue>): number {
  let bytes = 0;
  for (const name in item) {
    const value = item[name];
    bytes += Buffer.byteLength(name) + (value === undefined ? 0 : valueBytes(value));
  }
  return bytes;
}

function valueBytes(value: AttributeValue): number {
  if (value.S !== undefined) return Buffer.byteLength(value.S);
  if (value.N !== undefined) return value.N.length;
  if (value.B !== undefined) return value.B.byteLength;
  if (value.M !== undefined) return 3 + itemBytes(value.M);
  if (value.L !== undefined) return 3 + value.L.reduce((sum, v) => sum + 1 + valueBytes(v), 0);
  if (value.SS !== undefined) return value.SS.reduce((sum, v) => sum + Buffer.byteLength(v), 0);
  if (value.NS !== undefined) return value.NS.reduce((sum, v) => sum + v.length, 0);
  if (value.BS !== undefined) return value.BS.reduce((sum, v) => sum + v.byteLength, 0);
  return 1;
}

function requestBytes(request: WriteRequest): number {
  const item = request.PutRequest?.Item ?? request.DeleteRequest?.Key;
  return item === undefined ? 0 : itemBytes(item);
}

/**
 * Consecutive groups of at most 25 requests and at most `maxBytes` (a single larger request forms its own
 * group), taken lazily: each group is read from `requests` only when a writer asks for it, so a generator
 * of requests (ingest packing row chunks) is consumed while earlier groups are being written.
 */
async function* batchesOf(requests: Iterable<WriteRequest> | AsyncIterable<WriteRequest>, maxBytes = MAX_BATCH_BYTES): AsyncGenerator<WriteRequest[], void, undefined> {
  let current: WriteRequest[] = [];
  let size = 0;
  for await (const request of requests) {
    const bytes = requestBytes(request);
    if (current.length > 0 && (current.length >= BATCH_SIZE || size + bytes > maxBytes)) {
      yield current;
      current = [];
      size = 0;
    }
    current.push(request);
    size += bytes;
  }
  if (current.length > 0) yield current;
}

/** Full-jitter exponential backoff (AWS Architecture Blog, "Exponential Backoff And Jitter"). */
export function backoffDelay(attempt: number, baseMs: number, capMs = 5_000): number {
  return Math.random() * Math.min(capMs, baseMs * 2 ** attempt);
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Writes in batches of at most 25 items and `maxBatchBytes` with bounded parallelism, retrying unprocessed items with backoff and jitter.
 * An error of the call itself (throttling included, once the SDK's own retries are spent) fails the write.
 * Throws when items are still unprocessed after the last attempt, so no write is silently lost.
 * `requests` may be lazy (a generator, also an async one): a writer takes the next batch from it only when it is free, so
 * producing requests overlaps writing them; after a failure no further batch is taken. Returns the number
 * of requests written.
 */
export async function batchWrite(
  db: DynamoDBClient,
  table: string,
  requests: Iterable<WriteRequest> | AsyncIterable<WriteRequest>,
  options: BatchWriteOptions = {},
): Promise<number> {
  const { parallelism = 4, maxAttempts = 8, baseDelayMs = 50, sleep = realSleep, maxBatchBytes = MAX_BATCH_BYTES } = options;
  const batches = batchesOf(requests, maxBatchBytes);
  let failed = false;
  let written = 0;
  // Concurrent next() calls on an async generator queue up: each writer gets the next group in order.
  const nextBatch = async (): Promise<WriteRequest[] | undefined> => {
    if (failed) return undefined;
    const next = await batches.next();
    return next.done || failed ? undefined : next.value;
  };
  const worker = async () => {
    for (let batch = await nextBatch(); batch !== undefined; batch = await nextBatch()) {
      let pending = batch;
      for (let attempt = 0; pending.length > 0; attempt++) {
        if (attempt >= maxAttempts) {
          throw new Error(`BatchWriteItem left ${pending.length} item(s) unprocessed after ${maxAttempts} attempts`);
        }
        if (attempt > 0) await sleep(backoffDelay(attempt, baseDelayMs));
        const result = await db.send(new BatchWriteItemCommand({ RequestItems: { [table]: pending } }));
        pending = result.UnprocessedItems?.[table] ?? [];
      }
      written += batch.length;
    }
  };
  const run = async (index: number) => {
    try {
      await staggeredStart(index);
      await worker();
    } catch (error) {
      failed = true;
      throw error;
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, parallelism) }, (_, index) => run(index)));
  return written;
}

/**
 * Writer `index` starts `index` turns of the event loop after the first, so the batch before it has been
 * serialised and sent by then: with a lazy generator the first request is on its way while the next batch
 * is still being produced, instead of after every writer has produced its first.
 */
async function staggeredStart(index: number): Promise<void> {
  for (let i = 0; i < index; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}
