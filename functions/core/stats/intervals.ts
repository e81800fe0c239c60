/** Confidence intervals for shares and for the Net Promoter Score. */
import { normalQuantile } from './distributions.ts';

/**
 * Wilson score interval for a binomial proportion (Wilson 1927; recommended over the Wald interval by
 * Brown, Cai & DasGupta 2001, Statistical Science 16(2), 101–133): good coverage at small n and near 0 or 1.
 */
export function wilsonInterval(successes: number, n: number, level = 0.95): [number, number] {
  if (!(n > 0)) throw new RangeError('a Wilson interval needs n > 0');
  if (successes < 0 || successes > n) throw new RangeError('successes must lie in 0..n');
  const z = normalQuantile(1 - (1 - level) / 2);
  const p = successes / n;
  const z2n = (z * z) / n;
  const centre = (p + z2n / 2) / (1 + z2n);
  const halfWidth = (z / (1 + z2n)) * Math.sqrt((p * (1 - p)) / n + z2n / (4 * n));
  return [Math.max(0, centre - halfWidth), Math.min(1, centre + halfWidth)];
}

/**
 * 95 % interval of the NPS (percent promoters − percent detractors), from the trinomial variance of the
 * difference of two shares of one sample: Var(p₊ − p₋) = (p₊ + p₋ − (p₊ − p₋)²) / n. Computed on the
 * adjusted counts of Rocks (2016, The American Statistician 70(4), 365–372): ¾ added to promoters
 * and to detractors and 3 to n, which keeps the interval from collapsing when everyone answered alike.
 * Clamped to −100…100.
 */
export function npsInterval(promoters: number, detractors: number, n: number, level = 0.95): [number, number] {
  if (!(n > 0)) throw new RangeError('an NPS interval needs n > 0');
  const z = normalQuantile(1 - (1 - level) / 2);
  const adjustedN = n + 3;
  const pPlus = (promoters + 0.75) / adjustedN;
  const pMinus = (detractors + 0.75) / adjustedN;
  const nps = pPlus - pMinus;
  const variance = (pPlus + pMinus - nps * nps) / adjustedN;
  const halfWidth = z * Math.sqrt(variance);
  return [Math.max(-100, 100 * (nps - halfWidth)), Math.min(100, 100 * (nps + halfWidth))];
}
