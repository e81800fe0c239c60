/** The debounce window runs from when ingest takes an upload up, and every ingest leaves its client-year with a compute request that is not stale. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { Blobs } from '../../../functions/aws/blobs.ts';
import { QueueSender } from '../../../functions/aws/queue.ts';
import { computeClientYear } from '../../../functions/compute/compute-client-year.ts';
import type { ComputeRequest } from '../../../functions/core/model/index.ts';
import { padSequencer } from '../../../functions/core/rows/fingerprint.ts';
import { ingestObject } from '../../../functions/ingest/ingest-object.ts';
import { startTestPipeline, type TestPipeline } from '../../helpers/local-pipeline.ts';
import { overriding } from '../../helpers/overriding.ts';
import { configureClient, reactionCsv, reactionRows, stageDeps, YEAR } from './helpers.ts';

let pipeline: TestPipeline;

beforeAll(async () => {
  pipeline = await startTestPipeline({ stages: [] });
});

afterAll(async () => {
  await pipeline.stop();
});

/** Keeps each compute request with the delay it was sent with. */
class DelayCapturingQueue extends QueueSender {
  readonly sent: { request: ComputeRequest; delaySeconds: number }[] = [];
  constructor(sqs: SQSClient) {
    super(sqs, 'capture://compute');
  }
  override async send(message: object, delaySeconds = 0): Promise<void> {
    this.sent.push({ request: message as ComputeRequest, delaySeconds });
  }
}

describe('the debounce window', () => {
  it('runs from when ingest takes the change up: the queue delays its whole seconds and the request says when it ends', async () => {
    const clientId = 'debounce-window';
    await configureClient(pipeline.store, clientId);
    const base = stageDeps(pipeline.runtime);
    let clock = Date.parse('2026-03-02T10:00:00.000Z');
    let readingTakes = 0;
    const queue = new DelayCapturingQueue(pipeline.runtime.aws.sqs);
    // Reading the object is where the ingest's time goes here: the clock moves on by `readingTakes`.
    const blobs = overriding(base.ingest.blobs, {
      get: async (...args: Parameters<Blobs['get']>) => {
        clock += readingTakes;
        return base.ingest.blobs.get(...args);
      },
    });
    const deps = { ...base.ingest, blobs, computeQueue: queue, now: () => new Date(clock), settings: { ...base.ingest.settings, coalesceSeconds: 3 } };
    const ingest = async (f: number, took: number, startedAt?: number) => {
      readingTakes = took;
      const key = `${clientId}/${YEAR}/reaktioner-${f}.csv`;
      await pipeline.put(key, reactionCsv(reactionRows(clientId, f, 4)));
      const started = clock;
      expect(await ingestObject(deps, { key, sequencer: padSequencer(f + 1), ...(startedAt === undefined ? {} : { startedAt }) })).toMatchObject({ status: 'committed' });
      return { ...queue.sent.at(-1)!, started, ended: clock };
    };
    // An ingest of 1.5 s: 1.5 s of the 3 s window are left, 1 s of it in the queue.
    const slow = await ingest(0, 1500);
    expect(slow).toMatchObject({ request: { notBefore: slow.started + 3000 }, delaySeconds: 1 });
    expect(slow.ended - slow.started).toBe(1500);
    // An instant ingest: the whole window.
    const quick = await ingest(1, 0);
    expect(quick).toMatchObject({ request: { notBefore: quick.started + 3000 }, delaySeconds: 3 });
    // An ingest that took longer than half the window leaves the burst's other files at least as long after it.
    const slower = await ingest(4, 2000);
    expect(slower).toMatchObject({ request: { notBefore: slower.ended + 2000 }, delaySeconds: 2 });
    // One that took longer than the window leaves them the whole window, as when the window ran from its end.
    const long = await ingest(2, 60_000);
    expect(long).toMatchObject({ request: { notBefore: long.ended + 3000 }, delaySeconds: 3 });
    // A start ahead of the clock waits no longer than the window.
    const ahead = await ingest(3, 0, clock + 60_000);
    expect(ahead).toMatchObject({ request: { notBefore: ahead.ended + 3000 }, delaySeconds: 3 });
  });

  it('compute waits out the rest of the window, and a change within it makes the request stale', async () => {
    const clientId = 'debounce-wait';
    await configureClient(pipeline.store, clientId);
    const deps = stageDeps(pipeline.runtime);
    const key = `${clientId}/${YEAR}/reaktioner.csv`;
    await pipeline.put(key, reactionCsv(reactionRows(clientId, 0, 5)));
    await ingestObject(deps.ingest, { key, sequencer: padSequencer(1) });
    const request = deps.queues.compute.sent.at(-1) as ComputeRequest;

    // A change arrives while compute waits out the window (its clock's sleep is when it arrives).
    const changeWhileWaiting = { now: () => 10_000, sleep: async () => void (await deps.store.state.bumpChangeSeq(clientId, YEAR)) };
    expect(await computeClientYear({ ...deps.compute, clock: changeWhileWaiting }, { ...request, notBefore: 10_400 })).toEqual({ status: 'stale' });

    await ingestObject(deps.ingest, { key, sequencer: padSequencer(2) });
    const latest = deps.queues.compute.sent.at(-1) as ComputeRequest;
    // On a clock of its own: compute sleeps exactly the rest of the window, and never more than the queue left.
    const slept: number[] = [];
    const clock = { now: () => 10_000, sleep: async (ms: number) => void slept.push(ms) };
    expect(await computeClientYear({ ...deps.compute, clock }, { ...latest, notBefore: 10_300 })).toMatchObject({ status: 'computed' });
    expect(await computeClientYear({ ...deps.compute, clock }, { ...latest, notBefore: 9_000 })).toMatchObject({ status: 'computed' });
    expect(await computeClientYear({ ...deps.compute, clock }, { ...latest, notBefore: 70_000 })).toMatchObject({ status: 'computed' });
    expect(slept).toEqual([300, 1000]);
  });
});

describe('the mark an ingest leaves', () => {
  it('a file refused after it marked the client-year leaves the burst computed', async () => {
    const clientId = 'debounce-refused';
    await configureClient(pipeline.store, clientId);
    const deps = stageDeps(pipeline.runtime);
    const first = `${clientId}/${YEAR}/reaktioner.csv`;
    await pipeline.put(first, reactionCsv(reactionRows(clientId, 0, 6)));
    expect(await ingestObject(deps.ingest, { key: first, sequencer: padSequencer(1) })).toMatchObject({ status: 'committed' });
    // The same answers again with one more: past the content check, refused once its rows meet the first file's.
    const second = `${clientId}/${YEAR}/reaktioner-igen.csv`;
    await pipeline.put(second, reactionCsv([...reactionRows(clientId, 0, 6), ...reactionRows(clientId, 1, 1)]));
    expect(await ingestObject(deps.ingest, { key: second, sequencer: padSequencer(2) })).toMatchObject({ status: 'rejected' });

    const requests = deps.queues.compute.sent as ComputeRequest[];
    const outcomes = [];
    for (const request of requests) outcomes.push((await computeClientYear(deps.compute, request)).status);
    // The first file's request is stale (the refused file's mark came after it); the refused file's own request computes it.
    expect(outcomes).toEqual(['stale', 'computed']);
    expect((await deps.store.metrics.getMetrics(clientId, YEAR))?.sources.map((s) => s.file)).toEqual(['reaktioner.csv']);
  });
});
