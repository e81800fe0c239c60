/** The headline figures of one year, shared by the trend and the Kirkpatrick summary. */
import type { ChangeEntry, InstrumentSummary, MetricsDocument, TrendPoint } from '../model/index.ts';
import type { GroupThresholds } from './thresholds.ts';

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

/**
 * Entries that may show a figure under the given thresholds (re-checked, so a raised minimum also hides
 * old figures): enough leaders, and for rater groups other than self enough raters.
 */
export function isShowable(entry: ChangeEntry, thresholds: Pick<GroupThresholds, 'minGroupSize' | 'minRaterGroupSize'>): boolean {
  if (entry.suppressed || entry.pairs < thresholds.minGroupSize) return false;
  return entry.rater === 'self' || entry.raters >= thresholds.minRaterGroupSize;
}

/** Shown entries that carry a test and an effect size (never a descriptive-only instrument). */
export function isTested(entry: ChangeEntry, thresholds: Pick<GroupThresholds, 'minGroupSize' | 'minRaterGroupSize'>): boolean {
  return isShowable(entry, thresholds) && !entry.descriptiveOnly && entry.gav !== undefined && Number.isFinite(entry.gav);
}

type TrendSource = Pick<MetricsDocument, 'year' | 'reaction' | 'leadersMeasured'>;

/**
 * A year's trend point from its own document. Figures are re-gated with the current thresholds,
 * so no figure is shown for a group that would be suppressed today.
 */
export function trendPointOf(doc: TrendSource, thresholds: Pick<GroupThresholds, 'minGroupSize'>): TrendPoint {
  const point: TrendPoint = { year: doc.year, responses: doc.reaction?.responses ?? 0, leadersMeasured: doc.leadersMeasured };
  const reaction = doc.reaction;
  if (reaction && !reaction.suppressed && reaction.responses >= thresholds.minGroupSize) {
    const { satisfaction, usefulness, recommendation } = reaction;
    if (satisfaction.mean !== undefined) point.satisfactionMean = satisfaction.mean;
    if (satisfaction.ci95) point.satisfactionCi95 = [...satisfaction.ci95];
    if (usefulness.mean !== undefined) point.usefulnessMean = usefulness.mean;
    if (usefulness.ci95) point.usefulnessCi95 = [...usefulness.ci95];
    if (recommendation.mean !== undefined) point.recommendationMean = recommendation.mean;
    if (recommendation.ci95) point.recommendationCi95 = [...recommendation.ci95];
    if (recommendation.nps !== undefined) point.nps = recommendation.nps;
    if (recommendation.npsCi95) point.npsCi95 = [...recommendation.npsCi95];
  }
  return point;
}
