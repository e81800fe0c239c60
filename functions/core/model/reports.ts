import * as z from 'zod';
import { lazy } from './lazy.ts';

/** Report versions, regeneration jobs, audit events and dead-letter reasons, as stored. */

export const REPORT_STATUSES = ['rendering', 'ready', 'failed'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];
export const DELIVERY_STATUSES = ['sending', 'sent', 'skipped'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export const deliverySchema = lazy(() => z.object({
  status: z.enum(DELIVERY_STATUSES),
  at: z.string(),
  messageId: z.string().optional(),
  recipients: z.number().int().optional(),
}));

/** The draft e-mail to the reviewing consultant (review mode); `no-reviewer` when nobody could be told. */
export const draftSchema = lazy(() => z.object({
  status: z.enum([...DELIVERY_STATUSES, 'no-reviewer']),
  at: z.string(),
  to: z.string().optional(),
  messageId: z.string().optional(),
}));

export const WITHDRAWAL_REASONS = ['erasure', 'no-data'] as const;
export type WithdrawalReason = (typeof WITHDRAWAL_REASONS)[number];

export const reportVersionSchema = lazy(() => z.object({
  clientId: z.string(),
  year: z.number().int(),
  version: z.number().int().min(1),
  status: z.enum(REPORT_STATUSES),
  inputsHash: z.string(),
  createdAt: z.string(),
  s3Key: z.string(),
  bytes: z.number().optional(),
  sha256: z.string().optional(),
  inputs: z.array(z.object({ file: z.string(), sha256: z.string(), rows: z.number() })).optional(),
  jobId: z.string().optional(),
  deliver: z.boolean().optional(),
  failure: z.string().optional(),
  delivery: deliverySchema.optional(),
  draft: draftSchema.optional(),
  /** Who approved sending this version to the client, and when (review mode). */
  approval: z.object({ by: z.string(), at: z.string() }).optional(),
  /** erasure: made before a person was erased (never sent or downloaded again, docs/erasure.md); no-data: the year's last data file was deleted, or an erasure left no row in any. */
  withdrawn: z.object({ at: z.string(), reason: z.enum(WITHDRAWAL_REASONS) }).optional(),
}));
export type ReportVersion = z.infer<typeof reportVersionSchema>;

/** Longer than a message's full retry budget (5 receives of the longest visibility timeout). */
export const JOB_STALE_MS = 45 * 60_000;

export const JOB_STATUSES = ['queued', 'computing', 'rendering', 'delivering', 'done', 'failed'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

export const jobSchema = lazy(() => z.object({
  id: z.string(),
  clientId: z.string(),
  year: z.number().int(),
  status: z.enum(JOB_STATUSES),
  deliver: z.boolean(),
  requestedBy: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int().optional(),
  error: z.string().optional(),
}));
export type Job = z.infer<typeof jobSchema>;

export const AUDIT_ACTIONS = [
  'upload',
  'rejection',
  'regenerate',
  'download',
  'settings-change',
  'report',
  'delivery',
  'erasure',
  'commentary',
  'draft',
  'approval',
  'file-delete',
] as const;

export const auditEventSchema = lazy(() => z.object({
  clientId: z.string(),
  at: z.string(),
  action: z.enum(AUDIT_ACTIONS),
  actor: z.string(),
  detail: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
}));
export type AuditEvent = z.infer<typeof auditEventSchema>;

/** Why a message failed its last attempt before SQS moved it to the dead-letter queue. */
export const deadLetterReasonSchema = lazy(() => z.object({
  /** Source queue name (the DLQ is `<queue>-dlq`). */
  queue: z.string(),
  /** SQS keeps the message id when it dead-letters a message. */
  messageId: z.string(),
  reason: z.string(),
  receiveCount: z.number(),
  failedAt: z.string(),
  /** The message body (first 4,000 characters), to recognise the message after a redrive. */
  body: z.string(),
}));
export type DeadLetterReason = z.infer<typeof deadLetterReasonSchema>;
