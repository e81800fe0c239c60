/**
 * A large client-year is stored and read back whole: the metrics document of 200 programmes with long,
 * varied comments is far over DynamoDB's 400 KB item limit as JSON, and still fits after compression
 * and parts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeMetrics } from '../../functions/core/metrics/index.ts';
import { clientSettingsSchema, type ReactionRow } from '../../functions/core/model/index.ts';
import { seededRandom } from '../../examples/generate.ts';
import { startTestPipeline, type TestPipeline } from '../helpers/local-pipeline.ts';

let pipeline: TestPipeline;

beforeAll(async () => {
  pipeline = await startTestPipeline();
});

afterAll(async () => {
  await pipeline.stop();
});

function bigYear(): ReactionRow[] {
  const random = seededRandom(17);
  // Random tokens compress poorly: even compressed, the document needs more than one item.
  const word = () => Math.floor(random() * 36 ** 6).toString(36);
  const rows: ReactionRow[] = [];
  for (let p = 0; p < 200; p++) {
    for (let i = 0; i < 12; i++) {
      const comment = Array.from({ length: 40 }, word).join(' ');
      rows.push({ respondent: `r${p}-${i}`, program: `program-${p}`, date: '2025-05-20', satisfaction: 1 + Math.floor(random() * 10), usefulness: 8, recommendation: 9, comment });
    }
  }
  return rows;
}

describe('a large client-year', () => {
  it('stores a metrics document over one item and reads it back identical', async () => {
    const settings = clientSettingsSchema.parse({ clientId: 'stor-kund', displayName: 'Stor kund' });
    const doc = computeMetrics({ clientId: 'stor-kund', year: 2025, settings, instruments: [], reactions: bigYear(), assessments: [], sources: [], inputsHash: 'a'.repeat(64), previousYears: [] });
    expect(Buffer.byteLength(JSON.stringify(doc))).toBeGreaterThan(1_000_000);
    expect(await pipeline.store.metrics.putMetrics(doc, 1)).toBe(true);
    expect(await pipeline.store.metrics.getMetrics('stor-kund', 2025)).toStrictEqual(doc);
    expect(await pipeline.store.metrics.listMetrics('stor-kund')).toStrictEqual([doc]);
    // A smaller document written later leaves no stale part in what is read.
    const small = { ...doc, reaction: null, programs: [] };
    expect(await pipeline.store.metrics.putMetrics(small, 2)).toBe(true);
    expect(await pipeline.store.metrics.getMetrics('stor-kund', 2025)).toStrictEqual(small);
  });
});
