/**
 * Internal consistency of a scale from its items: Cronbach's alpha (Cronbach 1951) with the
 * F-based confidence interval of Feldt (1965; Feldt, Woodruff & Salih 1987), as R's psych::alpha
 * reports the "Feldt" bounds and pingouin's cronbach_alpha computes them.
 */
import { sampleVariance } from './descriptive.ts';
import { fQuantile } from './distributions.ts';

export interface AlphaResult {
  alpha: number;
  /** Feldt's 95 % interval; absent when alpha is undefined or 1. */
  ci95?: [number, number];
  /** Respondents (complete cases). */
  n: number;
  /** Items. */
  items: number;
}

/**
 * `responses[i][j]` is respondent i's answer to item j, every respondent answering every item (complete
 * cases, already reverse-keyed). Alpha = k/(k − 1) · (1 − Σ s²_item / s²_total), sample variances.
 * Undefined with fewer than two items, fewer than two respondents, or no variance in the total.
 */
export function cronbachAlpha(responses: readonly (readonly number[])[], level = 0.95): AlphaResult | undefined {
  const n = responses.length;
  const k = responses[0]?.length ?? 0;
  if (n < 2 || k < 2) return undefined;
  const totals = responses.map((answers) => answers.reduce((a, b) => a + b, 0));
  const totalVariance = sampleVariance(totals);
  if (!(totalVariance > 0)) return undefined;
  let itemVariances = 0;
  for (let j = 0; j < k; j++) itemVariances += sampleVariance(responses.map((answers) => answers[j] as number));
  const alpha = (k / (k - 1)) * (1 - itemVariances / totalVariance);
  const result: AlphaResult = { alpha, n, items: k };
  if (alpha < 1) {
    // (1 − α̂)/(1 − α) follows F(n − 1, (n − 1)(k − 1)) under normality (Feldt 1965).
    const df1 = n - 1;
    const df2 = (n - 1) * (k - 1);
    const tail = (1 - level) / 2;
    result.ci95 = [1 - (1 - alpha) * fQuantile(1 - tail, df1, df2), 1 - (1 - alpha) * fQuantile(tail, df1, df2)];
  }
  return result;
}
