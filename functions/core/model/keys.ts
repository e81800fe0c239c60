/**
 * Every table key, built in one place. Single-table design; every access is a Query or GetItem, never a Scan:
 *
 * | pk                | sk                                   | what                                   |
 * |-------------------|--------------------------------------|----------------------------------------|
 * | CLIENT#<c>        | SETTINGS                             | client settings (gsi1: CLIENTS / <c>)  |
 * | CLIENT#<c>        | INSTRUMENT#<id>                      | the client's own instrument definitions|
 * | CLIENT#<c>        | METRICS#<year>                       | metrics document, Brotli (trend = Query) |
 * | CLIENT#<c>        | METRICSPART#<year>#<part:3>          | further parts of a document over one item |
 * | CLIENT#<c>        | REPORT#<year>#<version:6>            | report version records                 |
 * | CLIENT#<c>        | JOB#<year>                           | the current regeneration job           |
 * | CY#<c>#<year>     | STATE                                | change sequence (debounce, version check) |
 * | CY#<c>#<year>     | FILE#<file name>                     | committed file record                  |
 * | CY#<c>#<year>     | HASH#<sha256>                        | which file owns this content           |
 * | CY#<c>#<year>     | ROWS#<file id>#<ingest id>#<chunk:5> | packed rows of one committed ingest (Brotli) |
 * | CY#<c>#<year>     | REJECTION#<file name>                | latest rejection of a file             |
 * | ROWKEYS#<c>#<year>| <file id>#<ingest id>#<part:3>       | row-key digest of one ingest (cross-file duplicate check) |
 * | CY#<c>#<year>     | UPLOAD#<file name>                   | who was last given an upload URL for it |
 * | CY#<c>#<year>     | ACTION                               | the latest consultant action (not an upload) that changes the report |
 * | CY#<c>#<year>     | COMMENTARY                           | the consultant's commentary (kommentar.md) |
 * | CY#<c>#<year>     | MAPPING#<file name>                  | a mapping file (*.mapping.json) of the client-year |
 * | CY#<c>#<year>     | PROGRAM#<programme id>               | a programme description (<id>.program.json) |
 * | AUDIT#<c>         | <iso time>#<id>                      | audit trail (gsi1: AUDIT / <time>)     |
 * | DLQ#<queue>       | <message id>                         | why a message failed its last attempt  |
 *
 * Numbers in sort keys are zero-padded so that keys sort as the numbers do.
 */

import * as z from 'zod';
import { lazy } from './lazy.ts';

/** The primary key of one table item. */
export interface TableKey {
  pk: string;
  sk: string;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

const clientPk = (clientId: string) => `CLIENT#${clientId}`;
const clientYearPk = (clientId: string, year: number) => `CY#${clientId}#${year}`;
/** Row-key digests live apart from the client-year's items, so compute's read of the client-year never carries them. */
const rowKeysPk = (clientId: string, year: number) => `ROWKEYS#${clientId}#${year}`;

/** Sort-key prefixes, for Queries with begins_with. */
export const SK_PREFIX = {
  instrument: 'INSTRUMENT#',
  metrics: 'METRICS#',
  report: (year: number) => `REPORT#${year}#`,
  file: 'FILE#',
  rows: (fileId: string, ingestId?: string) => (ingestId === undefined ? `ROWS#${fileId}#` : `ROWS#${fileId}#${ingestId}#`),
  anyRows: 'ROWS#',
  rowKeys: (fileId: string, ingestId?: string) => (ingestId === undefined ? `${fileId}#` : `${fileId}#${ingestId}#`),
  rejection: 'REJECTION#',
  mapping: 'MAPPING#',
  programDesign: 'PROGRAM#',
} as const;

/** Partition keys of the client list and the audit trail on gsi1. */
export const GSI1 = { clients: 'CLIENTS', audit: 'AUDIT' } as const;

export const keys = {
  clientPk,
  clientYearPk,
  rowKeysPk,
  settings: (clientId: string): TableKey => ({ pk: clientPk(clientId), sk: 'SETTINGS' }),
  instrument: (clientId: string, id: string): TableKey => ({ pk: clientPk(clientId), sk: `${SK_PREFIX.instrument}${id}` }),
  metrics: (clientId: string, year: number): TableKey => ({ pk: clientPk(clientId), sk: `${SK_PREFIX.metrics}${year}` }),
  metricsPart: (clientId: string, year: number, part: number): TableKey => ({ pk: clientPk(clientId), sk: `METRICSPART#${year}#${pad(part, 3)}` }),
  report: (clientId: string, year: number, version: number): TableKey => ({ pk: clientPk(clientId), sk: `${SK_PREFIX.report(year)}${pad(version, 6)}` }),
  job: (clientId: string, year: number): TableKey => ({ pk: clientPk(clientId), sk: `JOB#${year}` }),
  state: (clientId: string, year: number): TableKey => ({ pk: clientYearPk(clientId, year), sk: 'STATE' }),
  file: (clientId: string, year: number, fileName: string): TableKey => ({ pk: clientYearPk(clientId, year), sk: `${SK_PREFIX.file}${fileName}` }),
  contentHash: (clientId: string, year: number, sha256: string): TableKey => ({ pk: clientYearPk(clientId, year), sk: `HASH#${sha256}` }),
  rows: (clientId: string, year: number, fileId: string, ingestId: string, chunk: number): TableKey => ({
    pk: clientYearPk(clientId, year),
    sk: `${SK_PREFIX.rows(fileId, ingestId)}${pad(chunk, 5)}`,
  }),
  rowKeys: (clientId: string, year: number, fileId: string, ingestId: string, part: number): TableKey => ({
    pk: rowKeysPk(clientId, year),
    sk: `${SK_PREFIX.rowKeys(fileId, ingestId)}${pad(part, 3)}`,
  }),
  rejection: (clientId: string, year: number, fileName: string): TableKey => ({ pk: clientYearPk(clientId, year), sk: `${SK_PREFIX.rejection}${fileName}` }),
  upload: (clientId: string, year: number, fileName: string): TableKey => ({ pk: clientYearPk(clientId, year), sk: `UPLOAD#${fileName}` }),
  action: (clientId: string, year: number): TableKey => ({ pk: clientYearPk(clientId, year), sk: 'ACTION' }),
  commentary: (clientId: string, year: number): TableKey => ({ pk: clientYearPk(clientId, year), sk: 'COMMENTARY' }),
  mapping: (clientId: string, year: number, fileName: string): TableKey => ({ pk: clientYearPk(clientId, year), sk: `${SK_PREFIX.mapping}${fileName}` }),
  programDesign: (clientId: string, year: number, programId: string): TableKey => ({ pk: clientYearPk(clientId, year), sk: `${SK_PREFIX.programDesign}${programId}` }),
  auditPk: (clientId: string) => `AUDIT#${clientId}`,
  audit: (clientId: string, at: string, id: string): TableKey => ({ pk: `AUDIT#${clientId}`, sk: `${at}#${id}` }),
  deadLetterPk: (queue: string) => `DLQ#${queue}`,
  deadLetter: (queue: string, messageId: string): TableKey => ({ pk: `DLQ#${queue}`, sk: messageId }),
} as const;

/**
 * A `METRICS#<year>` item as the years listing reads it: its keys and how many data files its figures
 * count (`dataFiles`, absent on items stored before the count was kept beside the document).
 */
export const metricsYearItemSchema = lazy(() =>
  z.object({ pk: z.string(), sk: z.string().regex(/^METRICS#\d{4}$/, 'is not METRICS#<year>'), dataFiles: z.number().int().min(0).optional() }),
);

/** The year of a `METRICS#<year>` sort key. */
export function yearOfMetricsSk(sk: string): number {
  return Number(sk.slice(SK_PREFIX.metrics.length));
}

/** The file id and ingest id of a row-key digest part's sort key, `<file id>#<ingest id>#<part>`. */
export function parseRowKeysSk(sk: string): { fileId: string; ingestId: string } | undefined {
  const [fileId, ingestId, part] = sk.split('#');
  return fileId && ingestId && part ? { fileId, ingestId } : undefined;
}

/** The file id and ingest id of a `ROWS#<file id>#<ingest id>#<chunk>` sort key. */
export function parseRowsSk(sk: string): { fileId: string; ingestId: string } | undefined {
  const [prefix, fileId, ingestId] = sk.split('#');
  return prefix === 'ROWS' && fileId && ingestId ? { fileId, ingestId } : undefined;
}
