import type { Level, LocalizedText } from './instrument.ts';
import type { Locale } from './client.ts';
import type { Rater } from './rows.ts';

/**
 * The metrics document for one client and year: what compute stores, what the API returns,
 * what `metrics.json` holds and what the report is rendered from. Self-contained: it carries the
 * instrument labels and settings it was computed with, so a report can be rendered from it alone.
 *
 * Suppression rule: when `suppressed` is true the object carries counts only; every figure
 * (mean, sd, ci95, median, distribution, nps, t, p, effect sizes, shares) is absent.
 */
export interface MetricsDocument {
  schemaVersion: 1;
  client: string;
  year: number;
  /** Hash of the committed inputs (files, instruments, settings) the figures were computed from. */
  inputsHash: string;
  /** Earliest and latest date found in the data (ISO), null when there is no dated row. */
  period: { from: string; to: string } | null;
  programs: string[];
  /** Distinct reaction respondents. */
  participants: number;
  /** Distinct self-rated respondents in assessments (the leaders). */
  leaders: number;
  settings: { minGroupSize: number; minRaterGroupSize: number; locale: Locale };
  sources: SourceFile[];
  instruments: InstrumentSummary[];
  reaction: ReactionMetrics | null;
  change: ChangeEntry[];
  benchmarks: Benchmarks;
  /** One point per year with data for this client, oldest first, this year included. */
  trend: TrendPoint[];
  kirkpatrick: KirkpatrickLevel[];
}

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
}

export interface InstrumentSummary {
  id: string;
  name: string;
  /** The name reports show, per language; `name` when absent. */
  displayName?: LocalizedText;
  level: Exclude<Level, 'reaction'>;
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
  /** Share (0–1) scoring 9 or 10. */
  topTwoBoxShare?: number;
  /** Count for every scale point, zeros included, ascending. */
  distribution?: { value: number; count: number }[];
}

export interface RecommendationStats extends RatingStats {
  /** % scoring 9–10 minus % scoring 0–6, −100…100. */
  nps?: number;
  /** '0-10' is the standard NPS scale; '1-10' is labelled as such wherever NPS is shown. */
  npsScale: '0-10' | '1-10';
  promoterShare?: number;
  passiveShare?: number;
  detractorShare?: number;
}

export interface ReactionGroup {
  responses: number;
  suppressed: boolean;
  satisfaction: RatingStats;
  usefulness: RatingStats;
  recommendation: RecommendationStats;
  /** Free-text comments, only when the group is at least the minimum size; scrubbed of e-mail addresses and phone numbers. */
  comments: string[];
}

export interface ReactionMetrics extends ReactionGroup {
  byProgram: (ReactionGroup & { program: string })[];
}

export type Verdict = 'clear-improvement' | 'improvement' | 'no-certain-change' | 'decline' | 'clear-decline' | 'descriptive';

export interface ChangeEntry {
  program: string;
  instrument: string;
  level: Exclude<Level, 'reaction'>;
  dimension: string;
  rater: Rater;
  /** Matched pairs: same respondent, instrument, dimension and rater with both a pre and a post. */
  pairs: number;
  /** Respondents with a pre score only / a post score only. */
  unmatchedPre: number;
  unmatchedPost: number;
  /** The minimum group size that applied to this entry (rater groups use minRaterGroupSize). */
  minGroupSize: number;
  suppressed: boolean;
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
  /** Two-sided paired t-test. */
  p?: number;
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
  usefulnessMean?: number;
  recommendationMean?: number;
  nps?: number;
  /** Median g_av over non-suppressed, non-descriptive change entries. */
  medianGav?: number;
  pairs: number;
}

export interface KirkpatrickLevel {
  level: 1 | 2 | 3 | 4;
  name: Level;
  measured: boolean;
  instruments: string[];
  n: number;
  /** The headline figure for the level, absent when unmeasured or suppressed. */
  keyFigure?: { kind: 'satisfaction-mean' | 'median-gav' | 'mean-diff'; value: number; scaleMax?: number };
}
