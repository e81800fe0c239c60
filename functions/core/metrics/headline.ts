/** The headline figures of one year, shared by the trend and the Kirkpatrick summary. */
import type { ChangeEntry, InstrumentSummary, MetricsDocument, TrendPoint } from '../model/index.ts';
import { median, sum } from '../stats/descriptive.ts';
import { minimumFor, type GroupThresholds } from './thresholds.ts';

/**
 * g_av oriented so that positive means improvement (sign flipped for lowerIsBetter dimensions):
 * a median over dimensions would otherwise mix "passive leadership went down" with declines.
 */
export function improvementGav(entry: ChangeEntry, instruments: readonly InstrumentSummary[]): number | undefined {
  if (entry.gav === undefined) return undefined;
  return isLowerBetter(entry, instruments) ? -entry.gav : entry.gav;
}

export function isLowerBetter(entry: ChangeEntry, instruments: readonly InstrumentSummary[]): boolean {
  const instrument = instruments.find((i) => i.id === entry.instrument);
  return instrument?.dimensions.find((d) => d.id === entry.dimension)?.lowerIsBetter === true;
}

/** Entries that may show a figure under the given thresholds (re-checked, so a raised minimum also hides old figures). */
export function isShowable(entry: ChangeEntry, thresholds: GroupThresholds): boolean {
  return !entry.suppressed && entry.pairs >= minimumFor(entry.rater, thresholds);
}

export function medianImprovementGav(entries: readonly ChangeEntry[], instruments: readonly InstrumentSummary[], thresholds: GroupThresholds): number | undefined {
  const values = entries
    .filter((e) => isShowable(e, thresholds) && !e.descriptiveOnly)
    .map((e) => improvementGav(e, instruments))
    .filter((g): g is number => g !== undefined && Number.isFinite(g));
  return values.length > 0 ? median(values) : undefined;
}

type TrendSource = Pick<MetricsDocument, 'year' | 'reaction' | 'change' | 'instruments'>;

/**
 * A year's trend point from its own document. Figures are re-gated with the current thresholds,
 * so no figure is shown for a group that would be suppressed today.
 */
export function trendPointOf(doc: TrendSource, thresholds: GroupThresholds): TrendPoint {
  const figures: Omit<TrendPoint, 'year' | 'responses' | 'pairs'> = {};
  const reaction = doc.reaction;
  if (reaction && !reaction.suppressed && reaction.responses >= thresholds.minGroupSize) {
    if (reaction.satisfaction.mean !== undefined) figures.satisfactionMean = reaction.satisfaction.mean;
    if (reaction.usefulness.mean !== undefined) figures.usefulnessMean = reaction.usefulness.mean;
    if (reaction.recommendation.mean !== undefined) figures.recommendationMean = reaction.recommendation.mean;
    if (reaction.recommendation.nps !== undefined) figures.nps = reaction.recommendation.nps;
  }
  const medianGav = medianImprovementGav(doc.change, doc.instruments, thresholds);
  if (medianGav !== undefined) figures.medianGav = medianGav;
  return {
    year: doc.year,
    responses: doc.reaction?.responses ?? 0,
    ...figures,
    // Total matched before/after pairs behind the year's change entries: a count, never suppressed.
    pairs: sum(doc.change.map((e) => e.pairs)),
  };
}
