import { randomUUID } from 'node:crypto';
import { Logger } from '@aws-lambda-powertools/logger';
import { DeleteMessageCommand, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { Context, SQSEvent } from 'aws-lambda';
import type { LocalRuntime } from '../../../cli/local/runtime.ts';
import { Blobs } from '../../../functions/aws/blobs.ts';
import { Mailer } from '../../../functions/aws/mail.ts';
import { sesSend } from '../../../functions/aws/all-clients.ts';
import { QueueSender } from '../../../functions/aws/queue.ts';
import { dynamoStores } from '../../../functions/aws/store/index.ts';
import type { Stores } from '../../../functions/core/ports.ts';
import type { ComputeDeps } from '../../../functions/compute/compute-client-year.ts';
import { type MetricsDocument } from '../../../functions/core/model/index.ts';
import type { ReportInput } from '../../../functions/core/report/index.ts';
import type { DeliverDeps } from '../../../functions/deliver/deliver-report.ts';
import type { IngestDeps } from '../../../functions/ingest/ingest-object.ts';
import type { RenderDeps } from '../../../functions/render/render-version.ts';

/** One generated reaction row: [respondent, satisfaction, usefulness, recommendation]. */
export type ReactionRow = [string, number, number, number];

export const YEAR = 2025;

/** Deterministic small reaction rows for file `fileIndex` of a client: distinct respondents, scores 6–10. */
export function reactionRows(clientId: string, fileIndex: number, count: number): ReactionRow[] {
  return Array.from({ length: count }, (_, i) => {
    const k = fileIndex * 7 + i * 3;
    return [`${clientId}-f${fileIndex}-r${i}`, 6 + (k % 5), 6 + ((k + 1) % 5), 6 + ((k + 2) % 5)];
  });
}

export const reactionCsv = (rows: ReactionRow[]) =>
  ['respondent,program,date,satisfaction,usefulness,recommendation,comment', ...rows.map(([id, s, u, r]) => `${id},ledarprogram,2025-05-21,${s},${u},${r},`)].join('\n');

export const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;

export async function configureClient(store: Pick<Stores, 'settings'>, clientId: string): Promise<void> {
  await store.settings.updateSettings(clientId, {
    kind: 'consultant',
    input: {
      clientId,
      displayName: `Testkund ${clientId}`,
      recipients: [`ledning@${clientId}.example`],
      // These tests are about the pipeline sending on its own; review mode has its own tests.
      delivery: 'auto',
      consultantContact: `konsult@${clientId}.example`,
    },
  });
}

/** The figures two runs must agree on (the document also carries upload times and the client id). */
export function figures(doc: MetricsDocument | undefined) {
  if (!doc) return undefined;
  return {
    sources: doc.sources.map((s) => ({ file: s.file, rows: s.rows, sha256: s.sha256 })),
    participants: doc.participants,
    leaders: doc.leadersMeasured,
    reaction: doc.reaction,
    change: doc.change,
    kirkpatrick: doc.kirkpatrick,
  };
}

/** A deterministic stand-in PDF naming the client, year, version and inputs. */
export function fakePdf(input: ReportInput): Uint8Array {
  const { metrics, version } = input;
  return new TextEncoder().encode(`%PDF-1.4\n% effekt test report ${metrics.client} ${metrics.year} v${version} ${metrics.inputsHash}\n%%EOF\n`);
}

/**
 * The PDF a test pipeline renders. The burst test runs the real renderer; the stage tests (whose
 * subject is the pipeline, not the PDF) use a deterministic stand-in to stay fast on 2 cores. The real
 * renderer also falls back to the stand-in while it is still the "not implemented" placeholder.
 */
export async function renderOrFake(real: (input: ReportInput) => Promise<Uint8Array>, input: ReportInput, fake = false): Promise<Uint8Array> {
  if (fake) return fakePdf(input);
  try {
    return await real(input);
  } catch (error) {
    if (error instanceof Error && error.message === 'not implemented') return fakePdf(input);
    throw error;
  }
}

// ---- driving stages by hand ------------------------------------------------------------------

/** A queue that keeps what a stage hands over, so a test decides when (and how often) the next stage runs. */
export class CapturingQueue extends QueueSender {
  readonly sent: object[] = [];
  constructor(sqs: SQSClient) {
    super(sqs, 'capture://queue');
  }
  override async send(message: object): Promise<void> {
    this.sent.push(message);
  }
}

export const silentLogger = () => new Logger({ serviceName: 'reliability-test', logLevel: 'SILENT' });

/** Use-case dependencies on a test deployment, with capturing queues between the stages. */
export function stageDeps(runtime: LocalRuntime, options: { render?: RenderDeps['render'] } = {}) {
  const { aws, names } = runtime;
  const store = dynamoStores(aws.dynamodb, names.table);
  const blobs = new Blobs(aws.s3);
  const mailer = new Mailer(sesSend(aws.ses));
  const logger = silentLogger();
  const now = () => new Date();
  const senderEmail = 'rapporter@effekt.example';
  const queues = { compute: new CapturingQueue(aws.sqs), render: new CapturingQueue(aws.sqs), deliver: new CapturingQueue(aws.sqs) };
  const ingest: IngestDeps = {
    store,
    blobs,
    computeQueue: queues.compute,
    mailer,
    pseudonymKey: async () => new Uint8Array(32).fill(7),
    settings: { uploadsBucket: names.uploadsBucket, quarantineBucket: names.quarantineBucket, senderEmail, coalesceSeconds: 0 },
    logger,
    now,
  };
  const compute: ComputeDeps = { store, renderQueue: queues.render, logger };
  const render: RenderDeps = {
    store,
    blobs,
    deliverQueue: queues.deliver,
    mailer,
    settings: { reportsBucket: names.reportsBucket, senderEmail },
    logger,
    now,
    loadReport: () => import('../../../functions/core/report/index.ts'),
    render: options.render ?? (async (input) => fakePdf(input)),
  };
  const deliver: DeliverDeps = {
    store,
    blobs,
    mailer,
    settings: { reportsBucket: names.reportsBucket, senderEmail, maxAttachmentBytes: 7 * 1024 * 1024, apiBaseUrl: 'http://127.0.0.1/api' },
    logger,
    now,
  };
  return { store, queues, ingest, compute, render, deliver };
}

export const lambdaContext = (name = 'reliability-test'): Context => ({
  callbackWaitsForEmptyEventLoop: false,
  functionName: name,
  functionVersion: '$LATEST',
  invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${name}`,
  memoryLimitInMB: '1024',
  awsRequestId: randomUUID(),
  logGroupName: `/aws/lambda/${name}`,
  logStreamName: 'local',
  getRemainingTimeInMillis: () => 60_000,
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
});

/** An SQS event with one record, as Lambda passes it (a redelivery keeps the message id). */
export function sqsEvent(queueName: string, messageId: string, body: string, receiveCount = 1): SQSEvent {
  return {
    Records: [
      {
        messageId,
        receiptHandle: randomUUID(),
        body,
        attributes: { ApproximateReceiveCount: String(receiveCount), SentTimestamp: String(Date.now()), SenderId: 'local', ApproximateFirstReceiveTimestamp: String(Date.now()) },
        messageAttributes: {},
        md5OfBody: '',
        eventSource: 'aws:sqs',
        eventSourceARN: `arn:aws:sqs:local:000000000000:${queueName}`,
        awsRegion: 'local',
      },
    ],
  };
}

/** Takes every message waiting in a queue (deleting it), e.g. the S3 events of uploads nobody polls. */
export async function drainQueue(sqs: SQSClient, queueUrl: string): Promise<{ messageId: string; body: string }[]> {
  const drained: { messageId: string; body: string }[] = [];
  for (;;) {
    const page = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }));
    const messages = page.Messages ?? [];
    if (messages.length === 0) return drained;
    for (const m of messages) {
      drained.push({ messageId: m.MessageId!, body: m.Body ?? '' });
      await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: m.ReceiptHandle! }));
    }
  }
}

/** The S3 notification body for one object, as the bucket sends it to the ingest queue. */
export const s3EventBody = (bucket: string, key: string, sequencer: string | number) =>
  JSON.stringify({ Records: [{ eventName: 'ObjectCreated:Put', s3: { bucket: { name: bucket }, object: { key, sequencer } } }] });
