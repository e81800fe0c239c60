import { createHmac, hash } from 'node:crypto';
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
  return `${messagePrefix(clientId)}${normalisePersonId(respondent)}`;
}

/** The part of the message before the id: the same for every id of a client. */
function messagePrefix(clientId: string): string {
  return `${clientId}\u0000`;
}

/**
 * `pseudonym` for many respondents under one key. Node's native SHA-256 does the hashing: a faster
 * hand-written SHA-256 was tried and rejected, since the one place that protects people's identities
 * should rest on audited crypto. The HMAC is composed from it (`keyedPseudonym`) rather than made
 * with `createHmac` per id: one hash object and key schedule per id cost more than the hashing.
 */
export function pseudonymiser(key: Uint8Array, clientId: string): (respondent: string) => string {
  const mac = keyedPseudonym(key, clientId);
  // Consecutive rows often share a respondent (assessments, wide layout): remember the previous one.
  let lastRespondent: string | undefined;
  let lastId = '';
  return (respondent) => {
    if (respondent !== lastRespondent) {
      lastId = mac(respondent);
      lastRespondent = respondent;
    }
    return lastId;
  };
}

/** SHA-256's block: HMAC pads its key to it (RFC 2104). */
const SHA256_BLOCK_BYTES = 64;

/**
 * `pseudonym` under one key and client, as HMAC's definition spells it (RFC 2104):
 * H((K ⊕ opad) ‖ H((K ⊕ ipad) ‖ m)), with both padded keys and the message's client prefix laid out once
 * in reused buffers, and each hash one call of Node's one-shot `crypto.hash`. The inner hash comes back
 * as a 'binary' (latin1) string, one character per byte, cheaper to make than a Buffer, and is written as bytes.
 * Equal to `createHmac`'s MAC for every key and id (a property test compares them).
 */
function keyedPseudonym(key: Uint8Array, clientId: string): (respondent: string) => string {
  // A key longer than a block is hashed first; a shorter one is padded with zeros.
  const k = key.byteLength > SHA256_BLOCK_BYTES ? hash('sha256', key, 'buffer') : key;
  const prefix = Buffer.from(messagePrefix(clientId), 'utf8');
  const idStart = SHA256_BLOCK_BYTES + prefix.byteLength;
  // (K ⊕ ipad) ‖ client ‖ NUL ‖ id: the id is written over the tail of this buffer for each row.
  let inner = Buffer.alloc(idStart + 256);
  // The message of each id length as a view of `inner`, made at its first use (ids of a file are mostly one length).
  let messages: Buffer[] = [];
  // (K ⊕ opad) ‖ the inner hash.
  const outer = Buffer.alloc(SHA256_BLOCK_BYTES + 32);
  for (let i = 0; i < SHA256_BLOCK_BYTES; i++) {
    const byte = i < k.byteLength ? k[i]! : 0;
    inner[i] = byte ^ 0x36;
    outer[i] = byte ^ 0x5c;
  }
  prefix.copy(inner, SHA256_BLOCK_BYTES);
  return (respondent) => {
    const id = normalisePersonId(respondent);
    // UTF-8 takes at most 3 bytes per UTF-16 unit: with that much room the id is never cut short.
    if (inner.byteLength < idStart + id.length * 3) {
      const larger = Buffer.alloc(idStart + id.length * 3);
      inner.copy(larger, 0, 0, idStart);
      inner = larger;
      messages = [];
    }
    const bytes = inner.write(id, idStart, 'utf8');
    const message = (messages[bytes] ??= inner.subarray(0, idStart + bytes));
    outer.write(hash('sha256', message, 'binary'), SHA256_BLOCK_BYTES, 'binary');
    return hash('sha256', outer, 'base64url').slice(0, PSEUDONYM_LENGTH);
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
