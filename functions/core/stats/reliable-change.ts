/**
 * Reliable change index, Jacobson & Truax (1991):
 *   RCI = (post − pre) / S_diff,  S_diff = √2 · SE,  SE = sd_pre · √(1 − reliability).
 * |RCI| > 1.96 counts as reliable change.
 */
export const RELIABLE_CHANGE_CRITICAL = 1.96;

export interface ReliableChangeShares {
  reliablyImproved: number;
  reliablyUnchanged: number;
  reliablyWorse: number;
}

export function reliableChangeIndex(pre: number, post: number, preSd: number, reliability: number): number {
  const standardErrorOfDifference = Math.sqrt(2) * preSd * Math.sqrt(1 - reliability);
  return (post - pre) / standardErrorOfDifference;
}

/** Shares (0–1) of pairs that reliably improved, did not change reliably, or reliably worsened. Undefined when sd_pre is 0. */
export function reliableChangeShares(
  pre: readonly number[],
  post: readonly number[],
  preSd: number,
  reliability: number,
  lowerIsBetter: boolean,
): ReliableChangeShares | undefined {
  if (pre.length !== post.length || pre.length === 0) throw new RangeError('reliable change needs paired, non-empty scores');
  if (!(reliability > 0 && reliability < 1)) throw new RangeError(`reliability must be in (0, 1), got ${reliability}`);
  if (!(preSd > 0)) return undefined;
  let improved = 0;
  let worse = 0;
  pre.forEach((before, i) => {
    const rci = reliableChangeIndex(before, post[i] as number, preSd, reliability);
    const better = lowerIsBetter ? -rci : rci;
    if (better > RELIABLE_CHANGE_CRITICAL) improved += 1;
    else if (better < -RELIABLE_CHANGE_CRITICAL) worse += 1;
  });
  const n = pre.length;
  return { reliablyImproved: improved / n, reliablyUnchanged: (n - improved - worse) / n, reliablyWorse: worse / n };
}
