import * as z from 'zod';

/**
 * Every setting a handler reads from its environment, validated once at cold start.
 * Endpoints are the only thing that differs between AWS and local mode.
 */
const optionalUrl = z.url().optional();

const envSchema = z.object({
  AWS_REGION: z.string().default('eu-north-1'),
  TABLE_NAME: z.string().min(1).default('effekt'),
  UPLOADS_BUCKET: z.string().min(1).default('effekt-uploads'),
  REPORTS_BUCKET: z.string().min(1).default('effekt-reports'),
  QUARANTINE_BUCKET: z.string().min(1).default('effekt-quarantine'),
  COMPUTE_QUEUE_URL: z.string().default(''),
  RENDER_QUEUE_URL: z.string().default(''),
  DELIVER_QUEUE_URL: z.string().default(''),
  SENDER_EMAIL: z.email().default('rapporter@effekt.example'),
  SES_CONFIGURATION_SET: z.string().optional(),
  /** AWS: the secret holding the pseudonymisation key. */
  PSEUDONYM_SECRET_ARN: z.string().optional(),
  /** Local mode: a file holding the pseudonymisation key. */
  PSEUDONYM_KEY_FILE: z.string().optional(),
  /** Debounce before compute, so a burst of uploads ends in one report. */
  COALESCE_SECONDS: z.coerce.number().int().min(0).max(900).default(60),
  MAX_ATTACHMENT_BYTES: z.coerce.number().int().positive().default(7 * 1024 * 1024),
  API_BASE_URL: z.string().default('https://effekt.example/api'),
  /**
   * API authentication when API Gateway's JWT authorizer did not run (local `effekt serve`):
   * a public key (PEM or JWK JSON) or a JWKS URL, plus the issuer and audience tokens must carry.
   */
  API_JWT_PUBLIC_KEY: z.string().optional(),
  API_JWT_JWKS_URL: optionalUrl,
  API_JWT_ISSUER: z.string().optional(),
  API_JWT_AUDIENCE: z.string().optional(),
  EFFEKT_ENDPOINT_DYNAMODB: optionalUrl,
  EFFEKT_ENDPOINT_S3: optionalUrl,
  EFFEKT_ENDPOINT_SES: optionalUrl,
  EFFEKT_ENDPOINT_SQS: optionalUrl,
  EFFEKT_ENDPOINT_SECRETSMANAGER: optionalUrl,
});

export type EffektConfig = z.infer<typeof envSchema>;

let cached: EffektConfig | undefined;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): EffektConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const details = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`invalid environment: ${details}`);
  }
  return parsed.data;
}

/** The configuration of this process, read once (Lambda cold start or local runtime start). */
export function config(): EffektConfig {
  cached ??= loadConfig();
  return cached;
}

/** Local runtime and tests change endpoints between runs in one process. */
export function resetConfigForTests(): void {
  cached = undefined;
}
