import { detail } from '../core/parse/messages/index.ts';
import type { Problem, UploadKey } from '../core/model/index.ts';
import type { IngestDeps } from './ingest-types.ts';

/**
 * File names are compared and stored in Unicode NFC (parseUploadKey), but S3 keys are bytes: "Åsa.csv"
 * typed on Windows (NFC) and dragged from a Mac (NFD, "A" + combining ring) are two objects that map to one
 * stored file. Without a check one object's rows replaced the other's, and deleting one erased the other's.
 * Only names with a character outside ASCII can be written two ways, so only they cost a listing.
 */

/** Other objects in the uploads bucket whose key is this one written another way (same NFC form, other bytes). */
export async function otherSpellings(deps: IngestDeps, objectKey: string): Promise<string[]> {
  if (!/[^\u0000-\u007f]/.test(objectKey)) return [];
  const yearEnd = objectKey.indexOf('/', objectKey.indexOf('/') + 1);
  const nfc = objectKey.normalize('NFC');
  const objects = await deps.blobs.list(deps.settings.uploadsBucket, objectKey.slice(0, yearEnd + 1));
  return objects.map((o) => o.key).filter((k) => k !== objectKey && k.normalize('NFC') === nfc);
}

/** The refusal of an upload whose name another object of the folder already has, written another way. */
export function nameCollision(key: UploadKey, objectKey: string, others: readonly string[]): Problem {
  const shown = (k: string) => `"${k.slice(k.indexOf('/', k.indexOf('/') + 1) + 1)}" (${k.normalize('NFC') === k ? 'NFC' : k.normalize('NFD') === k ? 'NFD' : 'mixed'}: ${codePoints(k)})`;
  return {
    file: key.fileName,
    rule: 'name-collision',
    value: key.fileName,
    message: `${key.fileName}: ${detail.nameCollision(shown(objectKey), others.map(shown).join(' and '))}`,
  };
}

/** The non-ASCII code points of a name, so the two spellings can be told apart in a message. */
function codePoints(text: string): string {
  return [...text].filter((c) => c.charCodeAt(0) > 0x7f).map((c) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`).join(' ');
}

/**
 * Control characters and bidirectional overrides in a key: the name would reach a terminal (`effekt files`),
 * an e-mail and the console as it is, where ESC sequences act and U+202E makes "rapport\u202Efdp.csv" read
 * as "rapportvsc.pdf". The API refuses such names at upload; an object put into the bucket directly is
 * quarantined as unroutable, its name shown escaped.
 */
export function unsafeNameReason(objectKey: string): string | undefined {
  const match = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/.exec(objectKey);
  if (match === null) return undefined;
  const codePoint = `U+${match[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
  return `key ${JSON.stringify(objectKey).replace(/[\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)} holds the control character ${codePoint} in its name, which would act in a terminal or make the name read as another; rename the file and upload it again.`;
}
