/**
 * Reads figures out of the metrics document. Suppressed objects yield nothing here even if a figure
 * were present by mistake: this is the one place sections get numbers from.
 */
import type { ChangeEntry, RatingStats, ReactionGroup, ReactionMetrics, RecommendationStats } from '../model/index.ts';
import { studentTQuantile } from '../stats/distributions.ts';
import type { ReportContext } from './context.ts';

export const QUESTIONS = ['satisfaction', 'usefulness', 'recommendation'] as const;
export type Question = (typeof QUESTIONS)[number];

/** A reaction group whose figures may be shown, or null. */
export function showableReaction<T extends ReactionGroup>(group: T | null | undefined): T | null {
  return group && !group.suppressed ? group : null;
}

export function showableRating<T extends RatingStats>(stats: T): T | null {
  return stats.suppressed || stats.mean === undefined ? null : stats;
}

export function showableRecommendation(group: ReactionGroup): RecommendationStats | null {
  return showableReaction(group) ? showableRating(group.recommendation) : null;
}

/** Change entries whose figures may be shown. */
export function showableChange(entry: ChangeEntry): boolean {
  return !entry.suppressed && entry.pairs >= entry.minGroupSize && entry.preMean !== undefined && entry.postMean !== undefined;
}

/** An entry with a tested change (not descriptive-only), its g_av oriented so that positive is improvement. */
export function improvement(ctx: ReportContext, entry: ChangeEntry): number | undefined {
  if (!showableChange(entry) || entry.descriptiveOnly || entry.gav === undefined) return undefined;
  return ctx.lowerIsBetter(entry) ? -entry.gav : entry.gav;
}

/** t-based 95% CI of a wave's mean from its sd and the number of pairs. */
export function meanInterval(mean: number, sd: number | undefined, n: number): [number, number] | null {
  if (sd === undefined || n < 2) return null;
  const half = studentTQuantile(0.975, n - 1) * (sd / Math.sqrt(n));
  return [mean - half, mean + half];
}

export function questionStats(group: ReactionGroup, question: Question): RatingStats {
  return group[question];
}

export function hasSeveralPrograms(reaction: ReactionMetrics): boolean {
  return reaction.byProgram.length > 1;
}

