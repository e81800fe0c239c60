import { PutObjectCommand } from '@aws-sdk/client-s3';
import { SendMessageCommand, SetQueueAttributesCommand, GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import type { BatchWriteItemCommandInput, BatchWriteItemCommandOutput } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { dlqTarget, listDeadLetters } from '../../../cli/commands/dlq.ts';
import { main } from '../../../cli/main.ts';
import { STAGE_QUEUES } from '../../../cli/local/provision.ts';
import { startTestPipeline, type TestPipeline } from '../../helpers/local-pipeline.ts';
import { configureClient, mean, reactionCsv, reactionRows, renderOrFake, YEAR } from './helpers.ts';

const control = vi.hoisted(() => ({ brokenSection: new Map<string, string>() }));

vi.mock('../../../functions/core/report/index.ts', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../../functions/core/report/index.ts')>();
  return {
    ...actual,
    renderReport: async (input: Parameters<typeof actual.renderReport>[0]) => {
      const section = control.brokenSection.get(input.metrics.client);
      if (section) throw new actual.ReportRenderError(section, 'the chart could not be drawn (injected)');
      return renderOrFake(actual.renderReport, input, true);
    },
  };
});

/** Receives before a message is dead-lettered, lowered from 5 so a poison message takes seconds, not minutes. */
const MAX_RECEIVES = 2;
let pipeline: TestPipeline;
const faults = { unprocessed: 0, throttled: 0 };

beforeAll(async () => {
  // A 3 s debounce: the injected faults slow ingest down, and the three uploads must still end in one report.
  // The SDK backs off throttled calls from a 500 ms base (0.5 + 1 + 2 + 4 s over four retries), so one
  // ingest call can stall ~7.5 s; the debounce must outlast that for the files to end in one report
  // (AWS uses 60 s).
  pipeline = await startTestPipeline({ coalesceSeconds: 10, env: { MAX_RECEIVE_COUNT: String(MAX_RECEIVES) } });
  const { aws, queues } = pipeline.runtime;
  for (const stage of STAGE_QUEUES) {
    const dlqArn = (await aws.sqs.send(new GetQueueAttributesCommand({ QueueUrl: queues.deadLetterUrls[stage], AttributeNames: ['QueueArn'] }))).Attributes!.QueueArn!;
    await aws.sqs.send(
      new SetQueueAttributesCommand({
        QueueUrl: queues.urls[stage],
        Attributes: { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: MAX_RECEIVES }) },
      }),
    );
  }
  // Faults DynamoDB produces under load and the emulator never does, injected into the handlers' client:
  // a BatchWriteItem that stores only half its items (the rest come back as UnprocessedItems), and
  // throttling errors, which the SDK retries with backoff (inside its retry loop, so this sits after it).
  const db = pipeline.runtime.stageClients.dynamodb;
  db.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === 'BatchWriteItemCommand' && faults.unprocessed > 0) {
        faults.unprocessed--;
        const input = args.input as BatchWriteItemCommandInput;
        const [table, requests] = Object.entries(input.RequestItems ?? {})[0]!;
        const keep = Math.floor(requests.length / 2);
        const unprocessed = { [table]: requests.slice(keep) };
        if (keep === 0) return { response: {}, output: { UnprocessedItems: unprocessed, $metadata: {} } };
        const result = await next({ ...args, input: { ...input, RequestItems: { [table]: requests.slice(0, keep) } } });
        return { ...result, output: { ...(result.output as BatchWriteItemCommandOutput), UnprocessedItems: unprocessed } };
      }
      return next(args);
    },
    { step: 'initialize', name: 'unprocessedItems' },
  );
  db.middlewareStack.add(
    (next) => async (args) => {
      if (faults.throttled > 0) {
        faults.throttled--;
        throw Object.assign(new Error('Rate of requests exceeds the allowed throughput (injected)'), {
          name: 'ProvisionedThroughputExceededException',
          $fault: 'client',
          $metadata: { httpStatusCode: 400 },
        });
      }
      return next(args);
    },
    { step: 'deserialize', name: 'throttling' },
  );
});

afterAll(async () => {
  await pipeline.stop();
});

describe('partial failure: unprocessed batch items and throttling', () => {
  it('ends with every row counted exactly once, one version, one email', async () => {
    const clientId = 'partial';
    await configureClient(pipeline.store, clientId);
    const files = [0, 1, 2].map((f) => ({ key: `${clientId}/${YEAR}/reaktioner-${f}.csv`, rows: reactionRows(clientId, f, 9) }));
    faults.unprocessed = 4;
    // At most one full SDK backoff chain: every throttled call still succeeds within its 5 attempts.
    faults.throttled = 4;
    for (const f of files) await pipeline.put(f.key, reactionCsv(f.rows));
    await pipeline.settle();
    expect(faults).toEqual({ unprocessed: 0, throttled: 0 });

    const metrics = await pipeline.store.metrics.getMetrics(clientId, YEAR);
    expect(metrics?.reaction?.responses).toBe(27);
    expect(metrics?.sources.map((s) => s.rows)).toEqual([9, 9, 9]);
    expect(metrics?.reaction?.satisfaction.mean).toBeCloseTo(mean(files.flatMap((f) => f.rows).map((r) => r[1])), 12);
    const snapshot = await pipeline.store.rows.readClientYear(clientId, YEAR);
    expect(snapshot.chunks).toHaveLength(snapshot.files.reduce((n, f) => n + f.chunks, 0));
    expect((await pipeline.store.reports.listReportVersions(clientId, YEAR)).map((v) => [v.version, v.status, v.delivery?.status])).toEqual([[1, 'ready', 'sent']]);
    expect(await pipeline.emailsTo(`ledning@${clientId}.example`)).toHaveLength(1);
  });
});

describe('never a broken report', () => {
  it('a failing section sends nothing to recipients, tells the consultant, and keeps the previous version current', async () => {
    const clientId = 'broken-chart';
    await configureClient(pipeline.store, clientId);
    await pipeline.put(`${clientId}/${YEAR}/maj.csv`, reactionCsv(reactionRows(clientId, 0, 6)));
    await pipeline.settle();
    expect((await pipeline.store.state.getState(clientId, YEAR)).renderedVersion).toBe(1);

    control.brokenSection.set(clientId, 'trend');
    await pipeline.put(`${clientId}/${YEAR}/juni.csv`, reactionCsv(reactionRows(clientId, 1, 7)));
    await pipeline.settle();

    // The figures moved on (13 responses), the report did not: version 2 failed, version 1 stays current.
    expect((await pipeline.store.metrics.getMetrics(clientId, YEAR))?.reaction?.responses).toBe(13);
    const versions = await pipeline.store.reports.listReportVersions(clientId, YEAR);
    expect(versions.map((v) => [v.version, v.status])).toEqual([[1, 'ready'], [2, 'failed']]);
    expect(versions[1]!.failure).toBe('report section "trend" failed: the chart could not be drawn (injected)');
    expect(versions[1]!.delivery).toBeUndefined();
    const state = await pipeline.store.state.getState(clientId, YEAR);
    expect(state.renderedVersion).toBe(1);
    expect(versions.filter((v) => v.status === 'ready').map((v) => v.version)).toEqual([1]);
    expect(await pipeline.emailsTo(`ledning@${clientId}.example`)).toHaveLength(1);
    const notices = await pipeline.emailsTo(`konsult@${clientId}.example`);
    expect(notices).toHaveLength(1);
    expect(notices[0]!.body.text).toContain('trend');
    // A handled failure is not a poison message: nothing was dead-lettered.
    expect(await listDeadLetters(localTarget(), ['render'])).toEqual([]);

    // Fixed renderer, then a regeneration: version 3 is made and sent.
    control.brokenSection.delete(clientId);
    await pipeline.runtime.aws.sqs.send(
      new SendMessageCommand({ QueueUrl: pipeline.runtime.queues.urls.compute, MessageBody: JSON.stringify({ clientId, year: YEAR, deliver: true }) }),
    );
    await pipeline.settle();
    expect((await pipeline.store.reports.listReportVersions(clientId, YEAR)).map((v) => [v.version, v.status])).toEqual([[1, 'ready'], [2, 'failed'], [3, 'ready']]);
    expect((await pipeline.store.state.getState(clientId, YEAR)).renderedVersion).toBe(3);
    expect(await pipeline.emailsTo(`ledning@${clientId}.example`)).toHaveLength(2);
  });
});

const prefixOf = () => pipeline.runtime.names.table.slice(0, -'table'.length);
const localTarget = () => dlqTarget({ ...pipeline.runtime.env }, { prefix: prefixOf() });

async function cli(argv: string[]): Promise<{ code: number; stdout: string }> {
  let stdout = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  // The CLI finds the emulators as a consultant's shell would: through the exported EFFEKT_ENDPOINT_* variables.
  for (const [name, value] of Object.entries(pipeline.runtime.env)) if (name.startsWith('EFFEKT_ENDPOINT_')) vi.stubEnv(name, value);
  try {
    return { code: await main(argv), stdout };
  } finally {
    vi.unstubAllEnvs();
    out.mockRestore();
    err.mockRestore();
  }
}

describe('a stage that fails after its retries', () => {
  it('leaves the message in the DLQ with the reason; effekt dlq lists it and redrives it once the cause is fixed', async () => {
    const clientId = 'partial';
    const { aws, queues, names } = pipeline.runtime;
    // A poison compute message, and a delivery of a version whose PDF is missing.
    await aws.sqs.send(new SendMessageCommand({ QueueUrl: queues.urls.compute, MessageBody: '{"clientId": "partial", "year": ' }));
    const versions = await pipeline.store.reports.listReportVersions(clientId, YEAR);
    const latest = versions.reduce((a, v) => (a.version > v.version ? a : v));
    const version = latest.version + 1;
    const s3Key = `missing/${clientId}-${version}.pdf`;
    expect(await pipeline.store.reports.claimReportVersion({ ...latest, version, s3Key, delivery: undefined, createdAt: new Date().toISOString() })).toBe(true);
    await aws.sqs.send(new SendMessageCommand({ QueueUrl: queues.urls.deliver, MessageBody: JSON.stringify({ clientId, year: YEAR, version }) }));
    const emailsBefore = (await pipeline.emailsTo(`ledning@${clientId}.example`)).length;
    await pipeline.settle();

    const { code, stdout } = await cli(['dlq', 'list', '--prefix', prefixOf(), '--json']);
    expect(code).toBe(0);
    const listed = JSON.parse(stdout) as { stage: string; reason?: string; receiveCount?: number; body: string }[];
    expect(listed.map((l) => [l.stage, l.reason, l.receiveCount])).toEqual([
      ['compute', expect.stringMatching(/^Error: message .+ is not JSON$/), MAX_RECEIVES],
      ['deliver', `Error: report object ${s3Key} is missing`, MAX_RECEIVES],
    ]);
    // Listing does not consume: the messages are still there.
    expect(await listDeadLetters(localTarget())).toHaveLength(2);
    expect(await pipeline.emailsTo(`ledning@${clientId}.example`)).toHaveLength(emailsBefore);

    // The cause is fixed (the PDF is back), the deliver DLQ is redriven: the email goes out once.
    const pdf = await aws.s3.send(new PutObjectCommand({ Bucket: names.reportsBucket, Key: s3Key, Body: '%PDF-1.4\n%%EOF\n' }));
    expect(pdf.$metadata.httpStatusCode).toBe(200);
    const redriven = await cli(['dlq', 'redrive', '--stage', 'deliver', '--prefix', prefixOf(), '--json']);
    expect((JSON.parse(redriven.stdout) as { stage: string }[]).map((l) => l.stage)).toEqual(['deliver']);
    await pipeline.settle();
    expect((await pipeline.store.reports.getReportVersion(clientId, YEAR, version))?.delivery?.status).toBe('sent');
    expect(await pipeline.emailsTo(`ledning@${clientId}.example`)).toHaveLength(emailsBefore + 1);
    const left = await listDeadLetters(localTarget());
    expect(left.map((l) => l.stage)).toEqual(['compute']);
    expect(await pipeline.store.deadLetters.listDeadLetterReasons(`${names.queues.deliver}`)).toEqual([]);
  });
});
