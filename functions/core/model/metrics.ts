import * as z from 'zod';
import { LOCALES } from './client.ts';
import { INSTRUMENT_KINDS, LEVELS, localizedTextSchema } from './instrument.ts';
import { programDesignEntrySchema } from './program-design.ts';
import { RATERS } from './rows.ts';
import { lazy } from './lazy.ts';

/**
 * The metrics document for one client and year: what compute stores, what the API returns,
 * what `metrics.json` holds and what the report is rendered from. Self-contained: it carries the
 * instrument labels and settings it was computed with, so a report can be rendered from it alone.
 *
 * Suppression rule: when `suppressed` is true the object carries counts only; every figure
 * (mean, sd, ci95, median, distribution, nps, t, p, effect sizes, shares) is absent.
 *
 * The schema is the one statement of the document: the types are inferred from it, and every read of
 * a stored document is checked against it.
 */
export const METRICS_SCHEMA_VERSION = 2;

const interval = lazy(() => z.tuple([z.number(), z.number()]));
const scale = lazy(() => z.object({ min: z.number(), max: z.number() }));
const measuredLevel = lazy(() => z.enum(LEVELS).exclude(['reaction']));
const rater = lazy(() => z.enum(RATERS));

export const releaseStateSchema = lazy(() => z.object({
  n: z.number(),
  /** Truncated SHA-256 of the group's sorted pseudonyms. */
  digest: z.string(),
}));
export type ReleaseState = z.infer<typeof releaseStateSchema>;

/** Release states by group key. */
export const releaseHistorySchema = lazy(() => z.record(z.string(), z.array(releaseStateSchema)));
export type ReleaseHistory = z.infer<typeof releaseHistorySchema>;

export const sourceFileSchema = lazy(() => z.object({
  /** File name as uploaded (inside `<client>/<year>/`). */
  file: z.string(),
  dataset: z.enum(['reaction', 'assessment']),
  rows: z.number(),
  sha256: z.string(),
  /** ISO timestamp of the upload. */
  uploadedAt: z.string(),
  firstDate: z.string().nullable(),
  lastDate: z.string().nullable(),
  /** The mapping file the export was read through, when it was one. */
  mapping: z.string().optional(),
}));
export type SourceFile = z.infer<typeof sourceFileSchema>;

/** The data files the figures count: a file an erasure left without rows counts as none. */
export function countedDataFiles(sources: readonly SourceFile[]): number {
  return sources.filter((s) => s.rows > 0).length;
}

export const instrumentSummarySchema = lazy(() => z.object({
  id: z.string(),
  name: z.string(),
  /** The name reports show, per language; `name` when absent. */
  displayName: localizedTextSchema.optional(),
  level: measuredLevel,
  kind: z.enum(INSTRUMENT_KINDS),
  scale,
  descriptiveOnly: z.boolean(),
  descriptiveReason: localizedTextSchema.optional(),
  reliability: z.number().optional(),
  dimensions: z.array(z.object({ id: z.string(), label: localizedTextSchema, lowerIsBetter: z.boolean().optional() })),
}));
export type InstrumentSummary = z.infer<typeof instrumentSummarySchema>;

export const ratingStatsSchema = lazy(() => z.object({
  n: z.number(),
  suppressed: z.boolean(),
  scale,
  mean: z.number().optional(),
  /** Sample sd (n − 1). */
  sd: z.number().optional(),
  /** t-based 95% CI of the mean. */
  ci95: interval.optional(),
  median: z.number().optional(),
  /** Share (0–1) scoring in the top two points of the scale. */
  topTwoBoxShare: z.number().optional(),
  /** Wilson score 95 % interval of topTwoBoxShare. */
  topTwoBoxCi95: interval.optional(),
  /** Count for every scale point, zeros included, ascending. */
  distribution: z.array(z.object({ value: z.number(), count: z.number() })).optional(),
}));
export type RatingStats = z.infer<typeof ratingStatsSchema>;

export const recommendationStatsSchema = lazy(() => ratingStatsSchema.extend({
  /** % scoring 9–10 minus % scoring 0–6, −100…100. */
  nps: z.number().optional(),
  /** 95 % interval of the NPS: trinomial variance of promoter share − detractor share (adjusted Wald, Rocks 2016). */
  npsCi95: interval.optional(),
  /** '0-10' is the standard NPS scale; '1-10' is labelled as such wherever NPS is shown. */
  npsScale: z.enum(['0-10', '1-10']),
  promoterShare: z.number().optional(),
  passiveShare: z.number().optional(),
  detractorShare: z.number().optional(),
}));
export type RecommendationStats = z.infer<typeof recommendationStatsSchema>;

export const VERDICTS = [
  'clear-improvement',
  'improvement',
  'possible-improvement',
  'no-certain-change',
  'possible-decline',
  'decline',
  'clear-decline',
  'descriptive',
] as const;
export type Verdict = (typeof VERDICTS)[number];

/** Why an entry carries counts only. */
export const SUPPRESSION_REASONS = ['few-leaders', 'few-raters', 'version-difference'] as const;
export type SuppressionReason = (typeof SUPPRESSION_REASONS)[number];

/** Why a reaction group carries counts only. */
export const REACTION_SUPPRESSION_REASONS = ['few-responses', 'complementary', 'version-difference'] as const;
export type ReactionSuppressionReason = (typeof REACTION_SUPPRESSION_REASONS)[number];

export const reactionGroupSchema = lazy(() => z.object({
  responses: z.number(),
  /** People invited to the survey, when the client's settings give it (overall: only when every programme has it). */
  invited: z.number().optional(),
  /** responses / invited (0–1), when invited is known. */
  responseRate: z.number().optional(),
  suppressed: z.boolean(),
  suppressedReason: z.enum(REACTION_SUPPRESSION_REASONS).optional(),
  satisfaction: ratingStatsSchema,
  usefulness: ratingStatsSchema,
  recommendation: recommendationStatsSchema,
  /**
   * Free-text comments, only from groups whose figures are printed and that reach minCommentGroupSize
   * (overall: only the comments of such programmes); scrubbed of e-mail addresses and phone numbers.
   */
  comments: z.array(z.string()),
}));
export type ReactionGroup = z.infer<typeof reactionGroupSchema>;

export const reactionMetricsSchema = lazy(() => reactionGroupSchema.extend({
  byProgram: z.array(reactionGroupSchema.extend({ program: z.string() })),
}));
export type ReactionMetrics = z.infer<typeof reactionMetricsSchema>;

export const raterGroupCountSchema = lazy(() => z.object({
  program: z.string(),
  instrument: z.string(),
  rater,
  /** Leaders with a matched pair in at least one dimension. */
  leaders: z.number(),
  /** Raters who answered both waves (each counted once). */
  raters: z.number(),
  /** Raters who answered one wave only (each counted once, whatever the number of dimensions). */
  unmatched: z.number(),
}));
export type RaterGroupCount = z.infer<typeof raterGroupCountSchema>;

export const changeEntrySchema = lazy(() => z.object({
  program: z.string(),
  instrument: z.string(),
  level: measuredLevel,
  dimension: z.string(),
  rater,
  /**
   * Leaders with a matched pair: the analysis unit. A leader's pre (post) score is the mean of the
   * group's raters of that leader who answered both waves.
   */
  pairs: z.number(),
  /** Distinct raters behind those leaders (each counted once); equals pairs for self-ratings. */
  raters: z.number(),
  /** Raters with a pre score only / a post score only. */
  unmatchedPre: z.number(),
  unmatchedPost: z.number(),
  /** The minimum number of leaders that applied to this entry. */
  minGroupSize: z.number(),
  /** The minimum number of raters that applied (rater groups other than self). */
  minRaters: z.number().optional(),
  suppressed: z.boolean(),
  suppressedReason: z.enum(SUPPRESSION_REASONS).optional(),
  descriptiveOnly: z.boolean(),
  preMean: z.number().optional(),
  preSd: z.number().optional(),
  postMean: z.number().optional(),
  postSd: z.number().optional(),
  /** post − pre, in the direction of the scale (not flipped for lowerIsBetter). */
  meanDiff: z.number().optional(),
  sdDiff: z.number().optional(),
  ci95: interval.optional(),
  t: z.number().optional(),
  df: z.number().optional(),
  /** Two-sided paired t-test across leaders. */
  p: z.number().optional(),
  /** p adjusted by Holm's method over every shown, non-descriptive test of the client-year. */
  pHolm: z.number().optional(),
  /** Pearson correlation between pre and post. */
  r: z.number().optional(),
  dz: z.number().optional(),
  dav: z.number().optional(),
  /** Hedges' g_av: d_av × exact J(df). */
  gav: z.number().optional(),
  gavCi95: interval.optional(),
  /** Jacobson & Truax reliable change shares (0–1), only when the instrument gives a reliability. */
  reliablyImproved: z.number().optional(),
  reliablyUnchanged: z.number().optional(),
  reliablyWorse: z.number().optional(),
  verdict: z.enum(VERDICTS).optional(),
}));
export type ChangeEntry = z.infer<typeof changeEntrySchema>;

export const benchmarksSchema = lazy(() => z.object({
  source: z.string(),
  /** Corrected population effect sizes (δ) for leadership training. */
  reactions: z.number(),
  learning: z.number(),
  transfer: z.number(),
  results: z.number(),
  caveat: localizedTextSchema,
}));
export type Benchmarks = z.infer<typeof benchmarksSchema>;

export const trendPointSchema = lazy(() => z.object({
  year: z.number(),
  responses: z.number(),
  satisfactionMean: z.number().optional(),
  satisfactionCi95: interval.optional(),
  usefulnessMean: z.number().optional(),
  usefulnessCi95: interval.optional(),
  recommendationMean: z.number().optional(),
  recommendationCi95: interval.optional(),
  nps: z.number().optional(),
  npsCi95: interval.optional(),
  /** Leaders measured before and after that year (people, not cells). */
  leadersMeasured: z.number(),
}));
export type TrendPoint = z.infer<typeof trendPointSchema>;

/**
 * Like for like over the years: one programme, instrument, dimension and rater group shown in this
 * year and in at least one earlier year, each year with its own effect size and interval.
 */
export const trendChangeSchema = lazy(() => z.object({
  program: z.string(),
  instrument: z.string(),
  dimension: z.string(),
  rater,
  points: z.array(z.object({ year: z.number(), pairs: z.number(), gav: z.number(), gavCi95: interval })),
}));
export type TrendChange = z.infer<typeof trendChangeSchema>;

export const kirkpatrickLevelSchema = lazy(() => z.object({
  level: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]),
  name: z.enum(LEVELS),
  measured: z.boolean(),
  instruments: z.array(z.string()),
  /** Distinct people behind the level's figure: respondents (level 1), leaders, or units for unit-level indicators. */
  n: z.number(),
  /** What n counts. */
  unit: z.enum(['respondents', 'leaders', 'units']),
  /** The headline figure for the level, absent when unmeasured or suppressed. */
  keyFigure: z
    .object({
      kind: z.enum(['satisfaction-mean', 'median-gav', 'mean-diff']),
      value: z.number(),
      scaleMax: z.number().optional(),
      /** For median-gav: the rater groups whose entries it is the median of (others preferred over self). */
      basis: z.enum(['others', 'self']).optional(),
      /** How many shown entries (dimension × rater group) the median is taken over. */
      entries: z.number().optional(),
    })
    .optional(),
}));
export type KirkpatrickLevel = z.infer<typeof kirkpatrickLevelSchema>;

export const reliabilityEntrySchema = lazy(() => z.object({
  instrument: z.string(),
  dimension: z.string(),
  /** Cronbach's alpha (may be negative when items disagree). */
  alpha: z.number(),
  /** Feldt's 95 % interval; absent when alpha is 1. */
  ci95: interval.optional(),
  /** Complete pre-wave responses it was computed from. */
  n: z.number(),
  /** Items of the dimension. */
  items: z.number(),
}));
export type ReliabilityEntry = z.infer<typeof reliabilityEntrySchema>;

export const incompleteResponseCountSchema = lazy(() => z.object({
  instrument: z.string(),
  dimension: z.string(),
  /** Responses (one person, one leader, one wave) left without a score for this dimension. */
  responses: z.number(),
}));
export type IncompleteResponseCount = z.infer<typeof incompleteResponseCountSchema>;

export const metricsDocumentSchema = lazy(() => z.object({
  schemaVersion: z.literal(METRICS_SCHEMA_VERSION),
  client: z.string(),
  year: z.number(),
  /** Hash of the committed inputs (files, instruments, settings) the figures were computed from. */
  inputsHash: z.string(),
  /** Earliest and latest date found in the data (ISO), null when there is no dated row. */
  period: z.object({ from: z.string(), to: z.string() }).nullable(),
  programs: z.array(z.string()),
  /** Distinct reaction respondents. */
  participants: z.number(),
  /** Leaders measured before and after: distinct leaders with both waves in at least one non-descriptive instrument (any rater group). */
  leadersMeasured: z.number(),
  /** Raters who answered one wave only, summed over programme × instrument × rater group. */
  unmatchedRaters: z.number(),
  settings: z.object({ minGroupSize: z.number(), minRaterGroupSize: z.number(), minCommentGroupSize: z.number(), locale: z.enum(LOCALES) }),
  sources: z.array(sourceFileSchema),
  instruments: z.array(instrumentSummarySchema),
  reaction: reactionMetricsSchema.nullable(),
  /** Who stands behind the change entries: one line per programme × instrument × rater group (counts only). */
  raterGroups: z.array(raterGroupCountSchema),
  change: z.array(changeEntrySchema),
  benchmarks: benchmarksSchema,
  /** One point per year with data for this client, oldest first, this year included. */
  trend: z.array(trendPointSchema),
  trendChanges: z.array(trendChangeSchema),
  kirkpatrick: z.array(kirkpatrickLevelSchema),
  /**
   * Item-level instruments only: Cronbach's alpha per dimension, computed from the pre-wave responses that
   * answered all of the dimension's items (all rater groups together), with Feldt's 95 % interval.
   * Absent when no item-level instrument was answered.
   */
  reliability: z.array(reliabilityEntrySchema).optional(),
  /** Item-level instruments only: responses that answered fewer than half (rounded up) of a dimension's items, so have no score. */
  incompleteResponses: z.array(incompleteResponseCountSchema).optional(),
  /** The consultant's commentary for the year (Markdown subset), printed after the key findings; absent when none was given. */
  commentary: z.string().optional(),
  /** The year's programme descriptions (`<programme-id>.program.json`), in programme-id order; absent when none was given. */
  programDesigns: z.array(programDesignEntrySchema).optional(),
  /**
   * The states (size and membership digest) in which each group's figures have been printed, this version
   * included: the next version is checked against them so that no person can be isolated by differencing
   * two versions. Counts and digests only, never the people.
   */
  release: releaseHistorySchema,
}));
export type MetricsDocument = z.infer<typeof metricsDocumentSchema>;
