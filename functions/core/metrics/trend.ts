import type { MetricsDocument, TrendPoint } from '../model/index.ts';
import { compareText } from './order.ts';
import { trendPointOf } from './headline.ts';
import type { GroupThresholds } from './thresholds.ts';

type CurrentYear = Pick<MetricsDocument, 'client' | 'year' | 'reaction' | 'change' | 'instruments'>;

/**
 * One point per earlier year (same client, earlier than this year; when a year is stored twice the
 * document with the greatest inputsHash wins, an arbitrary but deterministic choice) plus this year, oldest first.
 */
export function buildTrend(current: CurrentYear, previousYears: readonly MetricsDocument[], thresholds: GroupThresholds): TrendPoint[] {
  const byYear = new Map<number, MetricsDocument>();
  for (const doc of previousYears) {
    if (doc.client !== current.client || !(doc.year < current.year)) continue;
    const kept = byYear.get(doc.year);
    if (!kept || compareText(doc.inputsHash, kept.inputsHash) > 0) byYear.set(doc.year, doc);
  }
  return [...byYear.values(), current].sort((a, b) => a.year - b.year).map((doc) => trendPointOf(doc, thresholds));
}
