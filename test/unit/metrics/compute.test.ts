import { describe, expect, it } from 'vitest';
import { computeMetrics } from '../../../functions/core/metrics/index.ts';
import type { ChangeEntry, MetricsDocument } from '../../../functions/core/model/index.ts';
import { expectRelativelyClose, references } from '../stats/reference.ts';
import { metricsInput } from './fixtures.ts';

function entry(doc: MetricsDocument, program: string, instrument: string, dimension: string, rater: string): ChangeEntry {
  const found = doc.change.find((e) => e.program === program && e.instrument === instrument && e.dimension === dimension && e.rater === rater);
  if (!found) throw new Error(`no entry ${program}/${instrument}/${dimension}/${rater}`);
  return found;
}

const COUNT_KEYS = ['program', 'instrument', 'level', 'dimension', 'rater', 'pairs', 'raters', 'unmatchedPre', 'unmatchedPost', 'minGroupSize', 'suppressed', 'descriptiveOnly'];

describe('computeMetrics on a small client year', () => {
  const doc = computeMetrics(metricsInput());

  it('describes the data set', () => {
    expect(doc.schemaVersion).toBe(2);
    expect(doc.client).toBe('sodertalje');
    expect(doc.year).toBe(2025);
    expect(doc.inputsHash).toBe('c'.repeat(64));
    expect(doc.period).toEqual({ from: '2025-02-03', to: '2025-09-15' });
    expect(doc.programs).toEqual(['ledare-a', 'ledare-b']);
    expect(doc.participants).toBe(8);
    // l1–l6 in ledare-a and l7, l8 in ledare-b have both waves somewhere; l9 has a pre score only.
    expect(doc.leadersMeasured).toBe(8);
    // One employee (l3-m1) and l9's knowledge test have one wave each.
    expect(doc.unmatchedRaters).toBe(2);
    expect(doc.settings).toEqual({ minGroupSize: 5, minRaterGroupSize: 3, minCommentGroupSize: 5, locale: 'sv' });
    expect(doc.sources.map((s) => s.file)).toEqual(['matningar.xlsx', 'reaktioner.csv']);
    expect(doc.instruments.map((i) => i.id)).toEqual(['full-range-leadership', 'lead-forward', 'ledarskapskunskap', 'team-pro-inventory']);
    expect(doc.instruments[3]).toMatchObject({ descriptiveOnly: true, descriptiveReason: { en: 'Descriptive only.' } });
    expect(doc.instruments[0]?.dimensions[1]).toEqual({ id: 'passivt-ledarskap', label: { sv: 'Passivt ledarskap', en: 'Passive leadership' }, lowerIsBetter: true });
  });

  it('orders change entries by programme, instrument, dimension order and rater order', () => {
    expect(doc.change.map((e) => [e.program, e.instrument, e.dimension, e.rater].join('/'))).toEqual([
      'ledare-a/full-range-leadership/individuell-omtanke/self',
      'ledare-a/full-range-leadership/passivt-ledarskap/self',
      'ledare-a/lead-forward/tydlighet/self',
      'ledare-a/lead-forward/tydlighet/manager',
      'ledare-a/lead-forward/tydlighet/employee',
      'ledare-a/ledarskapskunskap/kunskap/self',
      'ledare-a/team-pro-inventory/mal/self',
      'ledare-b/ledarskapskunskap/kunskap/self',
    ]);
  });

  it('computes the knowledge test like SciPy', () => {
    const knowledge = entry(doc, 'ledare-a', 'ledarskapskunskap', 'kunskap', 'self');
    expect(knowledge).toMatchObject({ pairs: 6, suppressed: false, descriptiveOnly: false, df: 5, preMean: 11.5, postMean: 14.5, meanDiff: 3 });
    expectRelativelyClose(knowledge.sdDiff, 0.8944271909999159, 1e-9);
    expectRelativelyClose(knowledge.t, 8.215838362577491, 1e-9);
    expectRelativelyClose(knowledge.p, 0.00043497743126479153, 1e-6);
    expectRelativelyClose(knowledge.ci95?.[0], 2.0613562284726354, 1e-7);
    expectRelativelyClose(knowledge.ci95?.[1], 3.9386437715273646, 1e-7);
    expectRelativelyClose(knowledge.r, 0.8857142857142858, 1e-9);
    expectRelativelyClose(knowledge.dz, 3.3541019662496847, 1e-9);
    expectRelativelyClose(knowledge.dav, 1.6035674514745464, 1e-9);
    expectRelativelyClose(knowledge.gav, 1.3481972220624665, 1e-8);
    // RCI = diff / (√2 · 1.8708 · √0.22): 3.22, 2.42, 2.42, 1.61, 1.61, 3.22
    expect(knowledge.reliablyImproved).toBeCloseTo(4 / 6, 12);
    expect(knowledge.reliablyUnchanged).toBeCloseTo(2 / 6, 12);
    expect(knowledge.reliablyWorse).toBe(0);
    expect(knowledge.verdict).toBe('clear-improvement');
  });

  it('reads lower-is-better dimensions the right way round', () => {
    const passive = entry(doc, 'ledare-a', 'full-range-leadership', 'passivt-ledarskap', 'self');
    expect(passive.meanDiff).toBeLessThan(0);
    expect(passive.gav).toBeLessThan(-0.5);
    expect(passive.verdict).toBe('clear-improvement');
    expect(passive.reliablyImproved).toBeCloseTo(2 / 6, 12);
    expect(passive.reliablyWorse).toBe(0);
  });

  it('shows a rater group only with enough leaders and raters, and suppresses the rest to counts only', () => {
    const manager = entry(doc, 'ledare-a', 'lead-forward', 'tydlighet', 'manager');
    expect(manager).toMatchObject({ pairs: 6, raters: 6, minGroupSize: 5, minRaters: 3, suppressed: false });
    // Five employees of three leaders (one employee has no pre): two leaders are too few to show, whatever the number of employees.
    const employee = entry(doc, 'ledare-a', 'lead-forward', 'tydlighet', 'employee');
    expect(employee).toEqual({ ...pick(employee, [...COUNT_KEYS, 'minRaters']), pairs: 2, raters: 4, unmatchedPre: 0, unmatchedPost: 1, suppressed: true, suppressedReason: 'few-leaders' });
    expect(Object.keys(employee).sort()).toEqual([...COUNT_KEYS, 'minRaters', 'suppressedReason'].sort());
    const smallProgramme = entry(doc, 'ledare-b', 'ledarskapskunskap', 'kunskap', 'self');
    expect(Object.keys(smallProgramme).sort()).toEqual([...COUNT_KEYS, 'suppressedReason'].sort());
    expect(smallProgramme).toMatchObject({ pairs: 2, raters: 2, unmatchedPre: 1, minGroupSize: 5, suppressedReason: 'few-leaders' });
  });

  it('decides verdicts on Holm-adjusted p over every shown test of the year', () => {
    const tested = doc.change.filter((e) => !e.suppressed && !e.descriptiveOnly);
    expect(tested.length).toBe(5);
    for (const e of tested) {
      expect(e.pHolm).toBeGreaterThanOrEqual(e.p as number);
      expect(e.pHolm).toBeLessThanOrEqual(Math.min(1, tested.length * (e.p as number)) + 1e-15);
    }
    const manager = entry(doc, 'ledare-a', 'lead-forward', 'tydlighet', 'manager');
    // The manager's interval lies above zero but the change does not survive the adjustment for five tests.
    expect(manager.ci95?.[0]).toBeGreaterThan(0);
    expect(manager.pHolm).toBeGreaterThan(0.05);
    expect(manager.verdict).toBe('possible-improvement');
  });

  it('shows descriptive-only instruments as means and sds', () => {
    const team = entry(doc, 'ledare-a', 'team-pro-inventory', 'mal', 'self');
    expect(Object.keys(team).sort()).toEqual([...COUNT_KEYS, 'preMean', 'preSd', 'postMean', 'postSd', 'verdict'].sort());
    expect(team).not.toHaveProperty('pHolm');
    expect(team).toMatchObject({ preMean: 3.2, postMean: 3.5, verdict: 'descriptive' });
  });

  it('reports reactions overall and hides every programme whose figures could be worked out by difference', () => {
    const reaction = doc.reaction;
    expect(reaction).not.toBeNull();
    if (!reaction) return;
    expect(reaction).toMatchObject({ responses: 8, suppressed: false });
    expect(reaction.satisfaction.mean).toBe(7.625);
    expect(reaction.recommendation).toMatchObject({ npsScale: '0-10', nps: 25, promoterShare: 0.5, passiveShare: 0.25, detractorShare: 0.25, median: 8.5 });
    expect(reaction.recommendation.distribution?.map((d) => d.value)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    // Comments come only from programmes whose own figures are printed: both are hidden here.
    expect(reaction.comments).toEqual([]);
    // ledare-b (2) is below 5; ledare-a (6) is hidden too, or overall − ledare-a would reveal ledare-b's two ratings.
    expect(reaction.byProgram.map((g) => [g.program, g.responses, g.suppressed, g.suppressedReason])).toEqual([
      ['ledare-a', 6, true, 'complementary'],
      ['ledare-b', 2, true, 'few-responses'],
    ]);
    for (const group of reaction.byProgram) {
      expect(group.comments).toEqual([]);
      expect(Object.keys(group.satisfaction).sort()).toEqual(['n', 'scale', 'suppressed']);
      expect(Object.keys(group.recommendation).sort()).toEqual(['n', 'npsScale', 'scale', 'suppressed']);
    }
  });

  it('carries the Lacerenza et al. (2017) benchmarks with a caveat in both languages', () => {
    const expected = references.leadershipTrainingBenchmarks;
    expect(doc.benchmarks).toMatchObject({ reactions: expected.reactions, learning: expected.learning, transfer: expected.transfer, results: expected.results });
    expect(doc.benchmarks.source).toContain('Lacerenza');
    expect(doc.benchmarks.source).toContain('102(12)');
    expect(doc.benchmarks.caveat.sv).toMatch(/vägledande/);
    expect(doc.benchmarks.caveat.en).toMatch(/indicative/);
  });

  it('summarises the four Kirkpatrick levels, n counting the people behind each figure', () => {
    expect(doc.kirkpatrick.map((k) => [k.level, k.name, k.measured, k.instruments, k.n, k.unit])).toEqual([
      [1, 'reaction', true, [], 8, 'respondents'],
      // Only ledare-a's six leaders are behind the learning figure; ledare-b's test is suppressed.
      [2, 'learning', true, ['ledarskapskunskap'], 6, 'leaders'],
      [3, 'behaviour', true, ['full-range-leadership', 'lead-forward', 'team-pro-inventory'], 6, 'leaders'],
      [4, 'results', false, [], 0, 'leaders'],
    ]);
    expect(doc.kirkpatrick[0]?.keyFigure).toEqual({ kind: 'satisfaction-mean', value: 7.625, scaleMax: 10 });
    expect(doc.kirkpatrick[1]?.keyFigure).toMatchObject({ kind: 'median-gav', basis: 'self', entries: 1 });
    expectRelativelyClose(doc.kirkpatrick[1]?.keyFigure?.value, 1.3481972220624665, 1e-8);
    // Behaviour: the manager's ratings are preferred over the self-ratings; Team Pro (descriptive) never enters.
    expect(doc.kirkpatrick[2]?.keyFigure).toMatchObject({ kind: 'median-gav', basis: 'others', entries: 1 });
    expectRelativelyClose(doc.kirkpatrick[2]?.keyFigure?.value, entry(doc, 'ledare-a', 'lead-forward', 'tydlighet', 'manager').gav!, 1e-12);
    expect(doc.kirkpatrick[3]).not.toHaveProperty('keyFigure');
  });

  it('uses mean-diff as the key figure when a level has only descriptive instruments', () => {
    const onlyTeamPro = computeMetrics(metricsInput({ assessments: metricsInput().assessments.filter((a) => a.instrument === 'team-pro-inventory') }));
    const behaviour = onlyTeamPro.kirkpatrick[2];
    expect(behaviour?.keyFigure?.kind).toBe('mean-diff');
    expect(behaviour?.keyFigure?.value).toBeCloseTo(0.3, 12);
    expect(behaviour?.keyFigure?.scaleMax).toBe(5);
  });
});

describe('trend', () => {
  const lastYear = computeMetrics(metricsInput({ year: 2024, inputsHash: 'd'.repeat(64) }));
  const twoYearsAgo = computeMetrics(metricsInput({ year: 2023, reactions: metricsInput().reactions.slice(0, 4), assessments: [] }));

  it('has one point per earlier year plus this year, oldest first', () => {
    const later = computeMetrics(metricsInput({ year: 2026 }));
    const otherClient = { ...lastYear, client: 'annan-kommun', year: 2022 };
    const duplicate = { ...lastYear, inputsHash: '0'.repeat(64) };
    const doc = computeMetrics(metricsInput({ previousYears: [later, lastYear, otherClient, twoYearsAgo, duplicate] }));
    expect(doc.trend.map((p) => p.year)).toEqual([2023, 2024, 2025]);
    expect(doc.trend[1]).toEqual(doc.trend[2] && { ...doc.trend[2], year: 2024 });
  });

  it('never shows a figure for a suppressed year', () => {
    const doc = computeMetrics(metricsInput({ previousYears: [twoYearsAgo] }));
    expect(doc.trend[0]).toEqual({ year: 2023, responses: 4, leadersMeasured: 0 });
  });

  it('re-applies today’s minimum to stored years', () => {
    const stricter = metricsInput({ settings: { ...metricsInput().settings, minGroupSize: 10, minRaterGroupSize: 10 }, previousYears: [lastYear] });
    const doc = computeMetrics(stricter);
    expect(doc.trend[0]).not.toHaveProperty('satisfactionMean');
    expect(doc.trendChanges).toEqual([]);
  });

  it('compares like with like: one line per programme, instrument, dimension and rater group measured in both years', () => {
    const doc = computeMetrics(metricsInput({ previousYears: [lastYear, twoYearsAgo] }));
    const keys = doc.trendChanges.map((c) => [c.program, c.instrument, c.dimension, c.rater].join('/'));
    expect(keys).toEqual([
      'ledare-a/full-range-leadership/individuell-omtanke/self',
      'ledare-a/full-range-leadership/passivt-ledarskap/self',
      'ledare-a/lead-forward/tydlighet/self',
      'ledare-a/lead-forward/tydlighet/manager',
      'ledare-a/ledarskapskunskap/kunskap/self',
    ]);
    for (const line of doc.trendChanges) {
      expect(line.points.map((p) => p.year)).toEqual([2024, 2025]);
      expect(line.points.every((p) => p.pairs === 6 && p.gavCi95[0] < p.gav && p.gav < p.gavCi95[1])).toBe(true);
    }
  });
});

describe('refusals', () => {
  it('names an instrument missing from the definitions', () => {
    expect(() => computeMetrics(metricsInput({ instruments: [] }))).toThrow(/not among the given instruments/);
  });

  it('returns no reaction block without reactions', () => {
    expect(computeMetrics(metricsInput({ reactions: [] })).reaction).toBeNull();
  });
});

function pick<T extends object>(object: T, keys: readonly string[]): Partial<T> {
  return Object.fromEntries(Object.entries(object).filter(([key]) => keys.includes(key))) as Partial<T>;
}
