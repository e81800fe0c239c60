/** Level-1 rating statistics: scale descriptives, top-two-box and Net Promoter Score (Reichheld 2003). */
import { mean, meanIntervalOf, median, sampleSd } from './descriptive.ts';
import { npsInterval, wilsonInterval } from './intervals.ts';

export interface Scale {
  min: number;
  max: number;
}

export interface RatingFigures {
  mean: number;
  sd: number;
  ci95: [number, number];
  median: number;
  /** Share (0–1) scoring in the top two points of the scale. */
  topTwoBoxShare: number;
  /** Wilson score 95 % interval of the share. */
  topTwoBoxCi95: [number, number];
  distribution: { value: number; count: number }[];
}

/** Needs at least two ratings (sd). Integer scale points from min to max are all listed, zeros included. */
export function ratingFigures(values: readonly number[], scale: Scale): RatingFigures {
  // One pass over the values counts every scale point.
  const counts = new Map<number, number>();
  for (let value = scale.min; value <= scale.max; value += 1) counts.set(value, 0);
  let topTwo = 0;
  for (const v of values) {
    const count = counts.get(v);
    if (count !== undefined) counts.set(v, count + 1);
    if (v >= scale.max - 1) topTwo++;
  }
  const distribution = [...counts].map(([value, count]) => ({ value, count }));
  const centre = mean(values);
  const sd = sampleSd(values);
  return {
    mean: centre,
    sd,
    ci95: meanIntervalOf(centre, sd, values.length),
    median: median(values),
    topTwoBoxShare: topTwo / values.length,
    topTwoBoxCi95: wilsonInterval(topTwo, values.length),
    distribution,
  };
}

export interface NpsFigures {
  /** % promoters (9–10) − % detractors (0–6), −100…100. */
  nps: number;
  /** 95 % interval of the NPS (see npsInterval). */
  npsCi95: [number, number];
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
    npsCi95: npsInterval(promoters, detractors, n),
    promoterShare: promoters / n,
    passiveShare: (n - promoters - detractors) / n,
    detractorShare: detractors / n,
  };
}
