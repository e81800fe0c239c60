import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestPipeline, type TestPipeline } from '../../helpers/local-pipeline.ts';
import { configureClient, mean, reactionCsv, reactionRows, renderOrFake, YEAR } from './helpers.ts';

vi.mock('../../../functions/core/report/index.ts', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../../functions/core/report/index.ts')>();
  return { ...actual, renderReport: (input: Parameters<typeof actual.renderReport>[0]) => renderOrFake(actual.renderReport, input) };
});

const CLIENTS = 20;
const FILES_PER_CLIENT = 10;
const ROWS_PER_FILE = 6;
const clientIds = Array.from({ length: CLIENTS }, (_, i) => `burst-${String(i).padStart(2, '0')}`);

let pipeline: TestPipeline;

beforeAll(async () => {
  // Locally every stage shares one event loop, so a render blocks the next ingest for a while; the
  // debounce must outlast that gap (AWS uses 60 s, with each stage in its own Lambda).
  pipeline = await startTestPipeline({ coalesceSeconds: 5 });
  await Promise.all(clientIds.map((c) => configureClient(pipeline.store, c)));
});

afterAll(async () => {
  await pipeline.stop();
});

/** Runs `work` over `items` with at most `limit` in flight (a consultant's sync tool uploading a folder tree). */
async function withLimit<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: limit }, async () => {
    while (next < items.length) await work(items[next++]!);
  }));
}

describe('a burst of 200 uploads for 20 clients', () => {
  it('ends in exactly one report version and one email per client-year, every row counted once', async () => {
    const uploads = clientIds.flatMap((clientId) =>
      Array.from({ length: FILES_PER_CLIENT }, (_, f) => ({ key: `${clientId}/${YEAR}/reaktioner-${f}.csv`, body: reactionCsv(reactionRows(clientId, f, ROWS_PER_FILE)) })),
    );
    expect(uploads).toHaveLength(200);
    await withLimit(uploads, 16, (u) => pipeline.put(u.key, u.body));
    // Generous bounds, not a speed figure: on 2 cores shared with the rest of the suite the burst is slow.
    await pipeline.runtime.waitForIdle({ timeoutMs: 230_000 });

    for (const clientId of clientIds) {
      const rows = Array.from({ length: FILES_PER_CLIENT }, (_, f) => reactionRows(clientId, f, ROWS_PER_FILE)).flat();
      const metrics = await pipeline.store.metrics.getMetrics(clientId, YEAR);
      expect(metrics?.sources, clientId).toHaveLength(FILES_PER_CLIENT);
      expect(metrics?.sources.reduce((n, s) => n + s.rows, 0)).toBe(60);
      expect(metrics?.reaction?.responses, clientId).toBe(60);
      expect(metrics?.participants).toBe(60);
      expect(metrics?.reaction?.satisfaction.mean).toBeCloseTo(mean(rows.map((r) => r[1])), 10);
      expect(metrics?.reaction?.recommendation.mean).toBeCloseTo(mean(rows.map((r) => r[3])), 10);

      const versions = await pipeline.store.reports.listReportVersions(clientId, YEAR);
      expect(versions.map((v) => [v.version, v.status, v.delivery?.status]), clientId).toEqual([[1, 'ready', 'sent']]);
      expect(versions[0]!.inputs).toHaveLength(FILES_PER_CLIENT);
      expect((await pipeline.store.state.getState(clientId, YEAR)).renderedVersion).toBe(1);
      expect(await pipeline.emailsTo(`ledning@${clientId}.example`), clientId).toHaveLength(1);
      // Nothing was rejected, so the consultant heard nothing.
      expect(await pipeline.emailsTo(`konsult@${clientId}.example`)).toHaveLength(0);
    }
  }, 240_000);
});
