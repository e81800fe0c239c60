import { MAX_PROBLEMS_LISTED, type Problem } from '../model/index.ts';
import type { RuleId } from './rules.ts';

export interface ProblemAt {
  line?: number;
  locator?: string;
  column?: string;
}

/** Longest value echoed back in a message: enough to recognise it, short enough for an e-mail. */
const MAX_VALUE_CHARS = 60;

export function shortValue(value: string): string {
  const oneLine = value.replace(/\r?\n/g, '⏎');
  return oneLine.length > MAX_VALUE_CHARS ? `${oneLine.slice(0, MAX_VALUE_CHARS)}…` : oneLine;
}

export function formatWhere(file: string, at: ProblemAt): string {
  let where = file;
  if (at.line !== undefined) where += ` line ${at.line}`;
  if (at.locator !== undefined) where += ` (${at.locator})`;
  if (at.column !== undefined) where += `${at.line !== undefined ? ',' : ''} column ${at.column}`;
  return where;
}

/**
 * Collects problems, keeping the first MAX_PROBLEMS_LISTED and counting the rest: a file with half a
 * million bad rows must not build half a million messages.
 */
export class ProblemSink {
  readonly listed: Problem[] = [];
  total = 0;

  constructor(readonly file: string) {}

  /** `detail` is the sentence after "file line N, column C: ". */
  add(rule: RuleId, at: ProblemAt, detail: string | (() => string), value?: string): void {
    this.total += 1;
    if (this.listed.length >= MAX_PROBLEMS_LISTED) return;
    const text = typeof detail === 'string' ? detail : detail();
    const problem: Problem = { file: this.file, rule, message: `${formatWhere(this.file, at)}: ${text}` };
    if (at.line !== undefined) problem.line = at.line;
    if (at.column !== undefined) problem.column = at.column;
    if (value !== undefined) problem.value = shortValue(value);
    this.listed.push(problem);
  }

  get empty(): boolean {
    return this.total === 0;
  }

  rejection(): { ok: false; problems: Problem[]; totalProblems: number } {
    return { ok: false, problems: this.listed, totalProblems: this.total };
  }
}

/** A one-problem rejection for failures that end reading the file. */
export function rejectFile(file: string, rule: RuleId, detail: string, at: ProblemAt = {}, value?: string) {
  const sink = new ProblemSink(file);
  sink.add(rule, at, detail, value);
  return sink.rejection();
}
