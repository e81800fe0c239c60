/** Paired (before/after) comparison: Student's paired t-test on post − pre. */
import { mean, pearson, sampleSd } from './descriptive.ts';
import { studentTQuantile, studentTTwoSidedP } from './distributions.ts';

export interface PairedComparison {
  n: number;
  preMean: number;
  preSd: number;
  postMean: number;
  postSd: number;
  /** post − pre */
  meanDiff: number;
  sdDiff: number;
  df: number;
  /** meanDiff ± t(0.975, df) · sdDiff/√n */
  ci95: [number, number];
  /** Absent when every difference is identical (sdDiff = 0): t would be infinite or undefined. */
  t?: number;
  p?: number;
  /** Absent when pre or post has no variance. */
  r?: number;
}

/** `pre[i]` and `post[i]` belong to the same respondent. Needs at least two pairs. */
export function comparePaired(pre: readonly number[], post: readonly number[]): PairedComparison {
  if (pre.length !== post.length) throw new RangeError('pre and post must be paired');
  const n = pre.length;
  if (n < 2) throw new RangeError('a paired comparison needs at least two pairs');
  const diffs = post.map((value, i) => value - (pre[i] as number));
  const meanDiff = mean(diffs);
  const sdDiff = sampleSd(diffs);
  const df = n - 1;
  const standardError = sdDiff / Math.sqrt(n);
  const halfWidth = studentTQuantile(0.975, df) * standardError;
  const result: PairedComparison = {
    n,
    preMean: mean(pre),
    preSd: sampleSd(pre),
    postMean: mean(post),
    postSd: sampleSd(post),
    meanDiff,
    sdDiff,
    df,
    ci95: [meanDiff - halfWidth, meanDiff + halfWidth],
  };
  if (standardError > 0) {
    result.t = meanDiff / standardError;
    result.p = studentTTwoSidedP(result.t, df);
  }
  const r = pearson(pre, post);
  if (r !== undefined) result.r = r;
  return result;
}
