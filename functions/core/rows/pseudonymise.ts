import { createHmac } from 'node:crypto';
import { normalisePersonId } from '../model/person-id.ts';

/**
 * Keyed HMAC-SHA-256 of a person's id (a respondent's or a rated leader's: one function for both),
 * scoped to the client, truncated to 128 bits. Without the key the raw id cannot be recovered or
 * confirmed by guessing; with it, the same person gets the same pseudonym across files and years (so
 * pre and post match), and whether answering or rated (so a rater's answers and ratings of them match).
 */
export function pseudonym(key: Uint8Array, clientId: string, respondent: string): string {
  return createHmac('sha256', key).update(pseudonymMessage(clientId, respondent)).digest('base64url').slice(0, PSEUDONYM_LENGTH);
}

/** Characters of every pseudonym: the first 22 base64url characters of the MAC. */
export const PSEUDONYM_LENGTH = 22;

/**
 * What is MACed: the client id, a NUL, and the id normalised (normalisePersonId, the parser's spelling
 * too), so that a raw id and its parsed row give one pseudonym on every path.
 */
function pseudonymMessage(clientId: string, respondent: string): string {
  return `${clientId}\u0000${normalisePersonId(respondent)}`;
}

/**
 * `pseudonym` for many respondents under one key. Node's native HMAC does the hashing: a faster
 * hand-written SHA-256 was tried and rejected, since the one place that protects people's identities
 * should rest on audited crypto.
 */
export function pseudonymiser(key: Uint8Array, clientId: string): (respondent: string) => string {
  // Consecutive rows often share a respondent (assessments, wide layout): remember the previous one.
  let lastRespondent: string | undefined;
  let lastId = '';
  return (respondent) => {
    if (respondent !== lastRespondent) {
      lastId = pseudonym(key, clientId, respondent);
      lastRespondent = respondent;
    }
    return lastId;
  };
}

/**
 * `pseudonym` of each id, in order, joined into one string (PSEUDONYM_LENGTH characters each): the unit
 * of work the ingest stage hands to its pseudonymisation thread.
 */
export function joinedPseudonyms(key: Uint8Array, clientId: string, respondents: readonly string[]): string {
  const pseudonymOf = pseudonymiser(key, clientId);
  let joined = '';
  for (let i = 0; i < respondents.length; i++) joined += pseudonymOf(respondents[i]!);
  return joined;
}
