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

const reactionToTuple = (r: ReactionRow): ReactionTuple =>
  r.comment === undefined
    ? [r.respondent, r.program, r.date, r.satisfaction, r.usefulness, r.recommendation]
    : [r.respondent, r.program, r.date, r.satisfaction, r.usefulness, r.recommendation, r.comment];

const assessmentToTuple = (r: AssessmentRow): AssessmentTuple => [
  r.respondent,
  r.program,
  r.instrument,
  r.wave,
  r.date,
  r.rater,
  r.dimension,
  r.score,
];

export function packRows(dataset: 'reaction', rows: readonly ReactionRow[]): RowChunk[];
export function packRows(dataset: 'assessment', rows: readonly AssessmentRow[]): RowChunk[];
export function packRows(dataset: Dataset, rows: readonly (ReactionRow | AssessmentRow)[]): RowChunk[] {
  const chunks: RowChunk[] = [];
  let parts: string[] = [];
  let size = 2;
  const flush = () => {
    if (parts.length > 0) chunks.push({ dataset, json: `[${parts.join(',')}]` });
    parts = [];
    size = 2;
  };
  for (const row of rows) {
    const tuple = dataset === 'reaction' ? reactionToTuple(row as ReactionRow) : assessmentToTuple(row as AssessmentRow);
    const encoded = JSON.stringify(tuple);
    // Byte length, not string length: comments carry å, ä, ö.
    const bytes = Buffer.byteLength(encoded) + 1;
    if (size + bytes > MAX_CHUNK_BYTES) flush();
    parts.push(encoded);
    size += bytes;
  }
  flush();
  return chunks;
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
