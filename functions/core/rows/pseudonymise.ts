import { createHmac } from 'node:crypto';
import type { AssessmentRow, ReactionRow } from '../model/index.ts';

/**
 * Keyed HMAC-SHA-256 of the respondent id, scoped to the client, truncated to 128 bits.
 * Without the key the raw id cannot be recovered or confirmed by guessing; with it, the same
 * person gets the same pseudonym across files and years (so pre and post match).
 */
export function pseudonym(key: Uint8Array, clientId: string, respondent: string): string {
  const normalised = respondent.normalize('NFC').trim().toLowerCase();
  return createHmac('sha256', key).update(`${clientId}\u0000${normalised}`).digest('base64url').slice(0, 22);
}

export function pseudonymiseRows<T extends ReactionRow | AssessmentRow>(key: Uint8Array, clientId: string, rows: readonly T[]): T[] {
  const cache = new Map<string, string>();
  return rows.map((row) => {
    let id = cache.get(row.respondent);
    if (id === undefined) {
      id = pseudonym(key, clientId, row.respondent);
      cache.set(row.respondent, id);
    }
    return { ...row, respondent: id };
  });
}
