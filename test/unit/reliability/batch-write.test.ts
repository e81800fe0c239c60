import { randomUUID } from 'node:crypto';
import {
  BatchGetItemCommand,
  BatchWriteItemCommand,
  CreateTableCommand,
  DynamoDBClient,
  ProvisionedThroughputExceededException,
  QueryCommand,
  type BatchGetItemCommandInput,
  type BatchWriteItemCommandInput,
  type WriteRequest,
} from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { backoffDelay, batchWrite } from '../../../functions/aws/batch-write.ts';
import { batchGetAll } from '../../../functions/aws/dynamo.ts';

/**
 * DynamoDB's partial failures (UnprocessedItems) and throttling cannot be produced by the emulator:
 * a mocked client injects them for the first calls, then passes every call through to dynalite,
 * so the assertions are on what really got stored.
 */
const credentials = { accessKeyId: 'x', secretAccessKey: 'x' };
const real = new DynamoDBClient({ region: 'eu-north-1', endpoint: inject('emulators').dynamodb, credentials });
const table = `bw-${randomUUID().slice(0, 8)}`;

beforeAll(async () => {
  await real.send(
    new CreateTableCommand({
      TableName: table,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
    }),
  );
});

const items = (pk: string, n: number): WriteRequest[] =>
  Array.from({ length: n }, (_, i) => ({ PutRequest: { Item: { pk: { S: pk }, sk: { S: String(i).padStart(4, '0') }, v: { N: String(i) } } } }));

async function stored(pk: string): Promise<number[]> {
  const page = await real.send(new QueryCommand({ TableName: table, KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': { S: pk } } }));
  return (page.Items ?? []).map((i) => Number(i.v?.N));
}

const passThrough = (input: BatchWriteItemCommandInput) => real.send(new BatchWriteItemCommand(input));

/** Writes the first half of the batch for real and hands the rest back as UnprocessedItems, as DynamoDB does under load. */
const halfProcessed = async (input: BatchWriteItemCommandInput) => {
  const requests = input.RequestItems![table]!;
  const keep = Math.ceil(requests.length / 2);
  await real.send(new BatchWriteItemCommand({ RequestItems: { [table]: requests.slice(0, keep) } }));
  return { UnprocessedItems: requests.length > keep ? { [table]: requests.slice(keep) } : {} };
};

const throttled = () =>
  new ProvisionedThroughputExceededException({ message: 'The level of configured provisioned throughput for the table was exceeded', $metadata: {} });

function recordingSleep() {
  const delays: number[] = [];
  return { delays, sleep: async (ms: number) => void delays.push(ms) };
}

let mocked: DynamoDBClient | undefined;
afterEach(() => {
  mocked = undefined;
});

function mockedClient() {
  mocked = new DynamoDBClient({ region: 'eu-north-1', endpoint: inject('emulators').dynamodb, credentials });
  return { client: mocked, mock: mockClient(mocked) };
}

describe('batchWrite under partial failure', () => {
  it('retries UnprocessedItems with full-jitter backoff until every item is stored exactly once', async () => {
    const { client, mock } = mockedClient();
    let calls = 0;
    mock.on(BatchWriteItemCommand).callsFake((input: BatchWriteItemCommandInput) => (++calls <= 4 ? halfProcessed(input) : passThrough(input)));
    const { delays, sleep } = recordingSleep();
    // One worker, so the order of calls is fixed: the first batch gets all four half-processed calls.
    await batchWrite(client, table, items('unprocessed', 60), { parallelism: 1, baseDelayMs: 50, sleep });

    expect((await stored('unprocessed')).sort((a, b) => a - b)).toEqual(Array.from({ length: 60 }, (_, i) => i));
    // 3 batches (25, 25, 10); 4 half-processed calls each cost one retry.
    expect(mock.commandCalls(BatchWriteItemCommand)).toHaveLength(3 + 4);
    expect(delays).toHaveLength(4);
    // Full jitter: retry k waits a random time in [0, base·2^k).
    delays.forEach((d, i) => {
      expect(d).toBeGreaterThanOrEqual(0);
      expect(d).toBeLessThan(50 * 2 ** (i + 1));
    });
    // No batch ever exceeds DynamoDB's limit of 25.
    for (const call of mock.commandCalls(BatchWriteItemCommand)) expect(call.args[0].input.RequestItems![table]!.length).toBeLessThanOrEqual(25);
  });

  it('gives up after maxAttempts with the number of items left, so no write is silently lost', async () => {
    const { client, mock } = mockedClient();
    mock.on(BatchWriteItemCommand).callsFake(async (input: BatchWriteItemCommandInput) => ({ UnprocessedItems: input.RequestItems }));
    const { delays, sleep } = recordingSleep();
    await expect(batchWrite(client, table, items('never', 5), { maxAttempts: 3, sleep })).rejects.toThrow(
      'BatchWriteItem left 5 item(s) unprocessed after 3 attempts',
    );
    expect(mock.commandCalls(BatchWriteItemCommand)).toHaveLength(3);
    expect(delays).toHaveLength(2);
  });

  it('leaves a throttled call to the SDK retries: once they are spent, the throttling error surfaces', async () => {
    const { client, mock } = mockedClient();
    // The mock stands in for the client after its retries: one rejection is what the SDK gives up with.
    mock.on(BatchWriteItemCommand).rejects(throttled());
    const { delays, sleep } = recordingSleep();
    await expect(batchWrite(client, table, items('always-throttled', 3), { maxAttempts: 3, sleep })).rejects.toThrow(/provisioned throughput/);
    expect(mock.commandCalls(BatchWriteItemCommand)).toHaveLength(1);
    expect(delays).toHaveLength(0);
  });

  it('does not retry any other error either', async () => {
    const { client, mock } = mockedClient();
    const invalid = Object.assign(new Error('One or more parameter values were invalid'), { name: 'ValidationException' });
    mock.on(BatchWriteItemCommand).rejects(invalid);
    await expect(batchWrite(client, table, items('invalid', 3), { sleep: async () => undefined })).rejects.toThrow('One or more parameter values');
    expect(mock.commandCalls(BatchWriteItemCommand)).toHaveLength(1);
  });
});

describe('batchWrite from a generator', () => {
  it('takes each batch from the generator only when a writer is free, with at most `parallelism` calls in flight', async () => {
    const { client, mock } = mockedClient();
    let inFlight = 0;
    let maxInFlight = 0;
    let produced = 0;
    const producedAtCall: number[] = [];
    mock.on(BatchWriteItemCommand).callsFake(async (input: BatchWriteItemCommandInput) => {
      producedAtCall.push(produced);
      maxInFlight = Math.max(maxInFlight, ++inFlight);
      try {
        await new Promise((resolve) => setTimeout(resolve, 5));
        return await passThrough(input);
      } finally {
        inFlight--;
      }
    });
    function* requests() {
      for (const request of items('lazy', 200)) {
        produced++;
        yield request;
      }
    }
    const written = await batchWrite(client, table, requests(), { parallelism: 2 });

    expect(written).toBe(200);
    expect((await stored('lazy')).sort((a, b) => a - b)).toEqual(Array.from({ length: 200 }, (_, i) => i));
    expect(mock.commandCalls(BatchWriteItemCommand)).toHaveLength(8);
    expect(maxInFlight).toBe(2);
    // The first call went out when only its own 25 requests (and the one that closed the batch) were made,
    // not after the whole generator had run.
    expect(producedAtCall[0]).toBeLessThanOrEqual(26);
    expect(producedAtCall.at(-1)).toBe(200);
  });

  it('takes no further batch after a call fails', async () => {
    const { client, mock } = mockedClient();
    const invalid = Object.assign(new Error('One or more parameter values were invalid'), { name: 'ValidationException' });
    mock.on(BatchWriteItemCommand).rejects(invalid);
    let produced = 0;
    function* requests() {
      for (const request of items('stops', 500)) {
        produced++;
        yield request;
      }
    }
    await expect(batchWrite(client, table, requests(), { parallelism: 1, sleep: async () => undefined })).rejects.toThrow('One or more parameter values');
    expect(mock.commandCalls(BatchWriteItemCommand)).toHaveLength(1);
    expect(produced).toBeLessThanOrEqual(26);
  });

  it('a generator that throws fails the write with its error', async () => {
    const { client, mock } = mockedClient();
    mock.on(BatchWriteItemCommand).callsFake(passThrough);
    function* requests() {
      yield* items('broken-generator', 30);
      throw new Error('packing failed');
    }
    await expect(batchWrite(client, table, requests(), { parallelism: 2 })).rejects.toThrow('packing failed');
  });
});

describe('backoffDelay', () => {
  it('is full jitter: uniform in [0, min(cap, base·2^attempt))', () => {
    for (const attempt of [1, 2, 3, 10]) {
      const bound = Math.min(5_000, 50 * 2 ** attempt);
      const samples = Array.from({ length: 2_000 }, () => backoffDelay(attempt, 50));
      expect(Math.min(...samples)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...samples)).toBeLessThan(bound);
      const mean = samples.reduce((a, b) => a + b, 0) / samples.length;
      expect(mean / bound).toBeGreaterThan(0.4);
      expect(mean / bound).toBeLessThan(0.6);
    }
  });
});

describe('batchGetAll under partial failure', () => {
  /** Answers the first key of each call for real and hands the rest back as UnprocessedKeys. */
  const oneAtATime = async (input: BatchGetItemCommandInput) => {
    const { Keys, ...rest } = input.RequestItems![table]!;
    const answered = await real.send(new BatchGetItemCommand({ RequestItems: { [table]: { ...rest, Keys: Keys!.slice(0, 1) } } }));
    return { Responses: answered.Responses, UnprocessedKeys: Keys!.length > 1 ? { [table]: { ...rest, Keys: Keys!.slice(1) } } : {} };
  };

  it('asks again for the unprocessed keys, consistently, until every stored item is found', async () => {
    await batchWrite(real, table, items('get', 3));
    const { client, mock } = mockedClient();
    mock.on(BatchGetItemCommand).callsFake(oneAtATime);
    const { delays, sleep } = recordingSleep();
    const keys = ['0000', '0001', '0002', '0009'].map((sk) => ({ pk: { S: 'get' }, sk: { S: sk } }));
    const found = await batchGetAll(client, table, keys, { sleep });
    expect(found.map((item) => Number(item.v?.N)).sort()).toEqual([0, 1, 2]);
    expect(mock.commandCalls(BatchGetItemCommand)).toHaveLength(4);
    expect(delays).toHaveLength(3);
    for (const call of mock.commandCalls(BatchGetItemCommand)) expect(call.args[0].input.RequestItems![table]!.ConsistentRead).toBe(true);
  });

  it('fails rather than report an item as missing when keys stay unprocessed', async () => {
    const { client, mock } = mockedClient();
    mock.on(BatchGetItemCommand).callsFake(async (input: BatchGetItemCommandInput) => ({ Responses: {}, UnprocessedKeys: input.RequestItems }));
    const { sleep } = recordingSleep();
    await expect(batchGetAll(client, table, [{ pk: { S: 'get' }, sk: { S: '0000' } }], { maxAttempts: 3, sleep })).rejects.toThrow(
      'BatchGetItem left 1 key(s) unprocessed after 3 attempts',
    );
  });
});
