/**
 * Standardised mean differences for paired designs (Lakens 2013) with Hedges' exact small-sample
 * correction (Hedges & Olkin 1985) and a Bonett (2008) confidence interval.
 */
import { logGamma, normalQuantile } from './distributions.ts';

/** Hedges' exact bias correction J(df) = Γ(df/2) / (√(df/2) · Γ((df − 1)/2)), via log-gamma to avoid overflow. */
export function hedgesJ(df: number): number {
  if (!(df > 1)) throw new RangeError(`Hedges' J needs df > 1, got ${df}`);
  return Math.exp(logGamma(df / 2) - logGamma((df - 1) / 2)) / Math.sqrt(df / 2);
}

/** d_z = meanDiff / sdDiff; undefined when the differences have no variance. */
export function cohensDz(meanDiff: number, sdDiff: number): number | undefined {
  return sdDiff > 0 ? meanDiff / sdDiff : undefined;
}

/** d_av = meanDiff / ((preSd + postSd) / 2); undefined when both occasions have no variance. */
export function cohensDav(meanDiff: number, preSd: number, postSd: number): number | undefined {
  const averageSd = (preSd + postSd) / 2;
  return averageSd > 0 ? meanDiff / averageSd : undefined;
}

export type Standardizer = 'average-sd' | 'root-mean-square-sd';

export interface StandardizedDiffSeInput {
  /** The standardised difference the SE is for (uncorrected). */
  d: number;
  sd1: number;
  sd2: number;
  /** Correlation between the occasions (0 may be passed when an sd is 0: its term vanishes). */
  r: number;
  n: number;
  standardizer: Standardizer;
}

/**
 * Large-sample standard error of a paired standardised mean difference, Bonett (2008, Psychol. Methods 13(2), 99–109):
 *   SE² = d² · Var(S)/S² + s_D² / ((n − 1) · S²)
 * with s_D² = sd1² + sd2² − 2·r·sd1·sd2. For S = √((sd1² + sd2²)/2) (Bonett's standardiser)
 *   Var(S)/S² = (sd1⁴ + sd2⁴ + 2r²sd1²sd2²) / (8(n − 1)S⁴);
 * for S = (sd1 + sd2)/2 (Lakens' d_av) the delta method gives
 *   Var(S)/S² = (sd1² + sd2² + 2r²·sd1·sd2) / (8(n − 1)S²),
 * identical to Bonett's when sd1 = sd2.
 */
export function standardizedDiffSe({ d, sd1, sd2, r, n, standardizer }: StandardizedDiffSeInput): number {
  const df = n - 1;
  const v1 = sd1 * sd1;
  const v2 = sd2 * sd2;
  const varianceOfDiff = v1 + v2 - 2 * r * sd1 * sd2;
  if (standardizer === 'root-mean-square-sd') {
    const s2 = (v1 + v2) / 2;
    return Math.sqrt((d * d * (v1 * v1 + v2 * v2 + 2 * r * r * v1 * v2)) / (8 * df * s2 * s2) + varianceOfDiff / (df * s2));
  }
  const s = (sd1 + sd2) / 2;
  const s2 = s * s;
  return Math.sqrt((d * d * (v1 + v2 + 2 * r * r * sd1 * sd2)) / (8 * df * s2) + varianceOfDiff / (df * s2));
}

export interface AverageSdEffect {
  dav: number;
  /** d_av × J(n − 1) */
  gav: number;
  /** J(n − 1) × (d_av ± z₀.₉₇₅ · SE_Bonett(d_av)) */
  gavCi95: [number, number];
}

/** g_av with its CI; undefined when pre and post both have no variance. */
export function averageSdEffect(input: { meanDiff: number; preSd: number; postSd: number; r: number | undefined; n: number }): AverageSdEffect | undefined {
  const dav = cohensDav(input.meanDiff, input.preSd, input.postSd);
  if (dav === undefined) return undefined;
  const j = hedgesJ(input.n - 1);
  const se = standardizedDiffSe({ d: dav, sd1: input.preSd, sd2: input.postSd, r: input.r ?? 0, n: input.n, standardizer: 'average-sd' });
  const halfWidth = normalQuantile(0.975) * se;
  return { dav, gav: dav * j, gavCi95: [j * (dav - halfWidth), j * (dav + halfWidth)] };
}
