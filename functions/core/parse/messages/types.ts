/** What a rule's sentence may use: the problem's value, and a scale or range the parser named in its message. */
export interface ProblemFacts {
  value?: string;
  /** e.g. "1–10", taken from the parser's message when it names one. */
  range?: string;
}

/** One rule in one language: what the consultant reads about a refused file, and what to do about it. */
export interface RuleText {
  /** The sentence after "file line N, column C: ". */
  sentence: (facts: ProblemFacts) => string;
  /** What to do, once per rule in an e-mail. */
  fix: string;
}

/** A value in quotation marks, or nothing when there is no value. */
export const quoted = (value: string | undefined) => (value === undefined || value === '' ? '' : `"${value}"`);
