import type { Locale, Problem } from '../../model/index.ts';
import type { RuleId } from '../rules.ts';
import { en } from './en.ts';
import { sv } from './sv.ts';
import type { RuleText } from './types.ts';

/**
 * Texts about refused files, one module per language (sv.ts, en.ts). `Problem.message` stays the parser's
 * own English sentence (`detail` in en.ts; logs, rejected.json); the rule texts here are for people, in
 * the consultant's language.
 */
export { detail, scaleName } from './en.ts';
export type { ProblemFacts, RuleText } from './types.ts';

export const RULE_MESSAGES: Record<Locale, Record<RuleId, RuleText>> = { sv, en };

const WHERE: Record<Locale, { line: string; column: string }> = { sv: { line: 'rad', column: 'kolumn' }, en: { line: 'line', column: 'column' } };

/** The rule's texts, or undefined for a rule this module does not know (the parser's English sentence is used then). */
export function ruleText(rule: string, locale: Locale): RuleText | undefined {
  const texts = RULE_MESSAGES[locale];
  return Object.hasOwn(texts, rule) ? texts[rule as RuleId] : undefined;
}

/** A scale or range the parser's English sentence names ("outside 1–10", "runs 0–10"), in the locale's number format. */
function rangeIn(message: string, locale: Locale): string | undefined {
  const match = /(-?\d+(?:[.,]\d+)?)–(-?\d+(?:[.,]\d+)?)/.exec(message);
  if (!match) return undefined;
  const range = `${match[1]}–${match[2]}`;
  return locale === 'sv' ? range.replace(/\./g, ',') : range;
}

/** "reaktioner.csv rad 4, kolumn nöjdhet: 15 ligger utanför skalan 1–10." */
export function localizedProblem(problem: Problem, locale: Locale): string {
  const text = ruleText(problem.rule, locale);
  if (!text) return problem.message;
  const words = WHERE[locale];
  let where = problem.file;
  if (problem.line !== undefined) where += ` ${words.line} ${problem.line}`;
  if (problem.column !== undefined) where += `${problem.line !== undefined ? ',' : ''} ${words.column} ${problem.column}`;
  const value = problem.value !== undefined && locale === 'sv' && /^-?\d+\.\d+$/.test(problem.value) ? problem.value.replace('.', ',') : problem.value;
  const range = rangeIn(problem.message, locale);
  return `${where}: ${text.sentence({ ...(value !== undefined ? { value } : {}), ...(range !== undefined ? { range } : {}) })}`;
}
