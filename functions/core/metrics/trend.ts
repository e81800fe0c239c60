import type { ChangeEntry, MetricsDocument, TrendChange, TrendPoint } from '../model/index.ts';
import { isTested, trendPointOf } from './headline.ts';
import { compareText } from './order.ts';
import type { GroupThresholds } from './thresholds.ts';

type CurrentYear = Pick<MetricsDocument, 'client' | 'year' | 'reaction' | 'change' | 'leadersMeasured'>;
type YearSource = Pick<MetricsDocument, 'year' | 'reaction' | 'change' | 'leadersMeasured'>;

/**
 * The years to compare: one document per earlier year of the same client (when a year is stored twice the
 * document with the greatest inputsHash wins, an arbitrary but deterministic choice) plus this year, oldest first.
 */
function yearsOf(current: CurrentYear, previousYears: readonly MetricsDocument[]): YearSource[] {
  const byYear = new Map<number, MetricsDocument>();
  for (const doc of previousYears) {
    if (doc.client !== current.client || !(doc.year < current.year)) continue;
    const kept = byYear.get(doc.year);
    if (!kept || compareText(doc.inputsHash, kept.inputsHash) > 0) byYear.set(doc.year, doc);
  }
  return [...byYear.values(), current].sort((a, b) => a.year - b.year);
}

export function buildTrend(current: CurrentYear, previousYears: readonly MetricsDocument[], thresholds: GroupThresholds): TrendPoint[] {
  return yearsOf(current, previousYears).map((doc) => trendPointOf(doc, thresholds));
}

/**
 * Like for like: each programme, instrument, dimension and rater group with a tested figure this year and
 * in at least one earlier year. A median over whatever each year happened to measure would move with the
 * mix of instruments and rater groups rather than with the leaders.
 */
export function buildTrendChanges(current: CurrentYear, previousYears: readonly MetricsDocument[], thresholds: GroupThresholds): TrendChange[] {
  const years = yearsOf(current, previousYears);
  const keyOf = (e: ChangeEntry) => JSON.stringify([e.program, e.instrument, e.dimension, e.rater]);
  const series = new Map<string, TrendChange>();
  for (const entry of current.change) {
    if (!isTested(entry, thresholds)) continue;
    series.set(keyOf(entry), { program: entry.program, instrument: entry.instrument, dimension: entry.dimension, rater: entry.rater, points: [] });
  }
  for (const doc of years) {
    for (const entry of doc.change) {
      const line = series.get(keyOf(entry));
      if (!line || !isTested(entry, thresholds) || entry.gavCi95 === undefined) continue;
      line.points.push({ year: doc.year, pairs: entry.pairs, gav: entry.gav as number, gavCi95: [...entry.gavCi95] });
    }
  }
  return [...series.values()].filter((line) => line.points.length >= 2);
}
