import { Logger } from '@aws-lambda-powertools/logger';
import type { LogLevel } from './environment.ts';

/**
 * Structured JSON logs with client, year and request ids. Never pass personal data
 * (respondent ids, names, e-mail addresses, comments) to the logger.
 */
export function createLogger(serviceName: string, logLevel: LogLevel): Logger {
  return new Logger({ serviceName, logLevel });
}

/**
 * Runs `work` with `keys` on every log line, and takes them off again however it ends: a record that
 * throws must not lend its client and year to the next record's lines.
 */
export async function withLogKeys<T>(logger: Logger, keys: Record<string, string | number>, work: () => Promise<T>): Promise<T> {
  logger.appendKeys(keys);
  try {
    return await work();
  } finally {
    logger.removeKeys(Object.keys(keys));
  }
}
