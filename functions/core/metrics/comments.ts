/**
 * Free-text comments: scrubbed of personal data before they can reach a report. Personal identity and
 * coordination numbers, phone numbers, e-mail addresses (also spelled "(at)") and links that carry a
 * query string are each replaced by a marker in the report's language.
 */
import type { Locale } from '../model/index.ts';
import { compareText } from './order.ts';

export const MAX_COMMENTS_PER_GROUP = 12;
/**
 * Longest comment printed whole. A survey field can hold megabytes (a pasted document, a runaway cell):
 * printed whole it would fill hundreds of pages and swell the metrics. A longer comment is cut at a word
 * boundary and ends in a visible "[…]", so the cut is never silent.
 */
export const MAX_COMMENT_CHARS = 1500;

function shortened(comment: string): string {
  if (comment.length <= MAX_COMMENT_CHARS) return comment;
  const head = comment.slice(0, MAX_COMMENT_CHARS);
  const lastSpace = head.search(/\s\S*$/);
  return `${(lastSpace > MAX_COMMENT_CHARS / 2 ? head.slice(0, lastSpace) : head).trimEnd()} […]`;
}

export type ScrubbedKind = 'identityNumber' | 'phone' | 'email' | 'link';

export const SCRUB_MARKERS: Record<Locale, Record<ScrubbedKind, string>> = {
  sv: { identityNumber: '[personnummer]', phone: '[telefonnummer]', email: '[e-post]', link: '[länk]' },
  en: { identityNumber: '[identity number]', phone: '[phone number]', email: '[e-mail]', link: '[link]' },
};

/** Dashes and spaces people type between digits: hyphens, non-breaking and figure dashes, en/em dash, minus, thin and no-break spaces. */
const SEPARATOR = '[ \\u00a0\\u2009\\u202f\\-\\u2010-\\u2015\\u2212./()]';
/** "@" and its spelled-out forms: (at), [at], {at}, " at " between words is too common in English to take. */
const AT = '(?:@|\\s*[([{]\\s*(?:at|snabel-?a)\\s*[)\\]}]\\s*)';
const DOT = '(?:\\.|\\s*[([{]\\s*(?:dot|punkt)\\s*[)\\]}]\\s*)';
const EMAIL = new RegExp(`[\\p{L}\\p{N}._%+-]+${AT}[\\p{L}\\p{N}-]+(?:${DOT}[\\p{L}\\p{N}-]+)+`, 'giu');
/** http(s) or www links with a query string: the query often carries names, ids or tokens. */
const LINK_WITH_QUERY = /(?:https?:\/\/|www\.)[^\s?#]*[?#][^\s]*/giu;
/**
 * Swedish personal identity and coordination numbers (day + 60): YYMMDD or YYYYMMDD, then -, + or nothing
 * (or a space), then four digits.
 */
const IDENTITY_NUMBER = /(?<![\p{L}\p{N}])(?:1[89]|20)?\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01]|6[1-9]|[78]\d|9[01])[-+\s\u2010-\u2015\u2212]?\d{4}(?![\p{L}\p{N}])/gu;
/** Digit runs with common separators, e.g. 070-123 45 67, +46 (0)8 123 456, 08/12 34 56. */
const DIGIT_RUN = new RegExp(`(?<![\\p{L}\\p{N}])(?:\\+|00)?\\d(?:${SEPARATOR}{0,3}\\d)+(?![\\p{L}\\p{N}])`, 'gu');

/**
 * Phone numbers: runs starting with +, 00 or 0 with at least 7 digits (Swedish and international
 * numbers), or any run of at least 9 digits. Years, dates and scores are left alone.
 */
function looksLikePhoneNumber(run: string): boolean {
  const digits = run.replace(/\D/g, '').length;
  if (/^\(?(\+|0)/.test(run)) return digits >= 7;
  return digits >= 9;
}

export function scrubComment(comment: string, locale: Locale = 'sv'): string {
  const markers = SCRUB_MARKERS[locale];
  return comment
    .replace(LINK_WITH_QUERY, markers.link)
    .replace(EMAIL, markers.email)
    .replace(IDENTITY_NUMBER, markers.identityNumber)
    .replace(DIGIT_RUN, (run) => (looksLikePhoneNumber(run) ? markers.phone : run))
    .trim();
}

/** Scrubbed, non-empty, each distinct text once (a repeated comment would crowd out the others), sorted, at most MAX_COMMENTS_PER_GROUP. */
export function selectComments(comments: readonly (string | undefined)[], locale: Locale = 'sv'): string[] {
  const distinct = new Set(
    comments
      .filter((c): c is string => typeof c === 'string')
      .map((c) => shortened(scrubComment(c, locale)))
      .filter((c) => c.length > 0),
  );
  return [...distinct].sort(compareText).slice(0, MAX_COMMENTS_PER_GROUP);
}
