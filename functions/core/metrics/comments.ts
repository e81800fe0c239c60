/** Free-text comments: scrubbed of contact details before they can reach a report. */
import { compareText } from './order.ts';

export const MAX_COMMENTS_PER_GROUP = 12;
export const SCRUBBED = '[borttaget]';

const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+/gu;
/** Digit runs with common separators, e.g. 070-123 45 67, +46 (0)8 123 456, 08/12 34 56. */
const DIGIT_RUN = /(?<![\p{L}\p{N}])(?:\+|00)?\d(?:[ \-./()]{0,2}\d)+(?![\p{L}\p{N}])/gu;

/**
 * Phone numbers: runs starting with +, 00 or 0 with at least 7 digits (Swedish numbers),
 * or any run of at least 9 digits (also catches personal identity numbers). Years and dates are left alone.
 */
function looksLikePhoneNumber(run: string): boolean {
  const digits = run.replace(/\D/g, '').length;
  if (/^(\+|0)/.test(run)) return digits >= 7;
  return digits >= 9;
}

export function scrubComment(comment: string): string {
  return comment
    .replace(EMAIL, SCRUBBED)
    .replace(DIGIT_RUN, (run) => (looksLikePhoneNumber(run) ? SCRUBBED : run))
    .trim();
}

/** Scrubbed, non-empty, each distinct text once (a repeated comment would crowd out the others), sorted, at most MAX_COMMENTS_PER_GROUP. */
export function selectComments(comments: readonly (string | undefined)[]): string[] {
  const distinct = new Set(
    comments
      .filter((c): c is string => typeof c === 'string')
      .map(scrubComment)
      .filter((c) => c.length > 0),
  );
  return [...distinct].sort(compareText).slice(0, MAX_COMMENTS_PER_GROUP);
}
