/**
 * A suppressed group shows no figure anywhere: not in tables, charts, the summary or the pyramid. The renderer is
 * checked defensively, with the would-be figures left on the suppressed objects.
 */
import { describe, expect, it } from 'vitest';
import type { ChangeEntry, MetricsDocument } from '../../../functions/core/model/index.ts';
import { renderReport } from '../../../functions/core/report/index.ts';
import { pdfText } from '../../helpers/pdf-text.ts';
import { exampleMetrics, exampleSettings } from './fixtures.ts';

/** Figures no other group in the example has, so finding them anywhere means they leaked. */
const DISTINCT: Partial<ChangeEntry> = {
  preMean: 6.91,
  postMean: 1.37,
  meanDiff: -5.54,
  ci95: [-5.93, -5.17],
  gav: -3.77,
  gavCi95: [-4.61, -2.96],
  reliablyImproved: 0.011,
  reliablyUnchanged: 0.022,
  reliablyWorse: 0.967,
  verdict: 'clear-decline',
};
const LEAK_MARKERS = ['−3,77', '−4,61', '−5,5', '97 %', 'tydlig försämring', '−61'];

function withDistinctGroups(suppressed: boolean): MetricsDocument {
  const metrics = exampleMetrics();
  const entry = metrics.change.find((e) => e.instrument === 'lead-forward' && e.dimension === 'tillit' && e.rater === 'manager');
  if (!entry) throw new Error('fixture lacks the lead-forward trust manager entry');
  Object.assign(entry, DISTINCT, suppressed ? { suppressed: true, pairs: 2 } : {});
  const program = metrics.reaction?.byProgram.find((p) => p.program === 'ledningsgrupp');
  if (!program) throw new Error('fixture lacks the ledningsgrupp programme');
  program.recommendation.nps = -61;
  if (suppressed) Object.assign(program, { suppressed: true, responses: 4 });
  return metrics;
}

/** All pages as one line: table cells wrap, and a wrapped figure is still a shown figure. */
async function render(metrics: MetricsDocument): Promise<string> {
  return (await pdfText(await renderReport({ metrics, settings: exampleSettings('sv'), version: 1 }))).join(' ').replace(/\s+/g, ' ');
}

describe('suppression', () => {
  it('shows the distinct figures when the groups are large enough (the markers are real)', async () => {
    const text = await render(withDistinctGroups(false));
    for (const marker of LEAK_MARKERS) expect(text).toContain(marker);
  });

  it('shows none of them when the groups are suppressed, and says why instead', async () => {
    const text = await render(withDistinctGroups(true));
    for (const marker of LEAK_MARKERS) expect(text).not.toContain(marker);
    expect(text).toContain('Chef: redovisas inte, färre än 5 ledare.');
    expect(text).toContain('redovisas inte: minst 5 krävs');
    expect(text).toMatch(/Reaktioner, Ledningsgruppens utveckling: 4 svar \(minst 5 krävs\)/);
  });

  it('reports a fully suppressed reaction group with counts only', async () => {
    const metrics = exampleMetrics();
    const reaction = metrics.reaction;
    if (!reaction) throw new Error('fixture has no reactions');
    metrics.reaction = {
      responses: 4,
      suppressed: true,
      satisfaction: { n: 4, suppressed: true, scale: { min: 1, max: 10 } },
      usefulness: { n: 4, suppressed: true, scale: { min: 1, max: 10 } },
      recommendation: { n: 4, suppressed: true, scale: { min: 0, max: 10 }, npsScale: '0-10' },
      comments: [],
      byProgram: [],
    };
    metrics.kirkpatrick = metrics.kirkpatrick.map((l) => (l.level === 1 ? { level: 1, name: 'reaction', measured: true, instruments: [], n: 4, unit: 'respondents' } : l));
    metrics.trend = metrics.trend.filter((p) => p.year !== 2025);
    const text = await render(metrics);
    expect(text).toContain('Reaktionerna redovisas inte: för få svar för att redovisa, minst 5 krävs.');
    expect(text).toContain('Reaktioner, alla program: 4 svar (minst 5 krävs)');
    expect(text).not.toContain('8,8 av 10');
    expect(text).not.toContain(reaction.comments[0]?.slice(0, 30) ?? 'unreachable');
  });
});
