import { describeEnvironment, localVariables, parseEnvironment, requireKeySource, variables, type EnvironmentOf } from '../aws/environment.ts';

/** Ingest: validates uploads, stores pseudonymised rows, quarantines rejected files, asks compute for a report. */
export const ingestEnvironment = describeEnvironment('ingest', {
  deployed: {
    LOG_LEVEL: variables.LOG_LEVEL,
    POWERTOOLS_METRICS_NAMESPACE: variables.POWERTOOLS_METRICS_NAMESPACE,
    TABLE_NAME: variables.TABLE_NAME,
    UPLOADS_BUCKET: variables.UPLOADS_BUCKET,
    QUARANTINE_BUCKET: variables.QUARANTINE_BUCKET,
    COMPUTE_QUEUE_URL: variables.COMPUTE_QUEUE_URL,
    PSEUDONYM_SECRET_ARN: variables.PSEUDONYM_SECRET_ARN,
    COALESCE_SECONDS: variables.COALESCE_SECONDS,
    SENDER_EMAIL: variables.SENDER_EMAIL,
    SES_CONFIGURATION_SET: variables.SES_CONFIGURATION_SET,
  },
  local: { PSEUDONYM_KEY_FILE: localVariables.PSEUDONYM_KEY_FILE, MAX_RECEIVE_COUNT: localVariables.MAX_RECEIVE_COUNT },
  check: requireKeySource,
});
export type IngestEnvironment = EnvironmentOf<typeof ingestEnvironment>;

/** This process's environment, checked (the Lambda cold start). */
export const readIngestEnvironment = (): IngestEnvironment => parseEnvironment(ingestEnvironment, process.env);
