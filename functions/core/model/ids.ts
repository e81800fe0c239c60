/** Identifiers that appear in S3 keys, table keys and API paths. */

export const CLIENT_ID_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;
export const YEAR_PATTERN = /^(19|20|21)\d{2}$/;

export function isClientId(value: string): boolean {
  return CLIENT_ID_PATTERN.test(value);
}

export function isYear(value: string): boolean {
  return YEAR_PATTERN.test(value);
}

export interface UploadKey {
  clientId: string;
  year: number;
  /** The file's name inside `<clientId>/<year>/`, may contain sub-folders. */
  fileName: string;
}

export type UploadKeyResult = { ok: true; key: UploadKey } | { ok: false; message: string };

/**
 * Reads `<clientId>/<year>/<file name>`. Anything else is refused with a sentence a consultant can act on:
 * keys are how a dropped file says which client and year it belongs to.
 */
export function parseUploadKey(rawKey: string): UploadKeyResult {
  const key = rawKey.normalize('NFC');
  const parts = key.split('/');
  const expected = 'expected <client>/<year>/<file name>, e.g. sodertalje/2025/reaktioner-maj.csv';
  if (parts.length < 3) return { ok: false, message: `key "${key}" has the wrong layout: ${expected}` };
  const [clientId, year, ...rest] = parts as [string, string, ...string[]];
  const fileName = rest.join('/');
  if (!isClientId(clientId)) {
    return { ok: false, message: `key "${key}": "${clientId}" is not a client id (lowercase letters, digits and hyphens); ${expected}` };
  }
  if (!isYear(year)) return { ok: false, message: `key "${key}": "${year}" is not a four-digit year; ${expected}` };
  if (fileName.length === 0 || fileName.endsWith('/')) return { ok: false, message: `key "${key}" names no file; ${expected}` };
  return { ok: true, key: { clientId, year: Number(year), fileName } };
}

/** S3 event keys are URL-encoded with '+' for spaces. */
export function decodeS3EventKey(key: string): string {
  return decodeURIComponent(key.replace(/\+/g, ' '));
}
