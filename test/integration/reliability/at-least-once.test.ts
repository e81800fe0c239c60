import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { SqsHandler } from '../../../cli/local/event-source.ts';
import { computeClientYear } from '../../../functions/compute/compute-client-year.ts';
import type { DeliverRequest, RenderRequest, ReportVersion } from '../../../functions/core/model/index.ts';
import { deliverReport } from '../../../functions/deliver/deliver-report.ts';
import { ingestObject } from '../../../functions/ingest/ingest-object.ts';
import { renderVersion, reportKey } from '../../../functions/render/render-version.ts';
import { padSequencer } from '../../../functions/core/rows/fingerprint.ts';
import { overriding } from '../../helpers/overriding.ts';
import { startTestPipeline, type TestPipeline } from '../../helpers/local-pipeline.ts';
import {
  configureClient,
  drainQueue,
  lambdaContext,
  mean,
  reactionCsv,
  reactionRows,
  renderOrFake,
  s3EventBody,
  sqsEvent,
  stageDeps,
  YEAR,
} from './helpers.ts';

vi.mock('../../../functions/core/report/index.ts', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../../functions/core/report/index.ts')>();
  return { ...actual, renderReport: (input: Parameters<typeof actual.renderReport>[0]) => renderOrFake(actual.renderReport, input, true) };
});

let pipeline: TestPipeline;
let ingestHandler: SqsHandler;
/** Every message a handler sends to the next stage goes out this many times (SQS delivers at least once). */
let copies = 1;
const sentTo: Record<string, number> = {};

beforeAll(async () => {
  // Ingest is driven by hand (to replay S3 events); compute, render and deliver poll their queues.
  pipeline = await startTestPipeline({ coalesceSeconds: 1, stages: ['compute', 'render', 'deliver'] });
  ingestHandler = await pipeline.runtime.handler('ingest');
  // The handlers' own SQS client (the one their `QueueSender`s use): duplicate their sends on demand.
  pipeline.runtime.stageClients.sqs.middlewareStack.add(
    (next) => async (args) => {
      const input = args.input as { QueueUrl?: string };
      const stage = input.QueueUrl?.split('-').pop() ?? '?';
      let result = await next(args);
      for (let i = 0; i < copies; i++) {
        sentTo[stage] = (sentTo[stage] ?? 0) + 1;
        if (i > 0) result = await next(args);
      }
      return result;
    },
    { step: 'initialize', name: 'duplicateSends' },
  );
});

afterAll(async () => {
  await pipeline.stop();
});

async function ingestWaiting(times: number): Promise<number> {
  const events = await drainQueue(pipeline.runtime.aws.sqs, pipeline.runtime.queues.urls.ingest);
  for (const event of events) {
    // The same message handled `times` times at once: SQS redelivered it while the first attempt ran.
    const responses = await Promise.all(
      Array.from({ length: times }, () => ingestHandler(sqsEvent(pipeline.runtime.names.queues.ingest, event.messageId, event.body), lambdaContext())),
    );
    for (const response of responses) expect(response?.batchItemFailures ?? []).toEqual([]);
  }
  return events.length;
}

describe('at-least-once delivery', () => {
  it('duplicate S3 events, handled concurrently and replayed late, count every file once', async () => {
    const clientId = 'dup-events';
    await configureClient(pipeline.store, clientId);
    const files = [0, 1, 2].map((f) => ({ key: `${clientId}/${YEAR}/reaktioner-${f}.csv`, rows: reactionRows(clientId, f, 6) }));
    for (const file of files) await pipeline.put(file.key, reactionCsv(file.rows));
    expect(await ingestWaiting(3)).toBe(3);
    // An event replayed much later, with an older sequencer than the upload it describes.
    await ingestHandler(sqsEvent(pipeline.runtime.names.queues.ingest, 'late', s3EventBody(pipeline.runtime.names.uploadsBucket, files[0]!.key, '1')), lambdaContext());
    await pipeline.settle();

    const rows = files.flatMap((f) => f.rows);
    const metrics = await pipeline.store.metrics.getMetrics(clientId, YEAR);
    expect(metrics?.reaction?.responses).toBe(18);
    expect(metrics?.sources.map((s) => s.rows)).toEqual([6, 6, 6]);
    expect(metrics?.reaction?.satisfaction.mean).toBeCloseTo(mean(rows.map((r) => r[1])), 12);
    const snapshot = await pipeline.store.rows.readClientYear(clientId, YEAR);
    expect(snapshot.rejections).toEqual([]);
    // No row chunk outside the committed ingests is left behind.
    expect(snapshot.chunks).toHaveLength(snapshot.files.reduce((n, f) => n + f.chunks, 0));
    expect((await pipeline.store.reports.listReportVersions(clientId, YEAR)).map((v) => [v.version, v.status])).toEqual([[1, 'ready']]);
    expect(await pipeline.emailsTo(`ledning@${clientId}.example`)).toHaveLength(1);
  });

  it('every compute, render and deliver message delivered twice still ends in one version and one email', async () => {
    const clientId = 'dup-stages';
    await configureClient(pipeline.store, clientId);
    const files = [0, 1].map((f) => ({ key: `${clientId}/${YEAR}/reaktioner-${f}.csv`, rows: reactionRows(clientId, f, 7) }));
    for (const file of files) await pipeline.put(file.key, reactionCsv(file.rows));
    for (const key of Object.keys(sentTo)) delete sentTo[key];
    copies = 2;
    try {
      await ingestWaiting(1);
      await pipeline.settle();
    } finally {
      copies = 1;
    }
    // The duplicates really went out: two per compute request, render request and deliver request.
    expect(sentTo.compute).toBe(4);
    expect(sentTo.render).toBeGreaterThanOrEqual(2);
    expect(sentTo.deliver).toBeGreaterThanOrEqual(2);

    const metrics = await pipeline.store.metrics.getMetrics(clientId, YEAR);
    expect(metrics?.reaction?.responses).toBe(14);
    expect(metrics?.reaction?.usefulness.mean).toBeCloseTo(mean(files.flatMap((f) => f.rows).map((r) => r[2])), 12);
    expect((await pipeline.store.reports.listReportVersions(clientId, YEAR)).map((v) => [v.version, v.status, v.delivery?.status])).toEqual([[1, 'ready', 'sent']]);
    expect(await pipeline.emailsTo(`ledning@${clientId}.example`)).toHaveLength(1);
  });

  it('the same compute message sent twice to the queue computes the same figures and reports once', async () => {
    const clientId = 'dup-compute';
    await configureClient(pipeline.store, clientId);
    await pipeline.put(`${clientId}/${YEAR}/reaktioner.csv`, reactionCsv(reactionRows(clientId, 0, 8)));
    await ingestWaiting(1);
    await pipeline.settle();
    const before = await pipeline.store.metrics.getMetrics(clientId, YEAR);
    const { changeSeq } = await pipeline.store.state.getState(clientId, YEAR);
    const message = JSON.stringify({ clientId, year: YEAR, seq: changeSeq, deliver: true, force: false });
    for (let i = 0; i < 2; i++) {
      await pipeline.runtime.aws.sqs.send(new SendMessageCommand({ QueueUrl: pipeline.runtime.queues.urls.compute, MessageBody: message }));
    }
    await pipeline.settle();
    expect(await pipeline.store.metrics.getMetrics(clientId, YEAR)).toEqual(before);
    expect(before?.reaction?.responses).toBe(8);
    expect(await pipeline.store.reports.listReportVersions(clientId, YEAR)).toHaveLength(1);
    expect(await pipeline.emailsTo(`ledning@${clientId}.example`)).toHaveLength(1);
  });
});

/** A client-year ingested and computed through the stages called directly: its deps, and the render request compute sent. */
async function computedClientYear(clientId: string) {
  await configureClient(pipeline.store, clientId);
  const deps = stageDeps(pipeline.runtime);
  const key = `${clientId}/${YEAR}/reaktioner.csv`;
  await pipeline.put(key, reactionCsv(reactionRows(clientId, 0, 9)));
  await drainQueue(pipeline.runtime.aws.sqs, pipeline.runtime.queues.urls.ingest);
  expect(await ingestObject(deps.ingest, { key, sequencer: padSequencer(Date.now()) })).toMatchObject({ status: 'committed', rows: 9 });
  expect(await computeClientYear(deps.compute, { clientId, year: YEAR, deliver: true, force: false })).toMatchObject({ status: 'computed' });
  return { deps, request: deps.queues.render.sent[0] as RenderRequest };
}

describe('a retried invocation overlapping the first (a Lambda timeout)', () => {
  it('render: the retry that starts before the first attempt finishes hands over the same version, it renders no second one', async () => {
    const clientId = 'retry-render';
    const { deps, request } = await computedClientYear(clientId);

    // The retry reads the state (nothing rendered yet), then stalls until the first attempt is done.
    let firstDone: () => void = () => undefined;
    const first = new Promise<void>((resolve) => {
      firstDone = resolve;
    });
    const stalledReports = overriding(deps.store.reports, {
      listReportVersions: async (c: string, y: number) => {
        await first;
        return deps.store.reports.listReportVersions(c, y);
      },
    });
    const retry = renderVersion({ ...deps.render, store: { ...deps.store, reports: stalledReports } }, request);
    const original = await renderVersion(deps.render, request);
    firstDone();
    expect(original).toEqual({ status: 'rendered', version: 1 });
    expect(await retry).toEqual({ status: 'unchanged', version: 1 });
    expect((await deps.store.reports.listReportVersions(clientId, YEAR)).map((v) => [v.version, v.status])).toEqual([[1, 'ready']]);
    expect((await deps.store.state.getState(clientId, YEAR)).renderedVersion).toBe(1);
    const deliveries = deps.queues.deliver.sent as DeliverRequest[];
    expect(deliveries.map((d) => d.version)).toEqual([1, 1]);

    // deliver: both hand-overs run at once; exactly one sends, the other backs off and later finds it sent.
    const outcomes = await Promise.allSettled(deliveries.map((d) => deliverReport(deps.deliver, d)));
    const sent = outcomes.filter((o) => o.status === 'fulfilled' && o.value.status === 'sent');
    expect(sent).toHaveLength(1);
    for (const o of outcomes) {
      if (o.status === 'rejected') expect(String(o.reason)).toContain('in progress elsewhere');
      else expect(['sent', 'already-sent']).toContain(o.value.status);
    }
    expect(await deliverReport(deps.deliver, deliveries[1]!)).toEqual({ status: 'already-sent' });
    expect(await pipeline.emailsTo(`ledning@${clientId}.example`)).toHaveLength(1);
  });

  it('render: two attempts at one claimed version; the one finishing later keeps the record and its delivery claim, so one email', async () => {
    const clientId = 'retry-finish';
    const { deps, request } = await computedClientYear(clientId);
    // An attempt that timed out left version 1 claimed and rendering: both attempts below take it over.
    const claim: ReportVersion = { clientId, year: YEAR, version: 1, status: 'rendering', inputsHash: request.inputsHash, createdAt: new Date().toISOString(), s3Key: reportKey(clientId, YEAR, 1), deliver: request.deliver };
    expect(await deps.store.reports.claimReportVersion(claim)).toBe(true);

    // The late attempt renders alongside, but stores its outcome only after the other's report was sent.
    let sentFirst: () => void = () => undefined;
    const afterDelivery = new Promise<void>((resolve) => {
      sentFirst = resolve;
    });
    const lateReports = overriding(deps.store.reports, {
      finishReportVersion: async (report: ReportVersion) => {
        await afterDelivery;
        return deps.store.reports.finishReportVersion(report);
      },
    });
    const late = renderVersion({ ...deps.render, store: { ...deps.store, reports: lateReports } }, request);
    expect(await renderVersion(deps.render, request)).toEqual({ status: 'rendered', version: 1 });
    const deliveries = deps.queues.deliver.sent as DeliverRequest[];
    expect(await deliverReport(deps.deliver, deliveries[0]!)).toMatchObject({ status: 'sent' });
    sentFirst();

    expect(await late).toEqual({ status: 'unchanged', version: 1 });
    expect((await deps.store.reports.getReportVersion(clientId, YEAR, 1))?.delivery).toMatchObject({ status: 'sent' });
    expect(deliveries.map((d) => d.version)).toEqual([1, 1]);
    expect(await deliverReport(deps.deliver, deliveries[1]!)).toEqual({ status: 'already-sent' });
    expect(await pipeline.emailsTo(`ledning@${clientId}.example`)).toHaveLength(1);
  });

  it('a duplicated forced regeneration (same job) renders one version', async () => {
    const clientId = 'retry-render';
    const deps = stageDeps(pipeline.runtime);
    const { job } = await deps.store.jobs.startJob({
      id: 'job-1', clientId, year: YEAR, status: 'queued', deliver: false, requestedBy: 'test', createdAt: new Date().toISOString(), updatedAt: new Date().toISOString(),
    });
    const compute = { clientId, year: YEAR, jobId: job.id, deliver: false, force: true };
    await Promise.all([computeClientYear(deps.compute, compute), computeClientYear(deps.compute, compute)]);
    const requests = deps.queues.render.sent as RenderRequest[];
    expect(requests).toHaveLength(2);
    expect(await renderVersion(deps.render, requests[0]!)).toEqual({ status: 'rendered', version: 2 });
    expect(await renderVersion(deps.render, requests[1]!)).toEqual({ status: 'unchanged', version: 2 });
    expect((await deps.store.reports.listReportVersions(clientId, YEAR)).map((v) => v.version)).toEqual([1, 2]);
    expect((await deps.store.jobs.getJob(clientId, YEAR))?.status).toBe('done');
  });
});
