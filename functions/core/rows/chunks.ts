import { assessmentColumnsSchema, reactionColumnsSchema, type AssessmentColumns, type AssessmentRow, type Dataset, type ReactionColumns, type ReactionRow } from '../model/index.ts';

/**
 * Rows are stored packed, many per table item: one item per row would make a 100k-row file
 * 100k writes; packed, it is a few dozen. A chunk is one JSON object of columns, each an array with
 * one entry per row: a column of one kind of value compresses far better than the same values
 * interleaved row by row (docs/benchmarks.md), and
 * `JSON.stringify` writes whole arrays in native code instead of a string being built per row.
 */
export type RowChunk = {
  /** JSON object of `columns`. */
  json: string;
  /** `json` as UTF-8: what is stored (compressed), and what MAX_CHUNK_BYTES bounds. */
  utf8: Uint8Array;
} & (
  /** The columns `json` was made of, so that whoever watches the chunk go by need not parse it again. */
  { dataset: 'reaction'; columns: ReactionColumns } | { dataset: 'assessment'; columns: AssessmentColumns }
);

/**
 * Well inside DynamoDB's 400 KB per item, and below V8's large-object size (128 KiB): a larger string or
 * buffer gets fresh pages from the OS, and on a Firecracker VM (Lambda's, and the bench machine's) the
 * first touch of each page is slow enough that larger chunks cost measurably more (docs/benchmarks.md).
 */
export const MAX_CHUNK_BYTES = 100_000;

/** The first chunk's rows, before any chunk has shown how many bytes a row of this file takes. */
const FIRST_CHUNK_ROWS = 1024;

/** Chunks are sized for 90 % of MAX_CHUNK_BYTES at the previous chunk's bytes per row, so few are packed twice. */
const CHUNK_FILL = 0.9;

const identity = (respondent: string): string => respondent;

/** Maps an id on its way into a chunk (ingest: the pseudonymiser). */
export type IdMap = (id: string) => string;

/**
 * Packs rows into chunks of at most MAX_CHUNK_BYTES of JSON (UTF-8), in row order. `respondentOf` maps
 * each respondent id on the way, once per row and in row order (ingest passes the pseudonymiser), so
 * pseudonymised rows need not be copied first. `leaderOf` (default: `respondentOf`) likewise maps each
 * assessment row's leader id, once per row whose leader is not its respondent, in row order: ingest
 * passes a second pseudonymiser made with the same key, so that each follows its own sequence of ids.
 */
export function packRows(dataset: 'reaction', rows: readonly ReactionRow[], respondentOf?: IdMap): RowChunk[];
export function packRows(dataset: 'assessment', rows: readonly AssessmentRow[], respondentOf?: IdMap, leaderOf?: IdMap): RowChunk[];
export function packRows(dataset: Dataset, rows: readonly (ReactionRow | AssessmentRow)[], respondentOf: IdMap = identity, leaderOf: IdMap = respondentOf): RowChunk[] {
  return dataset === 'reaction'
    ? [...packRowChunks('reaction', rows as readonly ReactionRow[], respondentOf)]
    : [...packRowChunks('assessment', rows as readonly AssessmentRow[], respondentOf, leaderOf)];
}

/**
 * `packRows` one chunk at a time: ingest writes each chunk while the next is packed (and pseudonymised),
 * so the DynamoDB writes overlap the packing instead of waiting for all of it.
 */
export function packRowChunks(dataset: 'reaction', rows: readonly ReactionRow[], respondentOf?: IdMap): Generator<RowChunk, void, undefined>;
export function packRowChunks(dataset: 'assessment', rows: readonly AssessmentRow[], respondentOf?: IdMap, leaderOf?: IdMap): Generator<RowChunk, void, undefined>;
export function* packRowChunks(
  dataset: Dataset,
  rows: readonly (ReactionRow | AssessmentRow)[],
  respondentOf: IdMap = identity,
  leaderOf: IdMap = respondentOf,
): Generator<RowChunk, void, undefined> {
  const encoder = new TextEncoder();
  // The mapped respondents (and leaders) of rows start, start + 1, …: each made once, so a chunk packed
  // again with fewer rows reuses them.
  let respondents: string[] = [];
  let leaders: (string | null)[] = [];
  let start = 0;
  let count = FIRST_CHUNK_ROWS;
  while (start < rows.length) {
    const end = Math.min(rows.length, start + count);
    let chunk: RowChunk;
    if (dataset === 'reaction') {
      while (start + respondents.length < end) respondents.push(respondentOf(rows[start + respondents.length]!.respondent));
      const columns = reactionColumns(rows as readonly ReactionRow[], respondents, start, end);
      const json = JSON.stringify(columns);
      chunk = { dataset, columns, json, utf8: encoder.encode(json) };
    } else {
      const assessments = rows as readonly AssessmentRow[];
      while (start + respondents.length < end) {
        const row = assessments[start + respondents.length]!;
        respondents.push(respondentOf(row.respondent));
        leaders.push(row.leader === row.respondent ? null : leaderOf(row.leader));
      }
      const columns = assessmentColumns(assessments, respondents, leaders, start, end);
      const json = JSON.stringify(columns);
      chunk = { dataset: 'assessment', columns, json, utf8: encoder.encode(json) };
    }
    const bytes = chunk.utf8.byteLength;
    // Too big (long comments): pack half as many rows. A single row always makes a chunk.
    if (bytes > MAX_CHUNK_BYTES && end - start > 1) {
      count = Math.ceil((end - start) / 2);
      continue;
    }
    yield chunk;
    count = Math.max(1, Math.floor(((end - start) * MAX_CHUNK_BYTES * CHUNK_FILL) / bytes));
    respondents = respondents.slice(end - start);
    if (leaders.length > 0) leaders = leaders.slice(end - start);
    start = end;
  }
}

/** Columns of rows start … end - 1; `respondents` are the mapped ids from row `start` on. */
function reactionColumns(rows: readonly ReactionRow[], respondents: readonly string[], start: number, end: number): ReactionColumns {
  const n = end - start;
  const columns: ReactionColumns = {
    respondent: respondents.slice(0, n),
    program: new Array<string>(n),
    date: new Array<string>(n),
    satisfaction: new Array<number>(n),
    usefulness: new Array<number>(n),
    recommendation: new Array<number>(n),
    comment: new Array<string | null>(n),
  };
  for (let i = 0; i < n; i++) {
    const row = rows[start + i]!;
    columns.program[i] = row.program;
    columns.date[i] = row.date;
    columns.satisfaction[i] = row.satisfaction;
    columns.usefulness[i] = row.usefulness;
    columns.recommendation[i] = row.recommendation;
    columns.comment[i] = row.comment ?? null;
  }
  return columns;
}

/** `leaders` are the mapped leader ids from row `start` on, null where the leader is the respondent. */
function assessmentColumns(rows: readonly AssessmentRow[], respondents: readonly string[], leaders: readonly (string | null)[], start: number, end: number): AssessmentColumns {
  const n = end - start;
  const columns: AssessmentColumns = {
    respondent: respondents.slice(0, n),
    leader: leaders.slice(0, n),
    program: new Array<string>(n),
    instrument: new Array<string>(n),
    wave: new Array<AssessmentRow['wave']>(n),
    date: new Array<string>(n),
    rater: new Array<AssessmentRow['rater']>(n),
    dimension: new Array<string>(n),
    score: new Array<number>(n),
  };
  for (let i = 0; i < n; i++) {
    const row = rows[start + i]!;
    columns.program[i] = row.program;
    columns.instrument[i] = row.instrument;
    columns.wave[i] = row.wave;
    columns.date[i] = row.date;
    columns.rater[i] = row.rater;
    columns.dimension[i] = row.dimension;
    columns.score[i] = row.score;
    if (row.item !== undefined) {
      if (columns.item === undefined) columns.item = new Array<string | null>(n).fill(null);
      columns.item[i] = row.item;
    }
  }
  return columns;
}

/** The rows of a chunk's columns (checked against the row-chunk schema by whoever read them). */
export function unpackReactions(columns: ReactionColumns): ReactionRow[] {
  const { respondent, program, date, satisfaction, usefulness, recommendation, comment } = columns;
  const rows = new Array<ReactionRow>(respondent.length);
  for (let i = 0; i < rows.length; i++) {
    const row: ReactionRow = {
      respondent: respondent[i]!,
      program: program[i]!,
      date: date[i]!,
      satisfaction: satisfaction[i]!,
      usefulness: usefulness[i]!,
      recommendation: recommendation[i]!,
    };
    const text = comment[i];
    if (text !== null && text !== undefined) row.comment = text;
    rows[i] = row;
  }
  return rows;
}

export function unpackAssessments(columns: AssessmentColumns): AssessmentRow[] {
  const { respondent, leader, program, instrument, wave, date, rater, dimension, item, score } = columns;
  const rows = new Array<AssessmentRow>(respondent.length);
  for (let i = 0; i < rows.length; i++) {
    rows[i] = {
      respondent: respondent[i]!,
      leader: leader[i] ?? respondent[i]!,
      program: program[i]!,
      instrument: instrument[i]!,
      wave: wave[i]!,
      date: date[i]!,
      rater: rater[i]!,
      dimension: dimension[i]!,
      score: score[i]!,
    };
    const itemId = item?.[i];
    if (itemId !== null && itemId !== undefined) rows[i]!.item = itemId;
  }
  return rows;
}

/** The rows of a packed chunk's JSON, checked against the schema (a packed chunk read back, in tests and tools). */
export function reactionRowsOf(json: string): ReactionRow[] {
  return unpackReactions(reactionColumnsSchema.parse(JSON.parse(json)));
}

export function assessmentRowsOf(json: string): AssessmentRow[] {
  return unpackAssessments(assessmentColumnsSchema.parse(JSON.parse(json)));
}
