/** Level-1 rating statistics: scale descriptives, top-two-box and Net Promoter Score (Reichheld 2003). */
import { mean, meanConfidenceInterval, median, sampleSd } from './descriptive.ts';

export interface Scale {
  min: number;
  max: number;
}

export interface RatingFigures {
  mean: number;
  sd: number;
  ci95: [number, number];
  median: number;
  /** Share (0–1) scoring 9 or 10. */
  topTwoBoxShare: number;
  distribution: { value: number; count: number }[];
}

/** Needs at least two ratings (sd). Integer scale points from min to max are all listed, zeros included. */
export function ratingFigures(values: readonly number[], scale: Scale): RatingFigures {
  const distribution: { value: number; count: number }[] = [];
  for (let value = scale.min; value <= scale.max; value += 1) {
    distribution.push({ value, count: values.filter((v) => v === value).length });
  }
  return {
    mean: mean(values),
    sd: sampleSd(values),
    ci95: meanConfidenceInterval(values),
    median: median(values),
    topTwoBoxShare: values.filter((v) => v >= 9).length / values.length,
    distribution,
  };
}

export interface NpsFigures {
  /** % promoters (9–10) − % detractors (0–6), −100…100. */
  nps: number;
  promoterShare: number;
  passiveShare: number;
  detractorShare: number;
}

export function npsFigures(recommendations: readonly number[]): NpsFigures {
  if (recommendations.length === 0) throw new RangeError('NPS of no ratings');
  const n = recommendations.length;
  const promoters = recommendations.filter((v) => v >= 9).length;
  const detractors = recommendations.filter((v) => v <= 6).length;
  return {
    nps: (100 * (promoters - detractors)) / n,
    promoterShare: promoters / n,
    passiveShare: (n - promoters - detractors) / n,
    detractorShare: detractors / n,
  };
}
