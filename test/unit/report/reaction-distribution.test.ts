import { describe, expect, it } from 'vitest';
import { describeChart } from '../../../functions/core/report/chart-alt.ts';
import { createContext } from '../../../functions/core/report/context.ts';
import { distributionRows } from '../../../functions/core/report/sections/reactions.ts';
import { fill } from '../../../functions/core/report/texts.ts';
import { exampleMetrics, exampleSettings } from './fixtures.ts';

describe('reaction distribution', () => {
  it('highlights and describes the top two points of each question\'s own scale, not 9 and 10', () => {
    const metrics = exampleMetrics();
    const group = metrics.reaction!;
    // Satisfaction on a 1–5 scale: 4 and 5 are its top two (7 of 10 answers).
    group.satisfaction.scale = { min: 1, max: 5 };
    group.satisfaction.distribution = [1, 2, 3, 4, 5].map((value) => ({ value, count: [1, 0, 2, 3, 4][value - 1]! }));
    const ctx = createContext(metrics, exampleSettings(), 1);
    const rows = distributionRows(ctx, group);

    const satisfaction = rows.filter((r) => r.question === ctx.t.questions.satisfaction);
    expect(satisfaction.filter((r) => r.topTwo).map((r) => r.value)).toEqual([4, 5]);
    expect(satisfaction.filter((r) => r.color === ctx.theme.chart.barHighlight).map((r) => r.value)).toEqual([4, 5]);
    // Recommendation keeps its 0–10 scale: 9 and 10.
    const recommendation = rows.filter((r) => r.question === ctx.t.questions.recommendation);
    expect(recommendation.filter((r) => r.topTwo).map((r) => r.value)).toEqual([9, 10]);

    const alt = describeChart(ctx, 'reaction-distribution', { data: { values: rows } });
    expect(alt).toContain(fill(ctx.t.a11y.shareFor, { share: ctx.f.percent(0.7), question: ctx.t.questions.satisfaction.toLowerCase() }));
  });
});
