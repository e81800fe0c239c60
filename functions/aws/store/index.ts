import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Stores } from '../../core/ports.ts';
import { DynamoActivityStore, DynamoClientYearStateStore } from './client-year.ts';
import { DynamoCommentaryStore, DynamoMappingStore, DynamoProgramDesignStore } from './commentary-mappings.ts';
import { DynamoFileStore } from './files.ts';
import { DynamoAuditLog, DynamoDeadLetterStore, DynamoJobStore } from './jobs-audit.ts';
import { DynamoMetricsStore } from './metrics.ts';
import { DynamoReportStore } from './reports.ts';
import { DynamoRowStore } from './rows.ts';
import { DynamoInstrumentStore, DynamoSettingsStore } from './settings.ts';
import { TableClient } from './table-client.ts';

export { DynamoDeadLetterStore } from './jobs-audit.ts';
export { TableClient } from './table-client.ts';
export { TABLE_KEY_SCHEMA } from '../table-schema.ts';

/** Every store on one DynamoDB table; a stage is handed the ones it uses (see functions/core/ports.ts). */
export function dynamoStores(db: DynamoDBClient, tableName: string): Stores {
  const table = new TableClient(db, tableName);
  return {
    settings: new DynamoSettingsStore(table),
    instruments: new DynamoInstrumentStore(table),
    commentary: new DynamoCommentaryStore(table),
    mappings: new DynamoMappingStore(table),
    programDesigns: new DynamoProgramDesignStore(table),
    state: new DynamoClientYearStateStore(table),
    files: new DynamoFileStore(table),
    rows: new DynamoRowStore(table),
    activity: new DynamoActivityStore(table),
    metrics: new DynamoMetricsStore(table),
    reports: new DynamoReportStore(table),
    jobs: new DynamoJobStore(table),
    audit: new DynamoAuditLog(table),
    deadLetters: new DynamoDeadLetterStore(table),
  };
}
