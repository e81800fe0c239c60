/**
 * Reads figures out of the metrics document. Suppressed objects yield nothing here even if a figure
 * were present by mistake: this is the one place sections get numbers from.
 */
import type { ChangeEntry, RatingStats, ReactionGroup, ReactionMetrics, RecommendationStats } from '../model/index.ts';
import { compareText } from '../metrics/order.ts';
import type { ReportContext } from './context.ts';
import { fill } from './texts.ts';

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
  if (entry.suppressed || entry.pairs < entry.minGroupSize || entry.preMean === undefined || entry.postMean === undefined) return false;
  return entry.minRaters === undefined || entry.raters >= entry.minRaters;
}

/** Why a reaction group is not shown, in the report's words: "redovisas inte: minst 5 krävs". */
export function reactionSuppressedText(ctx: ReportContext, group: ReactionGroup): string {
  const reason = group.suppressedReason ?? 'few-responses';
  return fill(ctx.t.change.suppressed, { reason: fill(ctx.t.method.reactionReasons[reason], { min: ctx.f.integer(ctx.metrics.settings.minGroupSize) }) });
}

/** Why a change entry is not shown: "färre än 5 ledare (4)", "färre än 3 skattare", or a version difference. */
export function changeSuppressedReason(ctx: ReportContext, entry: ChangeEntry): string {
  const reason = entry.suppressedReason ?? (entry.pairs < entry.minGroupSize ? 'few-leaders' : 'few-raters');
  const min = reason === 'few-raters' ? (entry.minRaters ?? entry.minGroupSize) : entry.minGroupSize;
  return fill(ctx.t.change.reasons[reason], { min: ctx.f.integer(min) });
}

/** A self-rating proper: the leader rating themselves (not a test score or a unit's indicator). */
export function isSelfRating(ctx: ReportContext, entry: ChangeEntry): boolean {
  return entry.rater === 'self' && (ctx.instrument(entry.instrument)?.kind ?? 'rating') === 'rating';
}

/** g_av's interval oriented so that positive is improvement. */
export function improvementInterval(ctx: ReportContext, entry: ChangeEntry): [number, number] | undefined {
  if (entry.gavCi95 === undefined) return undefined;
  const [low, high] = entry.gavCi95;
  return ctx.lowerIsBetter(entry) ? [-high, -low] : [low, high];
}

const CERTAIN_VERDICTS = new Set(['clear-improvement', 'improvement', 'decline', 'clear-decline']);

/**
 * The changes a reader should see first (documented in docs/report.md): tested changes whose verdict
 * survived the adjustment for the number of tests; ratings by others (and tests and unit indicators)
 * before self-ratings; then by how far the interval of g_av stays from zero (its lower bound for
 * improvements, its upper bound for declines), so a precise moderate change ranks above a vague large one.
 */
export function rankedChanges(ctx: ReportContext): ChangeEntry[] {
  const distanceFromZero = (entry: ChangeEntry): number => {
    const interval = improvementInterval(ctx, entry) as [number, number];
    return interval[0] > 0 ? interval[0] : -interval[1];
  };
  return ctx.metrics.change
    .filter((e) => improvement(ctx, e) !== undefined && improvementInterval(ctx, e) !== undefined && CERTAIN_VERDICTS.has(e.verdict ?? ''))
    .sort(
      (a, b) =>
        Number(isSelfRating(ctx, a)) - Number(isSelfRating(ctx, b)) ||
        distanceFromZero(b) - distanceFromZero(a) ||
        compareText(a.instrument, b.instrument) ||
        compareText(a.dimension, b.dimension) ||
        compareText(a.rater, b.rater) ||
        compareText(a.program, b.program),
    );
}


/** An entry with a tested change (not descriptive-only), its g_av oriented so that positive is improvement. */
export function improvement(ctx: ReportContext, entry: ChangeEntry): number | undefined {
  if (!showableChange(entry) || entry.descriptiveOnly || entry.gav === undefined) return undefined;
  return ctx.lowerIsBetter(entry) ? -entry.gav : entry.gav;
}

export function questionStats(group: ReactionGroup, question: Question): RatingStats {
  return group[question];
}

export function hasSeveralPrograms(reaction: ReactionMetrics): boolean {
  return reaction.byProgram.length > 1;
}

