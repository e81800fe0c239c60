import {
  DeleteItemCommand,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
  type DynamoDBClient,
  type UpdateItemCommandInput,
  type WriteRequest,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { TableKey } from '../../core/model/index.ts';
import { batchGetAll, batchWrite, isConditionalCheckFailed, queryAll, type BatchWriteOptions, type Item } from '../dynamo.ts';

export interface Condition {
  expression: string;
  values?: Record<string, unknown>;
  names?: Record<string, string>;
}

export interface QueryOptions {
  /** The keys alone. */
  keysOnly?: boolean;
  /** The keys and these attributes (instead of whole items). */
  attributes?: readonly string[];
}

/** What a store may send to the table; each store module reaches DynamoDB only through these calls (test/infra/table-usage.ts reads them). */
export class TableClient {
  constructor(
    readonly db: DynamoDBClient,
    readonly tableName: string,
  ) {}

  async get(key: TableKey): Promise<Record<string, unknown> | undefined> {
    const result = await this.db.send(new GetItemCommand({ TableName: this.tableName, Key: marshall(key), ConsistentRead: true }));
    return result.Item ? unmarshall(result.Item) : undefined;
  }

  /** Several items in one read (strongly consistent, as `get`), each in the place of its key: undefined where none is stored. */
  async batchGet(keys: readonly TableKey[]): Promise<(Record<string, unknown> | undefined)[]> {
    const items = (await batchGetAll(this.db, this.tableName, keys.map((key) => marshall(key)))).map((item) => unmarshall(item));
    return keys.map((key) => items.find((item) => item.pk === key.pk && item.sk === key.sk));
  }

  async put(item: TableKey & Record<string, unknown>, condition?: Condition): Promise<void> {
    await this.db.send(
      new PutItemCommand({
        TableName: this.tableName,
        Item: marshall(item, { removeUndefinedValues: true }),
        ConditionExpression: condition?.expression,
        ExpressionAttributeValues: condition?.values ? marshall(condition.values, { removeUndefinedValues: true }) : undefined,
        ExpressionAttributeNames: condition?.names,
      }),
    );
  }

  async delete(key: TableKey, condition?: Condition): Promise<void> {
    await this.db.send(
      new DeleteItemCommand({
        TableName: this.tableName,
        Key: marshall(key),
        ConditionExpression: condition?.expression,
        ExpressionAttributeValues: condition?.values ? marshall(condition.values) : undefined,
        ExpressionAttributeNames: condition?.names,
      }),
    );
  }

  /** An UpdateItem; `values` are marshalled here. Returns the attributes the update asked for. */
  async update(
    key: TableKey,
    input: Pick<UpdateItemCommandInput, 'UpdateExpression' | 'ConditionExpression' | 'ExpressionAttributeNames' | 'ReturnValues'> & { values?: Record<string, unknown> },
  ): Promise<Record<string, unknown>> {
    const { values, ...rest } = input;
    const result = await this.db.send(
      new UpdateItemCommand({
        TableName: this.tableName,
        Key: marshall(key),
        ...rest,
        ExpressionAttributeValues: values ? marshall(values, { removeUndefinedValues: true }) : undefined,
      }),
    );
    return unmarshall(result.Attributes ?? {});
  }

  /** Every item of a partition, or of its sort keys starting with `skPrefix` (all pages; never a Scan). */
  async query(pk: string, skPrefix?: string, options: QueryOptions = {}): Promise<Record<string, unknown>[]> {
    const items = await this.queryRaw(pk, skPrefix, options);
    return items.map((i) => unmarshall(i));
  }

  /** `query` without unmarshalling (keys for a batch delete, binary attributes as they came). */
  async queryRaw(pk: string, skPrefix?: string, options: QueryOptions = {}): Promise<Item[]> {
    const projected = options.attributes ?? (options.keysOnly ? [] : undefined);
    return queryAll(this.db, {
      TableName: this.tableName,
      KeyConditionExpression: skPrefix === undefined ? 'pk = :p' : 'pk = :p AND begins_with(sk, :s)',
      ExpressionAttributeValues: marshall(skPrefix === undefined ? { ':p': pk } : { ':p': pk, ':s': skPrefix }),
      // Names, not the attributes themselves, so that none can collide with DynamoDB's reserved words.
      ProjectionExpression: projected === undefined ? undefined : ['pk', 'sk', ...projected.map((_, i) => `#a${i}`)].join(', '),
      ExpressionAttributeNames: projected === undefined || projected.length === 0 ? undefined : Object.fromEntries(projected.map((name, i) => [`#a${i}`, name])),
    });
  }

  /** Every item of a gsi1 partition. */
  async queryIndex(gsi1pk: string): Promise<Record<string, unknown>[]> {
    const items = await queryAll(this.db, {
      TableName: this.tableName,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :p',
      ExpressionAttributeValues: marshall({ ':p': gsi1pk }),
    });
    return items.map((i) => unmarshall(i));
  }

  async batchWrite(requests: Iterable<WriteRequest> | AsyncIterable<WriteRequest>, options?: BatchWriteOptions): Promise<number> {
    return batchWrite(this.db, this.tableName, requests, options);
  }

  /** Runs a conditional write; false when its condition failed (another writer was first, or newer); any other error is thrown. */
  async conditional(write: () => Promise<unknown>): Promise<boolean> {
    try {
      await write();
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw error;
    }
  }
}

/** The item's key, for naming it in errors. */
export function keyOf(item: Record<string, unknown>): TableKey {
  return { pk: String(item.pk), sk: String(item.sk) };
}
