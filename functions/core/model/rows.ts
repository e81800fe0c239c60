/** Rows as stored after ingest. `respondent` is the keyed pseudonym, never the raw id. */

export const RATERS = ['self', 'manager', 'employee', 'peer'] as const;
export type Rater = (typeof RATERS)[number];
export const WAVES = ['pre', 'post'] as const;
export type Wave = (typeof WAVES)[number];

export interface ReactionRow {
  respondent: string;
  program: string;
  /** ISO date YYYY-MM-DD */
  date: string;
  /** 1–10 */
  satisfaction: number;
  /** 1–10 */
  usefulness: number;
  /** 0–10 (standard NPS scale) */
  recommendation: number;
  comment?: string;
}

export interface AssessmentRow {
  /** The person who answered (keyed pseudonym). */
  respondent: string;
  /**
   * The person the score is about (keyed pseudonym, made exactly like `respondent`): the rated leader,
   * or for unit-level indicators the leader whose unit is measured. Equal to `respondent` for self-ratings.
   */
  leader: string;
  program: string;
  instrument: string;
  wave: Wave;
  /** ISO date YYYY-MM-DD */
  date: string;
  rater: Rater;
  dimension: string;
  /**
   * Set when the score is the answer to one item (question) of an item-level instrument: `dimension` is then
   * the item's dimension and `score` the answer as given (not reverse-keyed). Metrics score items into
   * dimension scores; absent on dimension scores.
   */
  item?: string;
  score: number;
}

export type Dataset = 'reaction' | 'assessment';
