import type { InstrumentKind, Level, LocalizedText } from './instrument.ts';
import type { Locale } from './client.ts';
import type { Rater } from './rows.ts';
import type { ProgramDesignEntry } from './program-design.ts';

/**
 * The metrics document for one client and year: what compute stores, what the API returns,
 * what `metrics.json` holds and what the report is rendered from. Self-contained: it carries the
 * instrument labels and settings it was computed with, so a report can be rendered from it alone.
 *
 * Suppression rule: when `suppressed` is true the object carries counts only; every figure
 * (mean, sd, ci95, median, distribution, nps, t, p, effect sizes, shares) is absent.
 */
export const METRICS_SCHEMA_VERSION = 2;

export interface MetricsDocument {
  schemaVersion: typeof METRICS_SCHEMA_VERSION;
  client: string;
  year: number;
  /** Hash of the committed inputs (files, instruments, settings) the figures were computed from. */
  inputsHash: string;
  /** Earliest and latest date found in the data (ISO), null when there is no dated row. */
  period: { from: string; to: string } | null;
  programs: string[];
  /** Distinct reaction respondents. */
  participants: number;
  /** Leaders measured before and after: distinct leaders with both waves in at least one non-descriptive instrument (any rater group). */
  leadersMeasured: number;
  /** Raters who answered one wave only, summed over programme × instrument × rater group. */
  unmatchedRaters: number;
  settings: { minGroupSize: number; minRaterGroupSize: number; minCommentGroupSize: number; locale: Locale };
  sources: SourceFile[];
  instruments: InstrumentSummary[];
  reaction: ReactionMetrics | null;
  /** Who stands behind the change entries: one line per programme × instrument × rater group (counts only). */
  raterGroups: RaterGroupCount[];
  change: ChangeEntry[];
  benchmarks: Benchmarks;
  /** One point per year with data for this client, oldest first, this year included. */
  trend: TrendPoint[];
  trendChanges: TrendChange[];
  kirkpatrick: KirkpatrickLevel[];
  /**
   * Item-level instruments only: Cronbach's alpha per dimension, computed from the pre-wave responses that
   * answered all of the dimension's items (all rater groups together), with Feldt's 95 % interval.
   * Absent when no item-level instrument was answered.
   */
  reliability?: ReliabilityEntry[];
  /** Item-level instruments only: responses that answered fewer than half (rounded up) of a dimension's items, so have no score. */
  incompleteResponses?: IncompleteResponseCount[];
  /** The consultant's commentary for the year (Markdown subset), printed after the key findings; absent when none was given. */
  commentary?: string;
  /** The year's programme descriptions (`<programme-id>.program.json`), in programme-id order; absent when none was given. */
  programDesigns?: ProgramDesignEntry[];
  /**
   * The states (size and membership digest) in which each group's figures have been printed, this version
   * included: the next version is checked against them so that no person can be isolated by differencing
   * two versions. Counts and digests only, never the people.
   */
  release: ReleaseHistory;
}

export interface ReliabilityEntry {
  instrument: string;
  dimension: string;
  /** Cronbach's alpha (may be negative when items disagree). */
  alpha: number;
  /** Feldt's 95 % interval; absent when alpha is 1. */
  ci95?: [number, number];
  /** Complete pre-wave responses it was computed from. */
  n: number;
  /** Items of the dimension. */
  items: number;
}

export interface IncompleteResponseCount {
  instrument: string;
  dimension: string;
  /** Responses (one person, one leader, one wave) left without a score for this dimension. */
  responses: number;
}

export interface ReleaseState {
  n: number;
  /** Truncated SHA-256 of the group's sorted pseudonyms. */
  digest: string;
}

/** Release states by group key. */
export type ReleaseHistory = Record<string, ReleaseState[]>;

export interface SourceFile {
  /** File name as uploaded (inside `<client>/<year>/`). */
  file: string;
  dataset: 'reaction' | 'assessment';
  rows: number;
  sha256: string;
  /** ISO timestamp of the upload. */
  uploadedAt: string;
  firstDate: string | null;
  lastDate: string | null;
  /** The mapping file the export was read through, when it was one. */
  mapping?: string;
}

export interface InstrumentSummary {
  id: string;
  name: string;
  /** The name reports show, per language; `name` when absent. */
  displayName?: LocalizedText;
  level: Exclude<Level, 'reaction'>;
  kind: InstrumentKind;
  scale: { min: number; max: number };
  descriptiveOnly: boolean;
  descriptiveReason?: LocalizedText;
  reliability?: number;
  dimensions: { id: string; label: LocalizedText; lowerIsBetter?: boolean }[];
}

export interface RatingStats {
  n: number;
  suppressed: boolean;
  scale: { min: number; max: number };
  mean?: number;
  /** Sample sd (n − 1). */
  sd?: number;
  /** t-based 95% CI of the mean. */
  ci95?: [number, number];
  median?: number;
  /** Share (0–1) scoring in the top two points of the scale (9–10 on 1–10 and 0–10). */
  topTwoBoxShare?: number;
  /** Wilson score 95 % interval of topTwoBoxShare. */
  topTwoBoxCi95?: [number, number];
  /** Count for every scale point, zeros included, ascending. */
  distribution?: { value: number; count: number }[];
}

export interface RecommendationStats extends RatingStats {
  /** % scoring 9–10 minus % scoring 0–6, −100…100. */
  nps?: number;
  /** 95 % interval of the NPS: trinomial variance of promoter share − detractor share (adjusted Wald, Rocks 2016). */
  npsCi95?: [number, number];
  /** '0-10' is the standard NPS scale; '1-10' is labelled as such wherever NPS is shown. */
  npsScale: '0-10' | '1-10';
  promoterShare?: number;
  passiveShare?: number;
  detractorShare?: number;
}

export interface ReactionGroup {
  responses: number;
  /** People invited to the survey, when the client's settings give it (overall: only when every programme has it). */
  invited?: number;
  /** responses / invited (0–1), when invited is known. */
  responseRate?: number;
  suppressed: boolean;
  suppressedReason?: ReactionSuppressionReason;
  satisfaction: RatingStats;
  usefulness: RatingStats;
  recommendation: RecommendationStats;
  /**
   * Free-text comments, only from groups whose figures are printed and that reach minCommentGroupSize
   * (overall: only the comments of such programmes); scrubbed of e-mail addresses and phone numbers.
   */
  comments: string[];
}

export interface ReactionMetrics extends ReactionGroup {
  byProgram: (ReactionGroup & { program: string })[];
}

export interface RaterGroupCount {
  program: string;
  instrument: string;
  rater: Rater;
  /** Leaders with a matched pair in at least one dimension. */
  leaders: number;
  /** Raters who answered both waves (each counted once). */
  raters: number;
  /** Raters who answered one wave only (each counted once, whatever the number of dimensions). */
  unmatched: number;
}

export type Verdict =
  | 'clear-improvement'
  | 'improvement'
  | 'possible-improvement'
  | 'no-certain-change'
  | 'possible-decline'
  | 'decline'
  | 'clear-decline'
  | 'descriptive';

/** Why an entry carries counts only. */
export type SuppressionReason = 'few-leaders' | 'few-raters' | 'version-difference';

/** Why a reaction group carries counts only. */
export type ReactionSuppressionReason = 'few-responses' | 'complementary' | 'version-difference';

export interface ChangeEntry {
  program: string;
  instrument: string;
  level: Exclude<Level, 'reaction'>;
  dimension: string;
  rater: Rater;
  /**
   * Leaders with a matched pair: the analysis unit. A leader's pre (post) score is the mean of the
   * group's raters of that leader who answered both waves.
   */
  pairs: number;
  /** Distinct raters behind those leaders (each counted once); equals pairs for self-ratings. */
  raters: number;
  /** Raters with a pre score only / a post score only. */
  unmatchedPre: number;
  unmatchedPost: number;
  /** The minimum number of leaders that applied to this entry. */
  minGroupSize: number;
  /** The minimum number of raters that applied (rater groups other than self). */
  minRaters?: number;
  suppressed: boolean;
  suppressedReason?: SuppressionReason;
  descriptiveOnly: boolean;
  preMean?: number;
  preSd?: number;
  postMean?: number;
  postSd?: number;
  /** post − pre, in the direction of the scale (not flipped for lowerIsBetter). */
  meanDiff?: number;
  sdDiff?: number;
  ci95?: [number, number];
  t?: number;
  df?: number;
  /** Two-sided paired t-test across leaders. */
  p?: number;
  /** p adjusted by Holm's method over every shown, non-descriptive test of the client-year. */
  pHolm?: number;
  /** Pearson correlation between pre and post. */
  r?: number;
  dz?: number;
  dav?: number;
  /** Hedges' g_av: d_av × exact J(df). */
  gav?: number;
  gavCi95?: [number, number];
  /** Jacobson & Truax reliable change shares (0–1), only when the instrument gives a reliability. */
  reliablyImproved?: number;
  reliablyUnchanged?: number;
  reliablyWorse?: number;
  verdict?: Verdict;
}

export interface Benchmarks {
  source: string;
  /** Corrected population effect sizes (δ) for leadership training. */
  reactions: number;
  learning: number;
  transfer: number;
  results: number;
  caveat: LocalizedText;
}

export interface TrendPoint {
  year: number;
  responses: number;
  satisfactionMean?: number;
  satisfactionCi95?: [number, number];
  usefulnessMean?: number;
  usefulnessCi95?: [number, number];
  recommendationMean?: number;
  recommendationCi95?: [number, number];
  nps?: number;
  npsCi95?: [number, number];
  /** Leaders measured before and after that year (people, not cells). */
  leadersMeasured: number;
}

/**
 * Like for like over the years: one programme, instrument, dimension and rater group shown in this
 * year and in at least one earlier year, each year with its own effect size and interval.
 */
export interface TrendChange {
  program: string;
  instrument: string;
  dimension: string;
  rater: Rater;
  points: { year: number; pairs: number; gav: number; gavCi95: [number, number] }[];
}

export interface KirkpatrickLevel {
  level: 1 | 2 | 3 | 4;
  name: Level;
  measured: boolean;
  instruments: string[];
  /** Distinct people behind the level's figure: respondents (level 1), leaders, or units for unit-level indicators. */
  n: number;
  /** What n counts. */
  unit: 'respondents' | 'leaders' | 'units';
  /** The headline figure for the level, absent when unmeasured or suppressed. */
  keyFigure?: {
    kind: 'satisfaction-mean' | 'median-gav' | 'mean-diff';
    value: number;
    scaleMax?: number;
    /** For median-gav: the rater groups whose entries it is the median of (others preferred over self). */
    basis?: 'others' | 'self';
    /** How many shown entries (dimension × rater group) the median is taken over. */
    entries?: number;
  };
}
