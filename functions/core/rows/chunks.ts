import type { AssessmentRow, Dataset, ReactionRow } from '../model/index.ts';

/**
 * Rows are stored packed, many per table item: one item per row would make a 100k-row file
 * 100k writes; packed, it is a few hundred. Each row is a positional array to keep items small.
 */
export interface RowChunk {
  dataset: Dataset;
  /** JSON array of positional row arrays. */
  json: string;
}

/** DynamoDB items are at most 400 KB; leave room for keys and attribute names. */
export const MAX_CHUNK_BYTES = 300_000;

type ReactionTuple = [string, string, string, number, number, number, string?];
type AssessmentTuple = [string, string, string, string, string, string, string, number];

/**
 * JSON text of a string, memoised for values that repeat on most rows (program, date, instrument, wave,
 * rater, dimension). Bounded so that a column of unique values does not grow it without end.
 */
function jsonStrings(): (value: string) => string {
  const cache = new Map<string, string>();
  return (value) => {
    let json = cache.get(value);
    if (json === undefined) {
      json = JSON.stringify(value);
      if (cache.size < 10_000) cache.set(value, json);
    }
    return json;
  };
}

const identity = (respondent: string): string => respondent;

/** JSON text of a number as `JSON.stringify` writes it (non-finite numbers, which rows never hold, as null). */
const jsonNumber = (value: number): string => (Number.isFinite(value) ? String(value) : 'null');

/**
 * Packs rows into chunks of at most MAX_CHUNK_BYTES of JSON (UTF-8), each row as a positional array:
 * the text is exactly `JSON.stringify` of the tuple, written directly so no tuple is allocated per row.
 * `respondentOf` maps each respondent id on the way (ingest passes the pseudonymiser), so pseudonymised
 * rows need not be copied first.
 */
export function packRows(dataset: 'reaction', rows: readonly ReactionRow[], respondentOf?: (respondent: string) => string): RowChunk[];
export function packRows(dataset: 'assessment', rows: readonly AssessmentRow[], respondentOf?: (respondent: string) => string): RowChunk[];
export function packRows(dataset: Dataset, rows: readonly (ReactionRow | AssessmentRow)[], respondentOf: (respondent: string) => string = identity): RowChunk[] {
  return [...packRowChunks(dataset as 'reaction', rows as readonly ReactionRow[], respondentOf)];
}

/**
 * `packRows` one chunk at a time: ingest writes each chunk while the next is packed (and pseudonymised),
 * so the DynamoDB writes overlap the packing instead of waiting for all of it.
 */
export function packRowChunks(dataset: 'reaction', rows: readonly ReactionRow[], respondentOf?: (respondent: string) => string): Generator<RowChunk, void, undefined>;
export function packRowChunks(dataset: 'assessment', rows: readonly AssessmentRow[], respondentOf?: (respondent: string) => string): Generator<RowChunk, void, undefined>;
export function* packRowChunks(
  dataset: Dataset,
  rows: readonly (ReactionRow | AssessmentRow)[],
  respondentOf: (respondent: string) => string = identity,
): Generator<RowChunk, void, undefined> {
  const json = jsonStrings();
  let parts: string[] = [];
  let size = 2;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    let encoded: string;
    const respondent = JSON.stringify(respondentOf(row.respondent));
    if (dataset === 'reaction') {
      const r = row as ReactionRow;
      encoded = `[${respondent},${json(r.program)},${json(r.date)},${jsonNumber(r.satisfaction)},${jsonNumber(r.usefulness)},${jsonNumber(r.recommendation)}${r.comment === undefined ? '' : `,${JSON.stringify(r.comment)}`}]`;
    } else {
      const r = row as AssessmentRow;
      encoded = `[${respondent},${json(r.program)},${json(r.instrument)},${json(r.wave)},${json(r.date)},${json(r.rater)},${json(r.dimension)},${jsonNumber(r.score)}]`;
    }
    // Byte length, not string length: comments carry å, ä, ö.
    const bytes = Buffer.byteLength(encoded) + 1;
    if (size + bytes > MAX_CHUNK_BYTES && parts.length > 0) {
      yield { dataset, json: `[${parts.join(',')}]` };
      parts = [];
      size = 2;
    }
    parts.push(encoded);
    size += bytes;
  }
  if (parts.length > 0) yield { dataset, json: `[${parts.join(',')}]` };
}

export function unpackReactions(json: string): ReactionRow[] {
  return (JSON.parse(json) as ReactionTuple[]).map(([respondent, program, date, satisfaction, usefulness, recommendation, comment]) =>
    comment === undefined
      ? { respondent, program, date, satisfaction, usefulness, recommendation }
      : { respondent, program, date, satisfaction, usefulness, recommendation, comment },
  );
}

export function unpackAssessments(json: string): AssessmentRow[] {
  return (JSON.parse(json) as AssessmentTuple[]).map(([respondent, program, instrument, wave, date, rater, dimension, score]) => ({
    respondent,
    program,
    instrument,
    wave: wave as AssessmentRow['wave'],
    date,
    rater: rater as AssessmentRow['rater'],
    dimension,
    score,
  }));
}
