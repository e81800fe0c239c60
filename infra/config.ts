import * as z from 'zod';
import type { Node } from 'constructs';

/** Placeholder so `cdk synth` works without settings; a deploy refuses it (see app.ts). */
export const PLACEHOLDER_SENDER = 'rapporter@effekt.example';

// Context values arrive as strings from `-c key=value` and as JSON types from cdk.json or tests.
const boolish = z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]);
const intish = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const numberish = (min: number, max: number) => z.coerce.number().min(min).max(max);
/** A list from cdk.json (JSON array) or from `-c key=a,b` (comma-separated). */
const listOf = <T extends z.ZodType>(item: T) =>
  z.preprocess((v) => (typeof v === 'string' ? v.split(',').map((s) => s.trim()).filter(Boolean) : v), z.array(item));
const hostname = z.string().regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'must be a lowercase domain name, e.g. effekt.example.se');

/** Where the stack goes when the config names no region: personal data of Swedish clients stays in Stockholm. */
export const DEFAULT_REGION = 'eu-north-1';
/** Placeholder account so synth works offline; a deploy uses the account of the credentials (or `account`). */
export const PLACEHOLDER_ACCOUNT = '111111111111';
/** ACM certificates for CloudFront live in us-east-1, whatever the stack's region. */
const cloudFrontCertificateArn = z.string().regex(/^arn:aws:acm:us-east-1:\d{12}:certificate\/[0-9a-f-]{36}$/, 'consoleCertificateArn must be an ACM certificate ARN in us-east-1 (CloudFront only uses certificates from there)');

export const contextSchema = z.object({
  env: z.enum(['dev', 'prod']).default('dev'),
  /**
   * AWS region of the whole stack. Chosen here, never taken from the CLI (which falls back to
   * us-east-1 when no profile names a region): EU regions only, because the data is personal data.
   */
  region: z.string().regex(/^eu-[a-z]+-\d$/, 'region must be an EU region (eu-…), e.g. eu-north-1').default(DEFAULT_REGION),
  /** AWS account; default: the account of the deploying credentials (CDK_DEFAULT_ACCOUNT). */
  account: z.string().regex(/^\d{12}$/, 'account must be a 12-digit AWS account id').optional(),
  senderEmail: z.email({ message: 'senderEmail must be an e-mail address, e.g. -c senderEmail=rapporter@example.se' }).default(PLACEHOLDER_SENDER),
  /**
   * The sending domain (e.g. effekt.konsult.se). When set, the stack creates an SES domain identity with
   * Easy DKIM and a custom MAIL FROM domain, senderEmail must be an address of it, and no single-address
   * identity is created (that one is only for trying Effekt out). DNS records: docs/deploy.md.
   */
  mailDomain: hostname.optional(),
  /** Left-most label of the custom MAIL FROM domain: `<mailFromSubdomain>.<mailDomain>`. */
  mailFromSubdomain: z.string().regex(/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/, 'mailFromSubdomain must be one DNS label, e.g. bounce').default('bounce'),
  /** Language of Cognito's invitation and verification e-mails. */
  authLocale: z.enum(['sv', 'en']).default('sv'),
  /**
   * The console's own host name (e.g. konsol.effekt.konsult.se) with its certificate; without them the
   * console is served at the distribution's generated `*.cloudfront.net` name.
   */
  consoleDomain: hostname.optional(),
  consoleCertificateArn: cloudFrontCertificateArn.optional(),
  /**
   * OAuth redirect and sign-out URLs besides the deployed console's own (`<console origin>/`, always
   * allowed), e.g. a console served from elsewhere during development. Their origins may call the API.
   */
  consoleCallbackUrls: listOf(z.url({ message: 'consoleCallbackUrls must be URLs' })).optional(),
  consoleLogoutUrls: listOf(z.url({ message: 'consoleLogoutUrls must be URLs' })).optional(),
  /**
   * Prefix of the Cognito managed-login domain `<prefix>.auth.<region>.amazoncognito.com` (unique per
   * region across all AWS accounts). Default: `effekt-<env>-<account>`.
   */
  authDomainPrefix: z.string().regex(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/, 'authDomainPrefix must be lowercase letters, digits and hyphens').optional(),
  /** Alarm when this many files or more are rejected within an hour: the sign of a broken export. */
  rejectedFilesPerHour: intish(1, 10_000).default(5),
  /** Alarm when more than this percentage of API requests in 5 minutes end in a 5xx reply. */
  api5xxPercent: numberish(0.1, 100).default(5),
  /** Alarm when the API's p95 latency stays above this for 15 minutes. */
  apiLatencyP95Ms: intish(100, 30_000).default(3000),
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

const checkedSchema = contextSchema.superRefine((ctx, issues) => {
  if (ctx.mailDomain && ctx.senderEmail !== PLACEHOLDER_SENDER) {
    const senderDomain = ctx.senderEmail.split('@')[1]?.toLowerCase() ?? '';
    if (senderDomain !== ctx.mailDomain && !senderDomain.endsWith(`.${ctx.mailDomain}`)) {
      issues.addIssue({ code: 'custom', path: ['senderEmail'], message: `senderEmail must be an address of mailDomain ${ctx.mailDomain}, e.g. rapporter@${ctx.mailDomain}` });
    }
  }
  if (ctx.env === 'prod') {
    for (const key of ['consoleCallbackUrls', 'consoleLogoutUrls'] as const) {
      for (const url of ctx[key] ?? []) {
        if (!url.startsWith('https://')) issues.addIssue({ code: 'custom', path: [key], message: `${key} must be https URLs in prod (got ${url})` });
      }
    }
  }
  if ((ctx.consoleDomain === undefined) !== (ctx.consoleCertificateArn === undefined)) {
    issues.addIssue({ code: 'custom', path: ['consoleDomain'], message: 'consoleDomain and consoleCertificateArn go together: CloudFront serves a host name only with a certificate for it' });
  }
  // Cognito refuses domain prefixes containing these words.
  if (ctx.authDomainPrefix && /aws|amazon|cognito/.test(ctx.authDomainPrefix)) {
    issues.addIssue({ code: 'custom', path: ['authDomainPrefix'], message: 'authDomainPrefix must not contain "aws", "amazon" or "cognito" (Cognito reserves them)' });
  }
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
  const parsed = checkedSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  - ${i.path.join('.') || '(context)'}: ${i.message}`);
    throw new Error(`Invalid Effekt CDK context (pass settings with -c key=value, see docs/deploy.md):\n${lines.join('\n')}`);
  }
  return parsed.data;
}

/**
 * The console's OAuth URLs: the deployed console's own (`<origin>/`: the console receives the code at its
 * root and routes with the URL fragment) first, then any configured extra ones. `consoleOrigin` may be a
 * deploy-time token (the distribution's generated name).
 */
export function consoleUrls(ctx: EffektContext, consoleOrigin: string): { callbackUrls: string[]; logoutUrls: string[] } {
  const own = `${consoleOrigin}/`;
  return {
    callbackUrls: [...new Set([own, ...(ctx.consoleCallbackUrls ?? [])])],
    logoutUrls: [...new Set([own, ...(ctx.consoleLogoutUrls ?? [])])],
  };
}

/** Origins that may call the API from a browser: the console's, and those of the extra callback URLs. */
export function consoleOrigins(ctx: EffektContext, consoleOrigin: string): string[] {
  return [...new Set([consoleOrigin, ...(ctx.consoleCallbackUrls ?? []).map((url) => new URL(url).origin)])];
}

/** The managed-login domain prefix: configured, else `effekt-<env>-<account>` (globally unique per region). */
export function authDomainPrefix(ctx: EffektContext, account: string): string {
  return ctx.authDomainPrefix ?? `${resourcePrefix(ctx)}-${account}`;
}

/** `effekt-dev` / `effekt-prod`: the prefix of every named resource, so both environments fit in one account. */
export function resourcePrefix(ctx: EffektContext): string {
  return `effekt-${ctx.env}`;
}
