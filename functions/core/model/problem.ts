/** One reason a file was refused, precise enough to fix the file. */
export interface Problem {
  file: string;
  /** 1-based; the header is line 1. Absent when the problem is the file as a whole. */
  line?: number;
  /** Column name as the file spells it (or the canonical name when the column is missing). */
  column?: string;
  /** Stable rule id, e.g. `out-of-range`, `unknown-column`, `duplicate-row`. */
  rule: string;
  /** Full sentence naming file, line, column, the value and the rule. */
  message: string;
  value?: string;
}

export const MAX_PROBLEMS_LISTED = 50;
