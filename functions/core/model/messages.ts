import * as z from 'zod';
import { CLIENT_ID_PATTERN } from './ids.ts';
import { lazy } from './lazy.ts';

/** Messages between stages. Each is validated where it is received. */

const clientYear = () => ({
  clientId: z.string().regex(CLIENT_ID_PATTERN),
  year: z.number().int().min(1900).max(2199),
});

export const computeRequestSchema = lazy(() => z.object({
  ...clientYear(),
  /** The change sequence this request was sent for; stale when a later change exists. Absent = recompute now. */
  seq: z.number().int().nonnegative().optional(),
  /**
   * When the debounce window ends (epoch ms), counted from when ingest took up the change that caused the
   * request: SQS delays in whole seconds, so compute waits out the part of a second the queue's delay left over.
   */
  notBefore: z.number().int().nonnegative().optional(),
  jobId: z.string().optional(),
  deliver: z.boolean().default(true),
  /** Render a new version even when the inputs did not change (explicit regeneration). */
  force: z.boolean().default(false),
}));
export type ComputeRequest = z.infer<typeof computeRequestSchema>;

export const renderRequestSchema = lazy(() => z.object({
  ...clientYear(),
  inputsHash: z.string(),
  jobId: z.string().optional(),
  deliver: z.boolean().default(true),
  force: z.boolean().default(false),
}));
export type RenderRequest = z.infer<typeof renderRequestSchema>;

export const deliverRequestSchema = lazy(() => z.object({
  ...clientYear(),
  version: z.number().int().positive(),
  jobId: z.string().optional(),
}));
export type DeliverRequest = z.infer<typeof deliverRequestSchema>;
