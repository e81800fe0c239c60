import * as z from 'zod';
import { problemSchema } from './problem.ts';
import { lazy } from './lazy.ts';

/** Records of a client-year's uploads: committed files, rejections, who uploaded, who changed what. */

export const DATASETS = ['reaction', 'assessment'] as const;
const dataset = lazy(() => z.enum(DATASETS));

/** A signed-in person who did something; `email` when their token carried one. */
export const actorSchema = lazy(() => z.object({ sub: z.string().min(1), email: z.string().optional() }));
export type Actor = z.infer<typeof actorSchema>;

/** A presigned upload URL handed to a consultant: the upload that arrives within its lifetime is theirs. */
export const uploadIntentSchema = lazy(() => actorSchema.extend({ issuedAt: z.string(), expiresAt: z.string() }));
export type UploadIntent = z.infer<typeof uploadIntentSchema>;

/** How long after its expiry an upload URL still names the uploader (clock skew between S3 and the API). */
const UPLOAD_INTENT_SLACK_MS = 60_000;

/** The consultant an upload URL names, if the object arrived (`at`: its last-modified time) while the URL was live. */
export function uploaderWithin(intent: UploadIntent | undefined, at: Date): Actor | undefined {
  if (intent === undefined) return undefined;
  const time = at.getTime();
  if (time < Date.parse(intent.issuedAt) - UPLOAD_INTENT_SLACK_MS || time > Date.parse(intent.expiresAt) + UPLOAD_INTENT_SLACK_MS) return undefined;
  return { sub: intent.sub, ...(intent.email ? { email: intent.email } : {}) };
}

/** The latest consultant action through the API that makes a new version (delete, erasure, regenerate, commentary). */
export const consultantActionSchema = lazy(() => actorSchema.extend({
  at: z.string(),
  action: z.enum(['regenerate', 'file-delete', 'erasure', 'commentary', 'program-design']),
}));
export type ConsultantAction = z.infer<typeof consultantActionSchema>;

export const fileRecordSchema = lazy(() => z.object({
  fileName: z.string().min(1),
  dataset,
  sha256: z.string(),
  ingestId: z.string(),
  fileId: z.string(),
  rows: z.number().int().min(0),
  chunks: z.number().int().min(0),
  uploadedAt: z.string(),
  firstDate: z.string().nullable(),
  lastDate: z.string().nullable(),
  /** S3 event sequencer of the upload this record reflects, zero-padded so strings compare in order. */
  sequencer: z.string(),
  /** Set while a rejected re-upload of this key is moved to quarantine, so its removal keeps these rows. */
  quarantinePending: z.boolean().optional(),
  /** The consultant whose upload URL put the file there; absent for files dropped into the bucket directly. */
  uploadedBy: actorSchema.optional(),
  /** The mapping file the export was read through, and that mapping's content hash: changing or removing it re-reads this file. */
  mapping: z.object({ fileName: z.string(), sha256: z.string() }).optional(),
}));
export type FileRecord = z.infer<typeof fileRecordSchema>;

export const rejectionSchema = lazy(() => z.object({
  fileName: z.string().min(1),
  rejectedAt: z.string(),
  problems: z.array(problemSchema),
  totalProblems: z.number().int().min(0),
  quarantineKey: z.string().optional(),
  uploadedBy: actorSchema.optional(),
  /** For an export no mapping fits: the proposed mapping file to correct and upload. */
  proposedMapping: z.object({ fileName: z.string(), json: z.string() }).optional(),
}));
export type Rejection = z.infer<typeof rejectionSchema>;

/** Which file owns a content hash within a client-year (one file per content). */
export const contentClaimSchema = lazy(() => z.object({ fileName: z.string().min(1) }));

/** A client-year's change sequence (debounce, stale compute requests) and what was last rendered. */
export const clientYearStateSchema = lazy(() => z.object({
  changeSeq: z.number().int().default(0),
  computedSeq: z.number().int().default(0),
  /** Inputs hash of the newest report rendered for this client-year. */
  renderedInputsHash: z.string().optional(),
  renderedVersion: z.number().int().optional(),
}));
export type ClientYearState = z.infer<typeof clientYearStateSchema>;
