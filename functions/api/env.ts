import { describeEnvironment, localVariables, parseEnvironment, requireKeySource, variables, type EnvironmentOf } from '../aws/environment.ts';

/** The HTTP API: clients, settings, upload URLs, regeneration, approval, downloads and erasure. */
export const apiEnvironment = describeEnvironment('api', {
  deployed: {
    LOG_LEVEL: variables.LOG_LEVEL,
    TABLE_NAME: variables.TABLE_NAME,
    UPLOADS_BUCKET: variables.UPLOADS_BUCKET,
    REPORTS_BUCKET: variables.REPORTS_BUCKET,
    // Deleting a rejected file removes its quarantined copy and error report.
    QUARANTINE_BUCKET: variables.QUARANTINE_BUCKET,
    // Regeneration goes through compute (which skips unchanged inputs unless forced), then render.
    COMPUTE_QUEUE_URL: variables.COMPUTE_QUEUE_URL,
    // An approved version goes to deliver, which e-mails the client once.
    DELIVER_QUEUE_URL: variables.DELIVER_QUEUE_URL,
    // Erasure finds a person's rows by the pseudonym ingest made of their id.
    PSEUDONYM_SECRET_ARN: variables.PSEUDONYM_SECRET_ARN,
  },
  // Behind API Gateway its JWT authorizer checks tokens; the local server has none, so the API does.
  local: {
    PSEUDONYM_KEY_FILE: localVariables.PSEUDONYM_KEY_FILE,
    API_JWT_PUBLIC_KEY: localVariables.API_JWT_PUBLIC_KEY,
    API_JWT_JWKS_URL: localVariables.API_JWT_JWKS_URL,
    API_JWT_ISSUER: localVariables.API_JWT_ISSUER,
    API_JWT_AUDIENCE: localVariables.API_JWT_AUDIENCE,
  },
  check: requireKeySource,
});
export type ApiEnvironment = EnvironmentOf<typeof apiEnvironment>;

/** This process's environment, checked (the Lambda cold start). */
export const readApiEnvironment = (): ApiEnvironment => parseEnvironment(apiEnvironment, process.env);
