import { parseArgs } from 'node:util';
import {
  ChangeMessageVisibilityCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ReceiveMessageCommand,
  StartMessageMoveTaskCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { createClients } from '../../functions/aws/all-clients.ts';
import { serviceEnvironmentSchema } from '../../functions/aws/environment.ts';
import { DynamoDeadLetterStore, TableClient } from '../../functions/aws/store/index.ts';
import type { DeadLetterStore } from '../../functions/core/ports.ts';
import { resourceNames } from '../local/provision.ts';
import { JSON_FLAG, progress, UsageError, type Command } from '../command.ts';

export const DLQ_STAGES = ['ingest', 'compute', 'render', 'deliver', 'feedback'] as const;
export type DlqStage = (typeof DLQ_STAGES)[number];

/** Where the dead-letter queues and the reasons live: queue names per stage and the table. */
export interface DlqTarget {
  sqs: SQSClient;
  deadLetters: DeadLetterStore;
  /** The stage's source queue name; its dead-letter queue is `<name>-dlq`. */
  queueName: (stage: DlqStage) => string;
}

export interface DeadLetter {
  stage: DlqStage;
  queue: string;
  messageId: string;
  body: string;
  /** Why the last attempt failed, as the stage recorded it; undefined when nothing was recorded. */
  reason?: string;
  failedAt?: string;
  receiveCount?: number;
}

async function queueUrl(sqs: SQSClient, name: string): Promise<string | undefined> {
  try {
    return (await sqs.send(new GetQueueUrlCommand({ QueueName: name }))).QueueUrl;
  } catch (error) {
    const name_ = (error as Error).name;
    if (name_ === 'QueueDoesNotExist' || name_ === 'AWS.SimpleQueueService.NonExistentQueue') return undefined;
    throw error;
  }
}

/**
 * Reads every message of the stages' dead-letter queues without consuming it (each is received,
 * then made visible again at once) and joins the recorded reasons (`DLQ#<queue>` / `<messageId>`).
 */
export async function listDeadLetters(target: DlqTarget, stages: readonly DlqStage[] = DLQ_STAGES, maxPerQueue = 1_000): Promise<DeadLetter[]> {
  const found: DeadLetter[] = [];
  for (const stage of stages) {
    const queue = target.queueName(stage);
    const url = await queueUrl(target.sqs, `${queue}-dlq`);
    if (!url) continue;
    const seen = new Map<string, { body: string; receiptHandle: string }>();
    while (seen.size < maxPerQueue) {
      const page = await target.sqs.send(
        new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: 0, VisibilityTimeout: 30 }),
      );
      const fresh = (page.Messages ?? []).filter((m) => !seen.has(m.MessageId!));
      if (fresh.length === 0) break;
      for (const m of fresh) seen.set(m.MessageId!, { body: m.Body ?? '', receiptHandle: m.ReceiptHandle! });
    }
    for (const [messageId, { body, receiptHandle }] of seen) {
      await target.sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: url, ReceiptHandle: receiptHandle, VisibilityTimeout: 0 }));
      const reason = await target.deadLetters.getDeadLetterReason(queue, messageId);
      found.push({ stage, queue, messageId, body, reason: reason?.reason, failedAt: reason?.failedAt, receiveCount: reason?.receiveCount });
    }
  }
  return found;
}

/**
 * Moves every message of the stages' dead-letter queues back to its source queue (SQS
 * StartMessageMoveTask) and forgets the reasons recorded for them: a message that fails again gets a
 * fresh reason. Returns what was moved.
 */
export async function redriveDeadLetters(target: DlqTarget, stages: readonly DlqStage[] = DLQ_STAGES): Promise<DeadLetter[]> {
  const moved: DeadLetter[] = [];
  for (const stage of stages) {
    const letters = await listDeadLetters(target, [stage]);
    if (letters.length === 0) continue;
    const url = (await queueUrl(target.sqs, `${target.queueName(stage)}-dlq`))!;
    const arn = (await target.sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }))).Attributes?.QueueArn;
    if (!arn) throw new Error(`no ARN for ${target.queueName(stage)}-dlq`);
    await target.sqs.send(new StartMessageMoveTaskCommand({ SourceArn: arn }));
    for (const letter of letters) await target.deadLetters.deleteDeadLetterReason(letter.queue, letter.messageId);
    moved.push(...letters);
  }
  return moved;
}

/**
 * Local (`EFFEKT_ENDPOINT_SQS` and `EFFEKT_ENDPOINT_DYNAMODB` set, e.g. to a running `effekt serve`'s
 * emulators): names from the local prefix (default `effekt-`). AWS: the stack's prefix `effekt-<env>`,
 * queues `<prefix>-<stage>`, table `<prefix>`, found by name with GetQueueUrl.
 */
export function dlqTarget(env: NodeJS.ProcessEnv, options: { prefix?: string; env?: string }): DlqTarget & { where: string } {
  const local = env.EFFEKT_ENDPOINT_SQS !== undefined;
  const services = serviceEnvironmentSchema.parse({ ...env, AWS_REGION: env.AWS_REGION ?? 'eu-north-1' });
  // The emulators accept any credentials; AWS takes them from the usual chain (environment, profile, SSO).
  const credentials = local ? { accessKeyId: env.AWS_ACCESS_KEY_ID ?? 'local', secretAccessKey: env.AWS_SECRET_ACCESS_KEY ?? 'local' } : undefined;
  const aws = createClients(services, { credentials });
  if (local) {
    const names = resourceNames(options.prefix ?? 'effekt-');
    return {
      sqs: aws.sqs,
      deadLetters: new DynamoDeadLetterStore(new TableClient(aws.dynamodb, names.table)),
      queueName: (stage) => (stage === 'feedback' ? `${names.queues.ingest.slice(0, -'ingest'.length)}feedback` : names.queues[stage]),
      where: `local emulators at ${env.EFFEKT_ENDPOINT_SQS}`,
    };
  }
  const prefix = options.prefix ?? `effekt-${options.env ?? 'dev'}`;
  return {
    sqs: aws.sqs,
    deadLetters: new DynamoDeadLetterStore(new TableClient(aws.dynamodb, prefix)),
    queueName: (stage) => `${prefix}-${stage}`,
    where: `AWS ${services.AWS_REGION}, stack prefix ${prefix}`,
  };
}

const isStage = (value: string): value is DlqStage => (DLQ_STAGES as readonly string[]).includes(value);

export const dlqCommand: Command = {
  name: 'dlq',
  usage: 'effekt dlq list|redrive [--stage ingest|compute|render|deliver|feedback] [--env dev|prod | --prefix <p>] [--json]',
  summary: 'Show dead-lettered messages with the reason of their last failure, or move them back to their queues.',
  flags: [
    { name: 'stage', value: 'ingest|compute|render|deliver|feedback', description: 'Only this stage\'s dead-letter queue (default: all).' },
    { name: 'env', value: 'dev|prod', description: 'The deployed stack to look at (AWS credentials from the environment).' },
    { name: 'prefix', value: 'p', description: 'Resource name prefix of the stack (instead of --env).' },
    JSON_FLAG,
  ],
  examples: ['effekt dlq list --env prod', 'effekt dlq redrive --stage render --env prod'],
  async run(argv) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        stage: { type: 'string' },
        env: { type: 'string' },
        prefix: { type: 'string' },
        json: { type: 'boolean', default: false },
      },
    });
    const action = positionals[0];
    if (action !== 'list' && action !== 'redrive') throw new UsageError('say "list" or "redrive"');
    if (values.stage !== undefined && !isStage(values.stage)) throw new UsageError(`--stage must be one of ${DLQ_STAGES.join(', ')}`);
    if (values.env !== undefined && values.env !== 'dev' && values.env !== 'prod') throw new UsageError('--env must be dev or prod');
    const stages = values.stage !== undefined && isStage(values.stage) ? [values.stage] : DLQ_STAGES;
    const target = dlqTarget(process.env, { prefix: values.prefix, env: values.env });
    progress(`Dead-letter queues in ${target.where}`);
    const letters = action === 'list' ? await listDeadLetters(target, stages) : await redriveDeadLetters(target, stages);
    if (values.json) {
      process.stdout.write(`${JSON.stringify(letters, null, 2)}\n`);
      return 0;
    }
    if (letters.length === 0) progress(action === 'list' ? 'No dead-lettered messages.' : 'Nothing to redrive.');
    for (const l of letters) {
      process.stdout.write(`${l.stage}\t${l.messageId}\t${l.failedAt ?? '-'}\t${l.reason ?? '(no reason recorded)'}\n\t${l.body.slice(0, 200)}\n`);
    }
    if (action === 'redrive' && letters.length > 0) progress(`Moved ${letters.length} message(s) back to their queues.`);
    return 0;
  },
};
