/** Level 1: reactions overall and per programme, each group suppressed below the client's minimum. */
import type { RatingStats, ReactionGroup, ReactionMetrics, ReactionRow, RecommendationStats } from '../model/index.ts';
import { npsFigures, ratingFigures, type Scale } from '../stats/reaction.ts';
import { selectComments } from './comments.ts';
import { distinctSorted } from './order.ts';

export const SATISFACTION_SCALE: Scale = { min: 1, max: 10 };
export const USEFULNESS_SCALE: Scale = { min: 1, max: 10 };
/**
 * Always reported as the standard 0–10 NPS scale: ingest accepts 0–10, so a dataset in which nobody
 * chose 0 is still a 0–10 dataset (labelling it 1–10 would flip with a single extra response).
 */
export const RECOMMENDATION_SCALE: Scale = { min: 0, max: 10 };

export function buildReactionMetrics(reactions: readonly ReactionRow[], minGroupSize: number): ReactionMetrics | null {
  if (reactions.length === 0) return null;
  const byProgram = distinctSorted(reactions.map((r) => r.program)).map((program) => ({
    program,
    ...reactionGroup(
      reactions.filter((r) => r.program === program),
      minGroupSize,
    ),
  }));
  return { ...reactionGroup(reactions, minGroupSize), byProgram };
}

function reactionGroup(rows: readonly ReactionRow[], minGroupSize: number): ReactionGroup {
  const suppressed = rows.length < minGroupSize;
  return {
    responses: rows.length,
    suppressed,
    satisfaction: ratingStats(
      rows.map((r) => r.satisfaction),
      SATISFACTION_SCALE,
      suppressed,
    ),
    usefulness: ratingStats(
      rows.map((r) => r.usefulness),
      USEFULNESS_SCALE,
      suppressed,
    ),
    recommendation: recommendationStats(
      rows.map((r) => r.recommendation),
      suppressed,
    ),
    comments: suppressed ? [] : selectComments(rows.map((r) => r.comment)),
  };
}

function ratingStats(values: number[], scale: Scale, suppressed: boolean): RatingStats {
  const counts: RatingStats = { n: values.length, suppressed, scale: { ...scale } };
  return suppressed ? counts : { ...counts, ...ratingFigures(values, scale) };
}

function recommendationStats(values: number[], suppressed: boolean): RecommendationStats {
  const counts: RecommendationStats = { n: values.length, suppressed, scale: { ...RECOMMENDATION_SCALE }, npsScale: '0-10' };
  return suppressed ? counts : { ...counts, ...ratingFigures(values, RECOMMENDATION_SCALE), ...npsFigures(values) };
}

