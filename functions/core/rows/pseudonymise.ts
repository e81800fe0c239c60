import { createHmac } from 'node:crypto';
import type { AssessmentRow, ReactionRow } from '../model/index.ts';
import { KeyedSha256 } from './hmac.ts';

/**
 * Keyed HMAC-SHA-256 of the respondent id, scoped to the client, truncated to 128 bits.
 * Without the key the raw id cannot be recovered or confirmed by guessing; with it, the same
 * person gets the same pseudonym across files and years (so pre and post match).
 */
export function pseudonym(key: Uint8Array, clientId: string, respondent: string): string {
  return createHmac('sha256', key).update(pseudonymMessage(clientId, respondent)).digest('base64url').slice(0, 22);
}

/** What is MACed: the client id, a NUL, and the id as NFC, trimmed and lower-cased. */
function pseudonymMessage(clientId: string, respondent: string): string {
  return `${clientId}\u0000${respondent.normalize('NFC').trim().toLowerCase()}`;
}

/**
 * `pseudonym` for many respondents under one key: the same values, computed with the key's HMAC pads
 * prepared once (see hmac.ts).
 */
export function pseudonymiser(key: Uint8Array, clientId: string): (respondent: string) => string {
  const mac = new KeyedSha256(key);
  // One HMAC here costs about what a lookup in a Map of 100k ids does, so only the previous id is
  // remembered (consecutive rows of one respondent: assessments, wide layout).
  let lastRespondent: string | undefined;
  let lastId = '';
  return (respondent) => {
    if (respondent !== lastRespondent) {
      lastId = mac.base64urlPrefix(pseudonymMessage(clientId, respondent), 22);
      lastRespondent = respondent;
    }
    return lastId;
  };
}

export function pseudonymiseRows<T extends ReactionRow | AssessmentRow>(key: Uint8Array, clientId: string, rows: readonly T[]): T[] {
  const pseudonymOf = pseudonymiser(key, clientId);
  return rows.map((row) => ({ ...row, respondent: pseudonymOf(row.respondent) }));
}
