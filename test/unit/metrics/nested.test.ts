/**
 * Raters nested in leaders: figures computed across leader means, checked against SciPy
 * (test/fixtures/metrics/nested-360.py computed the expected values; see its docstring).
 */
import { describe, expect, it } from 'vitest';
import { computeMetrics } from '../../../functions/core/metrics/index.ts';
import type { AssessmentRow, ChangeEntry, Rater } from '../../../functions/core/model/index.ts';
import { npsInterval, wilsonInterval } from '../../../functions/core/stats/intervals.ts';
import reference from '../../fixtures/metrics/nested-360.json' with { type: 'json' };
import { expectRelativelyClose } from '../stats/reference.ts';
import { leadForward, metricsInput } from './fixtures.ts';

const rows: AssessmentRow[] = reference.rows.flatMap((r) => {
  const base = { respondent: r.respondent, leader: r.leader, program: 'ledarprogram', instrument: 'lead-forward', rater: r.rater as Rater, dimension: 'tydlighet' };
  return [
    ...(r.pre === null ? [] : [{ ...base, wave: 'pre' as const, date: '2025-01-20', score: r.pre }]),
    ...(r.post === null ? [] : [{ ...base, wave: 'post' as const, date: '2025-11-10', score: r.post }]),
  ];
});

const doc = computeMetrics(metricsInput({ assessments: rows, reactions: [], instruments: [leadForward] }));
const byRater = (rater: Rater): ChangeEntry => {
  const found = doc.change.find((e) => e.rater === rater);
  if (!found) throw new Error(`no ${rater} entry`);
  return found;
};

describe('leader-level paired statistics against SciPy', () => {
  for (const [rater, expected] of Object.entries(reference.groups)) {
    it(`${rater}: counts leaders, raters and one-wave raters`, () => {
      const entry = byRater(rater as Rater);
      expect(entry).toMatchObject({ pairs: expected.leaders, raters: expected.raters, unmatchedPre: expected.unmatchedPre, unmatchedPost: expected.unmatchedPost, suppressed: false });
    });
    it(`${rater}: mean difference, interval, t, p, Holm, r, d and g agree to 1e-6 (relative)`, () => {
      const entry = byRater(rater as Rater);
      expect(entry.df).toBe(expected.df);
      for (const key of ['preMean', 'postMean', 'preSd', 'postSd', 'meanDiff', 'sdDiff', 't', 'p', 'pHolm', 'r', 'dz', 'dav', 'gav'] as const) {
        expectRelativelyClose(entry[key], expected[key], 1e-6);
      }
      expectRelativelyClose(entry.ci95?.[0], expected.ci95[0] as number, 1e-6);
      expectRelativelyClose(entry.ci95?.[1], expected.ci95[1] as number, 1e-6);
      expectRelativelyClose(entry.gavCi95?.[0], expected.gavCi95[0] as number, 1e-6);
      expectRelativelyClose(entry.gavCi95?.[1], expected.gavCi95[1] as number, 1e-6);
    });
  }

  it('treats the employees as 7 leaders, not 19 independent pairs', () => {
    const employee = byRater('employee');
    expect(employee.pairs).toBeLessThan(employee.raters);
    expect(employee.df).toBe(employee.pairs - 1);
  });

  it('counts the leaders measured once, whatever the number of rater groups', () => {
    expect(doc.leadersMeasured).toBe(7);
    expect(doc.unmatchedRaters).toBe(reference.groups.employee.unmatchedPre + reference.groups.employee.unmatchedPost);
  });
});

describe('intervals of shares against SciPy', () => {
  it('Wilson interval of a top-two-box share', () => {
    const [low, high] = wilsonInterval(reference.wilson.successes, reference.wilson.n);
    expectRelativelyClose(low, reference.wilson.ci95[0] as number, 1e-9);
    expectRelativelyClose(high, reference.wilson.ci95[1] as number, 1e-9);
  });
  it('NPS interval from the trinomial variance (adjusted Wald)', () => {
    const [low, high] = npsInterval(reference.nps.promoters, reference.nps.detractors, reference.nps.n);
    expectRelativelyClose(low, reference.nps.ci95[0] as number, 1e-9);
    expectRelativelyClose(high, reference.nps.ci95[1] as number, 1e-9);
  });
});
