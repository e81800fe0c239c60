import {
  ChangeMessageVisibilityCommand,
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SetQueueAttributesCommand,
} from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Invocation } from '../../cli/local/event-source.ts';
import type { StageQueueName } from '../../cli/local/provision.ts';
import { startTestPipeline, type TestPipeline } from '../helpers/local-pipeline.ts';
import { configureClient, reactionCsv, reactionRows, YEAR } from './reliability/helpers.ts';

// Issue 25, time to draft: the local runtime's long polls, its render threads and its per-stage idle wait.

describe('the SQS emulator answers a long poll', () => {
  let pipeline: TestPipeline;
  let queueUrl: string;
  beforeAll(async () => {
    pipeline = await startTestPipeline({ stages: [] });
    queueUrl = (await pipeline.runtime.aws.sqs.send(new CreateQueueCommand({ QueueName: `${pipeline.runtime.names.table}-poll` }))).QueueUrl!;
  });
  afterAll(async () => {
    await pipeline.stop();
  });
  const receive = (waitSeconds: number) =>
    pipeline.runtime.aws.sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, WaitTimeSeconds: waitSeconds, MessageSystemAttributeNames: ['All'] }));

  it('with a message sent while it waits', async () => {
    const polling = receive(5);
    await pipeline.runtime.aws.sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'sent while waiting' }));
    const received = await polling;
    expect(received.Messages?.map((m) => m.Body)).toEqual(['sent while waiting']);
    expect(received.Messages?.[0]?.Attributes?.ApproximateReceiveCount).toBe('1');
  });

  it('with a delayed message once its delay is over, within the same wait', async () => {
    await pipeline.runtime.aws.sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'delayed', DelaySeconds: 1 }));
    const received = await receive(10);
    expect(received.Messages?.map((m) => m.Body)).toEqual(['delayed']);
  });

  it('with a message made visible again while it waits, counting the second receive', async () => {
    await pipeline.runtime.aws.sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'returned' }));
    const first = (await receive(0)).Messages![0]!;
    const polling = receive(10);
    await pipeline.runtime.aws.sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: queueUrl, ReceiptHandle: first.ReceiptHandle!, VisibilityTimeout: 0 }));
    const again = (await polling).Messages ?? [];
    expect(again.map((m) => [m.Body, m.Attributes?.ApproximateReceiveCount])).toEqual([['returned', '2']]);
  });

  it('empty when nothing arrives', async () => {
    expect((await receive(1)).Messages ?? []).toEqual([]);
  });
});

describe('a stage on threads', () => {
  let pipeline: TestPipeline;
  const invocations: (Invocation & { stage: StageQueueName })[] = [];
  const settled: { stage: StageQueueName; succeeded: number; failed: number }[] = [];
  beforeAll(async () => {
    pipeline = await startTestPipeline({
      coalesceSeconds: 0,
      stageThreads: { render: 2 },
      env: { MAX_RECEIVE_COUNT: '2' },
      onInvocation: (stage, invocation) => invocations.push({ stage, ...invocation }),
      onStageSettled: (stage, succeeded, failed) => settled.push({ stage, succeeded, failed }),
    });
    // Two receives before the render queue dead-letters a message, as the handler is told (MAX_RECEIVE_COUNT).
    const { aws, queues } = pipeline.runtime;
    const dlqArn = (await aws.sqs.send(new GetQueueAttributesCommand({ QueueUrl: queues.deadLetterUrls.render, AttributeNames: ['QueueArn'] }))).Attributes!.QueueArn!;
    await aws.sqs.send(
      new SetQueueAttributesCommand({ QueueUrl: queues.urls.render, Attributes: { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: 2 }) } }),
    );
  });
  afterAll(async () => {
    await pipeline.stop();
  });

  it('renders with the production handler on its thread, and the report goes out', async () => {
    const clientId = 'threaded';
    await configureClient(pipeline.store, clientId);
    await pipeline.put(`${clientId}/${YEAR}/reaktioner.csv`, reactionCsv(reactionRows(clientId, 0, 12)));
    await pipeline.settle();
    const versions = await pipeline.store.reports.listReportVersions(clientId, YEAR);
    expect(versions.map((v) => [v.version, v.status, v.delivery?.status])).toEqual([[1, 'ready', 'sent']]);
    const emails = await pipeline.emailsTo(`ledning@${clientId}.example`);
    expect(emails.flatMap((e) => e.attachments.map((a) => a.contentType))).toEqual(['application/pdf']);
    // Each stage's invocation records when its message was sent and received and when the handler returned.
    expect([...new Set(invocations.map((i) => i.stage))].sort()).toEqual(['compute', 'deliver', 'ingest', 'render']);
    for (const invocation of invocations) {
      expect(invocation.sentAt).toBeLessThanOrEqual(invocation.receivedAt);
      expect(invocation.receivedAt).toBeLessThanOrEqual(invocation.endedAt);
      expect(invocation.succeeded + invocation.failed).toBe(invocation.records);
    }
  });

  it('returns a threaded handler\'s failed records to the queue, which dead-letters them after the retries', async () => {
    const { aws, queues } = pipeline.runtime;
    await aws.sqs.send(new SendMessageCommand({ QueueUrl: queues.urls.render, MessageBody: '{"not":"a render request"}' }));
    await pipeline.settle();
    expect(settled.filter((s) => s.stage === 'render' && s.failed > 0)).toHaveLength(2);
    const dlq = await aws.sqs.send(new ReceiveMessageCommand({ QueueUrl: queues.deadLetterUrls.render, WaitTimeSeconds: 1 }));
    expect(dlq.Messages?.map((m) => m.Body)).toEqual(['{"not":"a render request"}']);
  });
});

describe('waiting for some stages only', () => {
  let pipeline: TestPipeline;
  beforeAll(async () => {
    // A long debounce: the compute request is still delayed when ingest is idle.
    pipeline = await startTestPipeline({ coalesceSeconds: 60, stages: ['ingest', 'compute'] });
  });
  afterAll(async () => {
    await pipeline.stop();
  });

  it('returns once ingest is idle while the debounced compute request waits', async () => {
    const clientId = 'ingest-only';
    await configureClient(pipeline.store, clientId);
    await pipeline.put(`${clientId}/${YEAR}/reaktioner.csv`, reactionCsv(reactionRows(clientId, 0, 6)));
    await pipeline.runtime.waitForIdle({ stages: ['ingest'] });
    expect((await pipeline.store.files.listFiles(clientId, YEAR)).map((f) => [f.fileName, f.rows])).toEqual([['reaktioner.csv', 6]]);
    const compute = await pipeline.runtime.aws.sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: pipeline.runtime.queues.urls.compute, AttributeNames: ['All'] }),
    );
    expect(compute.Attributes?.ApproximateNumberOfMessagesDelayed).toBe('1');
  });
});
