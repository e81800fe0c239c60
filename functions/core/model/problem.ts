import * as z from 'zod';
import { lazy } from './lazy.ts';

/** One reason a file was refused, precise enough to fix the file. */
export const problemSchema = lazy(() => z.object({
  file: z.string(),
  /** 1-based; the header is line 1. Absent when the problem is the file as a whole. */
  line: z.number().int().optional(),
  /** Column name as the file spells it (or the canonical name when the column is missing). */
  column: z.string().optional(),
  /** Stable rule id, e.g. `out-of-range`, `unknown-column`, `duplicate-row`. */
  rule: z.string(),
  /** Full sentence naming file, line, column, the value and the rule. */
  message: z.string(),
  value: z.string().optional(),
}));
export type Problem = z.infer<typeof problemSchema>;

export const MAX_PROBLEMS_LISTED = 50;
