import * as z from 'zod';
import type { Node } from 'constructs';

/** Placeholder so `cdk synth` works without settings; a deploy refuses it (see app.ts). */
export const PLACEHOLDER_SENDER = 'rapporter@effekt.example';

// Context values arrive as strings from `-c key=value` and as JSON types from cdk.json or tests.
const boolish = z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]);
const intish = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

export const contextSchema = z.object({
  env: z.enum(['dev', 'prod']).default('dev'),
  senderEmail: z.email({ message: 'senderEmail must be an e-mail address, e.g. -c senderEmail=rapporter@example.se' }).default(PLACEHOLDER_SENDER),
  /** Operators' address for alarm notifications; no subscription when absent. */
  alarmEmail: z.email({ message: 'alarmEmail must be an e-mail address' }).optional(),
  /** Raw uploads and quarantined files expire after this many days. */
  uploadRetentionDays: intish(1, 3650).default(90),
  /** SQS DelaySeconds on the compute queue (SQS allows at most 900). */
  coalesceSeconds: intish(0, 900).default(60),
  /** Largest PDF sent as an attachment; larger reports are sent as a link. SES caps a message at 40 MB. */
  maxAttachmentBytes: intish(1024, 30 * 1024 * 1024).default(7 * 1024 * 1024),
  /** Set when the SES identity for senderEmail already exists in the account (e.g. created by the other env's stack). */
  importSenderIdentity: boolish.default(false),
  /** X-Ray active tracing on every function. */
  tracing: boolish.default(false),
  logLevel: z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR']).default('INFO'),
  /** Days CloudWatch keeps function and API logs. */
  logRetentionDays: intish(1, 3653).default(90),
});

export type EffektContext = z.infer<typeof contextSchema>;

const KEYS = Object.keys(contextSchema.shape) as (keyof EffektContext)[];

/** Reads and validates the Effekt settings from CDK context; throws one readable message listing every problem. */
export function readContext(node: Node): EffektContext {
  const raw: Record<string, unknown> = {};
  for (const key of KEYS) {
    const value: unknown = node.tryGetContext(key);
    if (value !== undefined && value !== '') raw[key] = value;
  }
  return parseContext(raw);
}

export function parseContext(raw: Record<string, unknown>): EffektContext {
  const parsed = contextSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  - ${i.path.join('.') || '(context)'}: ${i.message}`);
    throw new Error(`Invalid Effekt CDK context (pass settings with -c key=value, see docs/deploy.md):\n${lines.join('\n')}`);
  }
  return parsed.data;
}

/** `effekt-dev` / `effekt-prod`: the prefix of every named resource, so both environments fit in one account. */
export function resourcePrefix(ctx: EffektContext): string {
  return `effekt-${ctx.env}`;
}
