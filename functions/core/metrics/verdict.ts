import type { Verdict } from '../model/index.ts';

/** |g_av| at or above this is a "clear" change: Cohen's conventional medium effect. */
export const CLEAR_EFFECT = 0.5;

/**
 * Plain-language verdict from the 95% CI of post − pre and g_av, oriented so that "improvement"
 * respects lowerIsBetter dimensions.
 */
export function verdictFor(input: { ci95: [number, number]; gav: number | undefined; lowerIsBetter: boolean }): Verdict {
  const sign = input.lowerIsBetter ? -1 : 1;
  const low = Math.min(sign * input.ci95[0], sign * input.ci95[1]);
  const high = Math.max(sign * input.ci95[0], sign * input.ci95[1]);
  const clear = input.gav !== undefined && Math.abs(input.gav) >= CLEAR_EFFECT;
  if (low > 0) return clear ? 'clear-improvement' : 'improvement';
  if (high < 0) return clear ? 'clear-decline' : 'decline';
  return 'no-certain-change';
}
