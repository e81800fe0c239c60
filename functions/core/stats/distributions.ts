/**
 * Typed access to the few distribution functions the statistics need, backed by jStat.
 * Accuracy checked against SciPy/R in test/unit/stats/distributions.test.ts (relative error < 1e-7).
 */
import jStat from 'jstat';

/** Student t quantile: the value q with P(T ≤ q) = probability. */
export function studentTQuantile(probability: number, df: number): number {
  assertDf(df);
  if (!(probability > 0 && probability < 1)) throw new RangeError(`probability must be in (0, 1), got ${probability}`);
  return jStat.studentt.inv(probability, df);
}

/** P(T ≤ t) for Student's t with df degrees of freedom. */
export function studentTCdf(t: number, df: number): number {
  assertDf(df);
  return jStat.studentt.cdf(t, df);
}

/**
 * Two-sided p-value P(|T| ≥ |t|). Computed as I_{df/(df+t²)}(df/2, 1/2), which keeps full
 * relative precision in the far tail where 1 − cdf would cancel.
 */
export function studentTTwoSidedP(t: number, df: number): number {
  assertDf(df);
  if (Number.isNaN(t)) return Number.NaN;
  if (!Number.isFinite(t)) return 0;
  return Math.min(1, jStat.ibeta(df / (df + t * t), df / 2, 0.5));
}

/** F distribution quantile: the value q with P(F ≤ q) = probability, for df1 and df2 degrees of freedom. */
export function fQuantile(probability: number, df1: number, df2: number): number {
  assertDf(df1);
  assertDf(df2);
  if (!(probability > 0 && probability < 1)) throw new RangeError(`probability must be in (0, 1), got ${probability}`);
  return jStat.centralF.inv(probability, df1, df2);
}

/** Standard normal quantile. */
export function normalQuantile(probability: number): number {
  if (!(probability > 0 && probability < 1)) throw new RangeError(`probability must be in (0, 1), got ${probability}`);
  return jStat.normal.inv(probability, 0, 1);
}

/** Standard normal CDF. */
export function normalCdf(x: number): number {
  return jStat.normal.cdf(x, 0, 1);
}

/** ln Γ(x) for x > 0. */
export function logGamma(x: number): number {
  if (!(x > 0)) throw new RangeError(`logGamma needs x > 0, got ${x}`);
  return jStat.gammaln(x);
}

function assertDf(df: number): void {
  if (!(df > 0)) throw new RangeError(`degrees of freedom must be positive, got ${df}`);
}
