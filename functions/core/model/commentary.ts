import * as z from 'zod';
import { lazy } from './lazy.ts';

/** File names that carry the consultant's commentary for a client-year (`<client>/<year>/kommentar.md`). */
export const COMMENTARY_FILE_NAMES = ['kommentar.md', 'commentary.md'] as const;
export const MAX_COMMENTARY_CHARS = 20_000;

export function isCommentaryFile(fileName: string): boolean {
  const base = (fileName.split('/').pop() ?? fileName).trim().toLowerCase();
  return (COMMENTARY_FILE_NAMES as readonly string[]).includes(base);
}

/** The commentary as stored for a client-year: the Markdown text and where it came from. */
export const commentaryRecordSchema = lazy(() => z
  .object({
    markdown: z.string().min(1).max(MAX_COMMENTARY_CHARS),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    fileName: z.string().min(1),
    updatedAt: z.iso.datetime(),
    /** S3 sequencer of the upload it came from: an older delete event may not remove a newer upload. */
    sequencer: z.string(),
  })
  .strict());

export type CommentaryRecord = z.infer<typeof commentaryRecordSchema>;
