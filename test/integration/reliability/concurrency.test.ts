import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Stores } from '../../../functions/core/ports.ts';
import { overriding } from '../../helpers/overriding.ts';
import { computeClientYear } from '../../../functions/compute/compute-client-year.ts';
import type { ComputeRequest } from '../../../functions/core/model/index.ts';
import { padSequencer } from '../../../functions/core/rows/fingerprint.ts';
import { ingestObject } from '../../../functions/ingest/ingest-object.ts';
import { startTestPipeline, type TestPipeline } from '../../helpers/local-pipeline.ts';
import { configureClient, figures, mean, reactionCsv, reactionRows, stageDeps, YEAR } from './helpers.ts';

let pipeline: TestPipeline;

beforeAll(async () => {
  // No pollers: every stage runs by hand, in the interleaving the test chooses.
  pipeline = await startTestPipeline({ stages: [] });
});

afterAll(async () => {
  await pipeline.stop();
});

const gate = () => {
  let open: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { open, opened };
};

/** The stores as one caller sees them, with reading the client-year held after the real read until `until` resolves. */
function holdingRead(store: Stores, until: Promise<void>, reached?: () => void): Stores {
  const rows = overriding(store.rows, {
    readClientYear: async (clientId: string, year: number) => {
      const result = await store.rows.readClientYear(clientId, year);
      reached?.();
      await until;
      return result;
    },
  });
  return { ...store, rows };
}

/** The stores as one caller sees them, with committing a file held before the real commit until `until` resolves. */
function holdingCommit(store: Stores, until: Promise<void>, reached?: () => void): Stores {
  const files = overriding(store.files, {
    commitFile: async (...args: Parameters<Stores['files']['commitFile']>) => {
      reached?.();
      await until;
      return store.files.commitFile(...args);
    },
  });
  return { ...store, files };
}

describe('concurrent compute jobs for one client-year', () => {
  it('a regeneration that read before a file committed cannot overwrite the newer figures', async () => {
    const clientId = 'race-compute';
    await configureClient(pipeline.store, clientId);
    const deps = stageDeps(pipeline.runtime);
    const upload = async (f: number, rows: number) => {
      const key = `${clientId}/${YEAR}/reaktioner-${f}.csv`;
      await pipeline.put(key, reactionCsv(reactionRows(clientId, f, rows)));
      return ingestObject(deps.ingest, { key, sequencer: padSequencer(Date.now()) });
    };
    await upload(0, 6);
    await computeClientYear(deps.compute, { clientId, year: YEAR, deliver: false, force: false });

    // Regeneration X (no sequence) reads the client-year, then stalls.
    const readDone = gate();
    const release = gate();
    const x = computeClientYear(
      { ...deps.compute, store: holdingRead(deps.store, release.opened, readDone.open) },
      { clientId, year: YEAR, deliver: false, force: true },
    ).then(
      (outcome) => ({ outcome }),
      (error: unknown) => ({ error: String(error) }),
    );
    await readDone.opened;
    // Meanwhile a second file commits and its debounced compute stores the newer figures.
    expect(await upload(1, 7)).toMatchObject({ status: 'committed' });
    const debounced = deps.queues.compute.sent.at(-1) as ComputeRequest;
    expect(await computeClientYear(deps.compute, debounced)).toMatchObject({ status: 'computed' });
    const newer = await deps.store.metrics.getMetrics(clientId, YEAR);
    expect(newer?.reaction?.responses).toBe(13);

    release.open();
    // Before the fix X stored its 6-response snapshot under the newer sequence, over the 13.
    expect(await x).toEqual({ error: expect.stringContaining('changed while computing') });
    expect(figures(await deps.store.metrics.getMetrics(clientId, YEAR))).toEqual(figures(newer));
    // Its retry (SQS redelivers the message) computes the current inputs.
    await computeClientYear(deps.compute, { clientId, year: YEAR, deliver: false, force: true });
    expect((await deps.store.metrics.getMetrics(clientId, YEAR))?.reaction?.responses).toBe(13);
  });

  it('two computes of the same message running while a file commits store what a clean recompute gives', async () => {
    const clientId = 'race-twice';
    await configureClient(pipeline.store, clientId);
    const deps = stageDeps(pipeline.runtime);
    const put = async (f: number) => {
      const key = `${clientId}/${YEAR}/reaktioner-${f}.csv`;
      await pipeline.put(key, reactionCsv(reactionRows(clientId, f, 5 + f)));
      return key;
    };
    const first = await put(0);
    await ingestObject(deps.ingest, { key: first, sequencer: padSequencer(Date.now()) });
    for (let f = 1; f <= 4; f++) {
      const key = await put(f);
      // The latest compute message, delivered twice (a duplicate), racing the next file's ingest.
      const request = deps.queues.compute.sent.at(-1) as ComputeRequest;
      const outcomes = await Promise.all([
        ingestObject(deps.ingest, { key, sequencer: padSequencer(Date.now()) }),
        computeClientYear(deps.compute, request),
        computeClientYear(deps.compute, request),
      ]);
      expect(outcomes[0]).toMatchObject({ status: 'committed' });
      const stored = await deps.store.metrics.getMetrics(clientId, YEAR);
      // Whatever the interleaving, what is stored is one consistent snapshot: whole files, each row once.
      if (stored) {
        expect(stored.sources.length).toBeLessThanOrEqual(f + 1);
        expect(stored.reaction?.responses).toBe(stored.sources.reduce((n, s) => n + s.rows, 0));
        expect(stored.participants).toBe(stored.reaction?.responses);
      }
    }
    // The queue then delivers the last debounced request; the result equals a clean recompute.
    await computeClientYear(deps.compute, deps.queues.compute.sent.at(-1) as ComputeRequest);
    const settled = await deps.store.metrics.getMetrics(clientId, YEAR);
    await computeClientYear(deps.compute, { clientId, year: YEAR, deliver: false, force: true });
    const clean = await deps.store.metrics.getMetrics(clientId, YEAR);
    expect(figures(settled)).toEqual(figures(clean));
    expect(settled?.inputsHash).toBe(clean?.inputsHash);
    expect(clean?.reaction?.responses).toBe(5 + 6 + 7 + 8 + 9);
    const rows = [0, 1, 2, 3, 4].flatMap((f) => reactionRows(clientId, f, 5 + f));
    expect(clean?.reaction?.satisfaction.mean).toBeCloseTo(mean(rows.map((r) => r[1])), 12);
  });
});

describe('two uploads of the same key ingested at once', () => {
  it('the older upload’s cleanup never deletes the rows of the newer one it raced', async () => {
    const clientId = 'race-replace';
    await configureClient(pipeline.store, clientId);
    const deps = stageDeps(pipeline.runtime);
    const key = `${clientId}/${YEAR}/reaktioner.csv`;
    await pipeline.put(key, reactionCsv(reactionRows(clientId, 0, 5)));
    await ingestObject(deps.ingest, { key, sequencer: padSequencer(1) });

    // Upload 2 is read and its rows written; it stalls before committing.
    const atCommit2 = gate();
    const go2 = gate();
    await pipeline.put(key, reactionCsv(reactionRows(clientId, 1, 6)));
    const second = ingestObject({ ...deps.ingest, store: holdingCommit(deps.store, go2.opened, atCommit2.open) }, { key, sequencer: padSequencer(2) });
    await atCommit2.opened;
    // Upload 3 is read and its rows written; it stalls too.
    const atCommit3 = gate();
    const go3 = gate();
    await pipeline.put(key, reactionCsv(reactionRows(clientId, 2, 7)));
    const third = ingestObject({ ...deps.ingest, store: holdingCommit(deps.store, go3.opened, atCommit3.open) }, { key, sequencer: padSequencer(3) });
    await atCommit3.opened;
    // Upload 2 commits and cleans up; then upload 3 commits.
    go2.open();
    expect(await second).toMatchObject({ status: 'committed', rows: 6 });
    go3.open();
    expect(await third).toMatchObject({ status: 'committed', rows: 7 });

    // Before the fix upload 2 deleted "every chunk but mine", upload 3's included: compute then failed
    // forever with "has 0 of 1 row chunks".
    expect(await computeClientYear(deps.compute, { clientId, year: YEAR, deliver: false, force: false })).toMatchObject({ status: 'computed' });
    const metrics = await deps.store.metrics.getMetrics(clientId, YEAR);
    expect(metrics?.reaction?.responses).toBe(7);
    expect(metrics?.sources.map((s) => s.rows)).toEqual([7]);
  });
});
