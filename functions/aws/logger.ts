import { Logger } from '@aws-lambda-powertools/logger';

/**
 * Structured JSON logs with client, year and request ids. Never pass personal data
 * (respondent ids, names, e-mail addresses, comments) to the logger.
 */
export function createLogger(serviceName: string): Logger {
  return new Logger({
    serviceName,
    logLevel: (process.env.LOG_LEVEL as 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'SILENT' | undefined) ?? 'INFO',
  });
}
