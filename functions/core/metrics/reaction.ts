/** Level 1: reactions overall and per programme, each group suppressed below the client's minimum. */
import type {
  Locale,
  RatingStats,
  ReactionGroup,
  ReactionMetrics,
  ReactionRow,
  ReactionSuppressionReason,
  RecommendationStats,
  ReleaseHistory,
} from '../model/index.ts';
import { npsFigures, ratingFigures, type Scale } from '../stats/reaction.ts';
import { selectComments } from './comments.ts';
import { compareText, distinctSorted } from './order.ts';
import { blockedByEarlierVersions, type Membership } from './release.ts';

export const SATISFACTION_SCALE: Scale = { min: 1, max: 10 };
export const USEFULNESS_SCALE: Scale = { min: 1, max: 10 };
/**
 * Always reported as the standard 0–10 NPS scale: ingest accepts 0–10, so a dataset in which nobody
 * chose 0 is still a 0–10 dataset (labelling it 1–10 would flip with a single extra response).
 */
export const RECOMMENDATION_SCALE: Scale = { min: 0, max: 10 };

export interface ReactionThresholds {
  minGroupSize: number;
  minCommentGroupSize: number;
  /** The language of the markers that replace personal data in comments. */
  locale?: Locale;
}

/** People invited per programme id; read only for the programmes present (own keys, never inherited ones). */
export type InvitedCounts = Readonly<Record<string, number>>;

export const REACTION_OVERALL_KEY = JSON.stringify(['reaction']);
export const reactionProgramKey = (program: string): string => JSON.stringify(['reaction', program]);

export interface ReactionResult {
  metrics: ReactionMetrics | null;
  /** The groups printed in this version, with the people behind them (for the release history). */
  printed: Membership[];
}

export function buildReactionMetrics(
  reactions: readonly ReactionRow[],
  thresholds: ReactionThresholds,
  invited: InvitedCounts = {},
  history: ReleaseHistory = {},
): ReactionResult {
  if (reactions.length === 0) return { metrics: null, printed: [] };
  const { minGroupSize } = thresholds;
  const rowsByProgram = distinctSorted(reactions.map((r) => r.program)).map((program) => ({
    program,
    rows: reactions.filter((r) => r.program === program),
  }));
  const memberships: Membership[] = [
    { key: REACTION_OVERALL_KEY, members: reactions.map((r) => r.respondent) },
    ...rowsByProgram.map(({ program, rows }) => ({ key: reactionProgramKey(program), members: rows.map((r) => r.respondent) })),
  ];
  const blocked = blockedByEarlierVersions(memberships, history, minGroupSize);
  const small = new Set(rowsByProgram.filter((p) => p.rows.length < minGroupSize).map((p) => p.program));
  const versionBlocked = new Set(rowsByProgram.filter((p) => !small.has(p.program) && blocked.has(reactionProgramKey(p.program))).map((p) => p.program));
  const hidden = programsToSuppress(
    rowsByProgram.map(({ program, rows }) => ({ program, responses: rows.length })),
    minGroupSize,
    versionBlocked,
  );
  const reasonFor = (program: string): ReactionSuppressionReason | undefined =>
    small.has(program) ? 'few-responses' : versionBlocked.has(program) ? 'version-difference' : hidden.has(program) ? 'complementary' : undefined;
  const byProgram = rowsByProgram.map(({ program, rows }) => ({
    program,
    ...reactionGroup(rows, thresholds, reasonFor(program), invitedFor(invited, program)),
  }));
  const overallReason = reactions.length < minGroupSize ? 'few-responses' : blocked.has(REACTION_OVERALL_KEY) ? 'version-difference' : undefined;
  const overall = reactionGroup(reactions, thresholds, overallReason, totalInvited(invited, rowsByProgram.map((p) => p.program)));
  // The pooled list quotes only programmes whose own comments may be printed: a suppressed programme's
  // comments would otherwise reach the report through the back door.
  const quotable = byProgram.filter((p) => !p.suppressed && p.responses >= thresholds.minCommentGroupSize).map((p) => p.program);
  const comments = overall.suppressed ? [] : selectComments(reactions.filter((r) => quotable.includes(r.program)).map((r) => r.comment), thresholds.locale);
  const printed = memberships.filter((m) =>
    m.key === REACTION_OVERALL_KEY ? !overall.suppressed : byProgram.some((p) => !p.suppressed && reactionProgramKey(p.program) === m.key),
  );
  return { metrics: { ...overall, comments, byProgram }, printed };
}

function invitedFor(invited: InvitedCounts, program: string): number | undefined {
  return Object.hasOwn(invited, program) ? invited[program] : undefined;
}

function totalInvited(invited: InvitedCounts, programs: readonly string[]): number | undefined {
  const counts = programs.map((p) => invitedFor(invited, p));
  return counts.every((c): c is number => c !== undefined) ? counts.reduce((a, b) => a + b, 0) : undefined;
}

/**
 * Programmes below the minimum, plus, when needed, the smallest shown programmes (complementary suppression):
 * the overall figures minus the shown programmes' figures (distributions in particular) would otherwise give
 * away the ratings of a group below the minimum. Hidden programmes together always reach the minimum.
 */
export function programsToSuppress(groups: readonly { program: string; responses: number }[], minGroupSize: number, alsoHidden: ReadonlySet<string> = new Set()): Set<string> {
  const hidden = new Set(groups.filter((g) => g.responses < minGroupSize || alsoHidden.has(g.program)).map((g) => g.program));
  const total = groups.reduce((n, g) => n + g.responses, 0);
  if (total < minGroupSize) return new Set(groups.map((g) => g.program));
  let pooled = groups.filter((g) => hidden.has(g.program)).reduce((n, g) => n + g.responses, 0);
  const shownSmallestFirst = groups
    .filter((g) => !hidden.has(g.program))
    .sort((a, b) => a.responses - b.responses || compareText(a.program, b.program));
  for (const group of shownSmallestFirst) {
    if (pooled === 0 || pooled >= minGroupSize) break;
    hidden.add(group.program);
    pooled += group.responses;
  }
  return hidden;
}

function reactionGroup(rows: readonly ReactionRow[], thresholds: ReactionThresholds, reason: ReactionSuppressionReason | undefined, invited: number | undefined): ReactionGroup {
  const suppressed = reason !== undefined;
  return {
    responses: rows.length,
    ...(invited !== undefined ? { invited, responseRate: Math.min(1, rows.length / invited) } : {}),
    suppressed,
    ...(reason ? { suppressedReason: reason } : {}),
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
    comments: suppressed || rows.length < thresholds.minCommentGroupSize ? [] : selectComments(rows.map((r) => r.comment), thresholds.locale),
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

