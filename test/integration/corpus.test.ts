import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MetricsDocument } from '../../functions/core/model/index.ts';
import { startTestPipeline, type TestPipeline } from '../helpers/local-pipeline.ts';

/**
 * The fixture corpus through the real ingest and compute handlers on the emulators. Broken files
 * whose rule needs a lowered limit (size, rows) are covered by the parser's own tests, which can set
 * limits; here every file meets the production limits.
 */
const FIXTURES = new URL('../fixtures/files/', import.meta.url).pathname;
const YEAR = 2025;
interface Expected {
  rule: string;
  line?: number;
  column?: string;
  limits?: Record<string, number>;
}
const expected = JSON.parse(readFileSync(join(FIXTURES, 'expected.json'), 'utf8')) as Record<string, Expected>;
const good = readdirSync(join(FIXTURES, 'good'));
const reactionVariants = good.filter((f) => f.startsWith('reaktioner'));
const assessmentVariants = good.filter((f) => f.startsWith('bedomning'));

let pipeline: TestPipeline;

beforeAll(async () => {
  pipeline = await startTestPipeline({ stages: ['ingest', 'compute'], coalesceSeconds: 1 });
});

afterAll(async () => {
  await pipeline.stop();
});

/** What must not depend on the file format: every figure, count and period. */
const figures = (m: MetricsDocument) => ({ reaction: m.reaction, change: m.change, participants: m.participants, leaders: m.leadersMeasured, unmatched: m.unmatchedRaters, period: m.period, programs: m.programs });

describe('the fixture corpus through ingest and compute', () => {
  it('gives identical metrics for comma CSV, Swedish semicolon CSV, Latin-1 CSV, XLSX, JSON and the wide layout', async () => {
    const pairs = assessmentVariants.map((assessment, i) => ({ clientId: `variant-${i}`, reaction: reactionVariants[i % reactionVariants.length]!, assessment }));
    for (const pair of pairs) {
      await pipeline.putFile(pair.clientId, YEAR, join(FIXTURES, 'good', pair.reaction));
      await pipeline.putFile(pair.clientId, YEAR, join(FIXTURES, 'good', pair.assessment));
    }
    await pipeline.settle();
    const all = await Promise.all(pairs.map((p) => pipeline.store.metrics.getMetrics(p.clientId, YEAR)));
    expect(all.every((m) => m !== undefined && m.sources.length === 2)).toBe(true);
    expect(all[0]!.reaction!.responses).toBe(12);
    for (const metrics of all.slice(1)) expect(figures(metrics!)).toEqual(figures(all[0]!));
    // Every reaction variant was used at least once.
    expect(new Set(pairs.map((p) => p.reaction)).size).toBe(reactionVariants.length);
  });

  it('refuses every broken file with its own rule, line and column, and leaves the good figures as they were', async () => {
    const clientId = 'corpus';
    await pipeline.putFile(clientId, YEAR, join(FIXTURES, 'good', 'reaktioner.csv'));
    await pipeline.putFile(clientId, YEAR, join(FIXTURES, 'good', 'bedomning.csv'));
    await pipeline.settle();
    const before = await pipeline.store.metrics.getMetrics(clientId, YEAR);

    const broken = Object.entries(expected).filter(([, e]) => e.limits === undefined);
    expect(broken.length).toBeGreaterThanOrEqual(20);
    for (const [name] of broken) await pipeline.putFile(clientId, YEAR, join(FIXTURES, 'broken', name));
    await pipeline.settle();

    const snapshot = await pipeline.store.rows.readClientYear(clientId, YEAR);
    const byFile = new Map(snapshot.rejections.map((r) => [r.fileName, r]));
    for (const [name, want] of broken) {
      const rejection = byFile.get(name);
      expect(rejection, `${name} should be rejected`).toBeDefined();
      const first = rejection!.problems[0]!;
      expect({ file: name, rule: first.rule, line: first.line, column: first.column }).toEqual({
        file: name,
        rule: want.rule,
        line: want.line ?? first.line,
        column: want.column ?? first.column,
      });
      expect(first.message).toContain(name);
    }
    expect(snapshot.files.map((f) => f.fileName).sort()).toEqual(['bedomning.csv', 'reaktioner.csv']);
    expect(figures((await pipeline.store.metrics.getMetrics(clientId, YEAR))!)).toEqual(figures(before!));
  });
});
