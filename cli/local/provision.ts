import { CreateTableCommand, ResourceInUseException } from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { CreateQueueCommand, GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import type { AwsClients } from '../../functions/aws/clients.ts';
import { MAX_RECEIVE_COUNT } from '../../functions/aws/queue-policy.ts';
import { TABLE_KEY_SCHEMA } from '../../functions/aws/table-schema.ts';

/** Names of one local deployment; a prefix keeps parallel test files apart on shared emulators. */
export interface ResourceNames {
  table: string;
  uploadsBucket: string;
  reportsBucket: string;
  quarantineBucket: string;
  queues: Record<StageQueueName, string>;
}

export const STAGE_QUEUES = ['ingest', 'compute', 'render', 'deliver'] as const;
export type StageQueueName = (typeof STAGE_QUEUES)[number];

/** S3 notifications for `<prefix>uploads` go to queue `<prefix>ingest` (see emulators.ts). */
export function resourceNames(prefix: string): ResourceNames {
  return {
    table: `${prefix}table`,
    uploadsBucket: `${prefix}uploads`,
    reportsBucket: `${prefix}reports`,
    quarantineBucket: `${prefix}quarantine`,
    queues: { ingest: `${prefix}ingest`, compute: `${prefix}compute`, render: `${prefix}render`, deliver: `${prefix}deliver` },
  };
}

/** Same retry budget as the CDK stack: a message is tried this many times before it is dead-lettered. */
export { MAX_RECEIVE_COUNT } from '../../functions/aws/queue-policy.ts';

export interface ProvisionedQueues {
  urls: Record<StageQueueName, string>;
  deadLetterUrls: Record<StageQueueName, string>;
}

/** Creates the table, buckets and queues (each with a dead-letter queue), as the CDK stack does in AWS. */
export async function provision(aws: AwsClients, names: ResourceNames): Promise<ProvisionedQueues> {
  const { partitionKey, sortKey, gsi } = TABLE_KEY_SCHEMA;
  try {
    await aws.dynamodb.send(
      new CreateTableCommand({
        TableName: names.table,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [partitionKey, sortKey, gsi.partitionKey, gsi.sortKey].map((AttributeName) => ({ AttributeName, AttributeType: 'S' })),
        KeySchema: [
          { AttributeName: partitionKey, KeyType: 'HASH' },
          { AttributeName: sortKey, KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: [
          {
            IndexName: gsi.name,
            KeySchema: [
              { AttributeName: gsi.partitionKey, KeyType: 'HASH' },
              { AttributeName: gsi.sortKey, KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'ALL' },
          },
        ],
      }),
    );
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
  }
  for (const bucket of [names.uploadsBucket, names.reportsBucket, names.quarantineBucket]) {
    try {
      await aws.s3.send(new CreateBucketCommand({ Bucket: bucket }));
    } catch (error) {
      if ((error as Error).name !== 'BucketAlreadyOwnedByYou' && (error as Error).name !== 'BucketAlreadyExists') throw error;
    }
  }
  const urls = {} as Record<StageQueueName, string>;
  const deadLetterUrls = {} as Record<StageQueueName, string>;
  for (const stage of STAGE_QUEUES) {
    const dlq = await aws.sqs.send(new CreateQueueCommand({ QueueName: `${names.queues[stage]}-dlq` }));
    const dlqArn = await aws.sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlq.QueueUrl, AttributeNames: ['QueueArn'] }));
    const queue = await aws.sqs.send(
      new CreateQueueCommand({
        QueueName: names.queues[stage],
        Attributes: {
          VisibilityTimeout: '120',
          RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn.Attributes!.QueueArn, maxReceiveCount: MAX_RECEIVE_COUNT }),
        },
      }),
    );
    urls[stage] = queue.QueueUrl!;
    deadLetterUrls[stage] = dlq.QueueUrl!;
  }
  return { urls, deadLetterUrls };
}
