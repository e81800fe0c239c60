import type { Verdict } from '../model/index.ts';

/** g_av at or above this (in the improving direction) is a "clear" change: Cohen's conventional medium effect. */
export const CLEAR_EFFECT = 0.5;
/** Family-wise error rate for the Holm-adjusted tests of one client-year. */
export const ALPHA = 0.05;

/**
 * Plain-language verdict, decided on unrounded figures and oriented so that "improvement" respects
 * lowerIsBetter dimensions:
 * - the 95 % interval of post − pre lies wholly on one side of zero and the Holm-adjusted p is below α:
 *   "improvement" / "decline", and "clear" when g_av is at least 0.5 in that direction;
 * - the interval excludes zero but the change does not survive the adjustment for the number of tests:
 *   "possible improvement" / "possible decline" (the printed interval still lies on one side, so the
 *   verdict never contradicts it);
 * - otherwise "no certain change".
 */
export function verdictFor(input: { ci95: [number, number]; gav: number | undefined; lowerIsBetter: boolean; pHolm: number }): Verdict {
  const sign = input.lowerIsBetter ? -1 : 1;
  const low = Math.min(sign * input.ci95[0], sign * input.ci95[1]);
  const high = Math.max(sign * input.ci95[0], sign * input.ci95[1]);
  const improvingGav = input.gav === undefined ? undefined : sign * input.gav;
  const survives = input.pHolm < ALPHA;
  if (low > 0) {
    if (!survives) return 'possible-improvement';
    return improvingGav !== undefined && improvingGav >= CLEAR_EFFECT ? 'clear-improvement' : 'improvement';
  }
  if (high < 0) {
    if (!survives) return 'possible-decline';
    return improvingGav !== undefined && improvingGav <= -CLEAR_EFFECT ? 'clear-decline' : 'decline';
  }
  return 'no-certain-change';
}
