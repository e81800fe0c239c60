import * as z from 'zod';
import { lazy } from '../core/model/lazy.ts';

/**
 * How a stage describes its environment (functions/<stage>/env.ts): one zod schema of every variable
 * it reads, and which of them the CDK stack sets. The stack (infra/effekt-stack.ts), the Lambda cold
 * start, the local runtime and the tests all read the same description. Only zod and the model's `lazy` here: infra
 * imports it.
 */

export const LOG_LEVELS = ['DEBUG', 'INFO', 'WARN', 'ERROR', 'SILENT'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

// Each variable's schema is built on first use (`lazy`): a stage reads a few of them, and only on its first
// request, so none is built while the bundle loads.
const name = () => z.string().min(1);

/**
 * Where the AWS services are. Lambda sets AWS_REGION itself (the stack may not); the endpoints are set
 * only in local mode, where they point at the embedded emulators.
 */
export const serviceVariables = {
  AWS_REGION: lazy(name),
  EFFEKT_ENDPOINT_DYNAMODB: lazy(() => z.url().optional()),
  EFFEKT_ENDPOINT_S3: lazy(() => z.url().optional()),
  EFFEKT_ENDPOINT_SES: lazy(() => z.url().optional()),
  EFFEKT_ENDPOINT_SQS: lazy(() => z.url().optional()),
  EFFEKT_ENDPOINT_SECRETSMANAGER: lazy(() => z.url().optional()),
};
export const serviceEnvironmentSchema = lazy(() => z.object(serviceVariables));
export type ServiceEnvironment = z.output<typeof serviceEnvironmentSchema>;

/** Every variable a stage may read, defined once; each stage's env.ts picks its own. */
export const variables = {
  LOG_LEVEL: lazy(() => z.enum(LOG_LEVELS)),
  /** CloudWatch namespace of the stage's embedded-format metrics (the alarms read the same one). */
  POWERTOOLS_METRICS_NAMESPACE: lazy(name),
  TABLE_NAME: lazy(name),
  UPLOADS_BUCKET: lazy(name),
  REPORTS_BUCKET: lazy(name),
  QUARANTINE_BUCKET: lazy(name),
  COMPUTE_QUEUE_URL: lazy(() => z.url()),
  RENDER_QUEUE_URL: lazy(() => z.url()),
  DELIVER_QUEUE_URL: lazy(() => z.url()),
  SENDER_EMAIL: lazy(() => z.email()),
  /** Bounces and complaints of mail sent with this configuration set come back to the feedback stage. */
  SES_CONFIGURATION_SET: lazy(name),
  /** Debounce before compute, so a burst of uploads ends in one report. */
  COALESCE_SECONDS: lazy(() => z.coerce.number().int().min(0).max(900)),
  MAX_ATTACHMENT_BYTES: lazy(() => z.coerce.number().int().positive()),
  /** The API's own URL, for download links in e-mails (no trailing slash). */
  API_BASE_URL: lazy(() => z.url()),
  /** AWS: the secret holding the pseudonymisation key. */
  PSEUDONYM_SECRET_ARN: lazy(() => name().optional()),
} as const;

/** Variables only a local run sets; never the stack. */
export const localVariables = {
  /** Local mode: a file holding the pseudonymisation key (instead of PSEUDONYM_SECRET_ARN). */
  PSEUDONYM_KEY_FILE: lazy(() => name().optional()),
  /** Receives before a message is dead-lettered; tests lower it together with the queues' redrive policy. */
  MAX_RECEIVE_COUNT: lazy(() => z.coerce.number().int().positive().optional()),
  /**
   * API authentication when API Gateway's JWT authorizer did not run (local `effekt serve`): a public
   * key (PEM or JWK JSON) or a JWKS URL, plus the issuer and audience tokens must carry.
   */
  API_JWT_PUBLIC_KEY: lazy(() => name().optional()),
  API_JWT_JWKS_URL: lazy(() => z.url().optional()),
  API_JWT_ISSUER: lazy(() => name().optional()),
  API_JWT_AUDIENCE: lazy(() => name().optional()),
} as const;

export interface EnvironmentDescription<Env, Deployed extends string> {
  stage: string;
  /** Every variable the stage reads: the service variables, the deployed ones and its local ones. */
  schema: z.ZodType<Env>;
  /** The variables the CDK stack sets for this stage, each one (a missing one fails the synth). */
  deployed: readonly Deployed[];
}

/** The checked environment a description stands for. */
export type EnvironmentOf<D> = D extends EnvironmentDescription<infer Env, string> ? Env : never;

type Shape = Record<string, z.ZodType>;

/** A rule across variables, reported on `variable` (checked even when other variables are invalid). */
export interface CrossRule {
  variable: string;
  holds: (env: Record<string, unknown>) => boolean;
  message: string;
}

/**
 * A stage's environment: `deployed` are the variables the stack sets, `local` the ones only a local run
 * sets (optional). `check` adds a rule across variables.
 */
export function describeEnvironment<Deployed extends Shape, Local extends Shape = Record<never, never>>(
  stage: string,
  parts: { deployed: Deployed; local?: Local; check?: CrossRule },
): EnvironmentDescription<z.output<z.ZodObject<typeof serviceVariables & Deployed & Local>>, keyof Deployed & string> {
  const check = parts.check;
  const build = () => {
    const object = z.object({ ...serviceVariables, ...parts.deployed, ...(parts.local ?? {}) } as typeof serviceVariables & Deployed & Local);
    return check
      ? object.refine((env) => check.holds(env as Record<string, unknown>), { path: [check.variable], message: check.message, when: () => true })
      : object;
  };
  return {
    stage,
    // Built by the first parse (the cold start's first request), not when the stage's env.ts loads.
    schema: lazy(build),
    deployed: Object.keys(parts.deployed) as (keyof Deployed & string)[],
  };
}

/** Thrown at cold start (or local start) when a variable is missing or invalid; the message names each one. */
export class EnvironmentError extends Error {
  override readonly name = 'EnvironmentError';
}

/** The stage's variables from `env`, checked; throws an EnvironmentError naming every missing or invalid one. */
export function parseEnvironment<Env>(
  description: EnvironmentDescription<Env, string>,
  env: Readonly<Record<string, string | undefined>>,
): Env {
  // Parsed once per cold start: zod's compiled fast path (see STORED_PARSE_CONTEXT) would be built for one use.
  const parsed = description.schema.safeParse(env, { jitless: true });
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => {
    const variable = issue.path.join('.');
    if (issue.code !== 'custom' && variable && env[variable] === undefined) return `${variable} is not set`;
    return variable ? `${variable}: ${issue.message}` : issue.message;
  });
  throw new EnvironmentError(`the ${description.stage} stage's environment is invalid: ${problems.join('; ')}`);
}

/**
 * The environment the stack gives a stage's function: exactly the description's deployed variables.
 * Throws at synth when one is missing or empty, or when one is set that the stage does not read.
 */
export function deployedEnvironment<Deployed extends string>(
  description: EnvironmentDescription<unknown, Deployed>,
  values: Readonly<Record<Deployed, string>>,
): Record<string, string> {
  const given = values as Readonly<Record<string, string | undefined>>;
  const missing = description.deployed.filter((variable) => !given[variable]);
  const unknown = Object.keys(given).filter((variable) => !(description.deployed as readonly string[]).includes(variable));
  if (missing.length > 0 || unknown.length > 0) {
    const parts = [
      missing.length > 0 ? `${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} required but not set` : '',
      unknown.length > 0 ? `${unknown.join(', ')} ${unknown.length === 1 ? 'is' : 'are'} not read by the stage` : '',
    ].filter(Boolean);
    throw new EnvironmentError(`the ${description.stage} function's environment (functions/${description.stage}/env.ts): ${parts.join('; ')}`);
  }
  return { ...(given as Record<string, string>) };
}

/** Ingest and the API read the pseudonymisation key: from Secrets Manager in AWS, from a file locally. */
export const requireKeySource: CrossRule = {
  variable: 'PSEUDONYM_SECRET_ARN',
  holds: (env) => Boolean(env.PSEUDONYM_SECRET_ARN) || Boolean(env.PSEUDONYM_KEY_FILE),
  message: 'not set, nor PSEUDONYM_KEY_FILE (its local alternative)',
};
