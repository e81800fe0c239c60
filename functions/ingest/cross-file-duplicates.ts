import { detail } from '../core/parse/messages/index.ts';
import type { AssessmentRow, Dataset, InstrumentDefinition, NamedMapping, Problem, ReactionRow, UploadKey } from '../core/model/index.ts';
import { MAX_PROBLEMS_LISTED } from '../core/model/index.ts';
import { parseDataFile } from '../core/parse/index.ts';
import { unpackAssessments, unpackReactions, type RowChunk } from '../core/rows/chunks.ts';
import type { IngestDeps } from './ingest-types.ts';

/**
 * One person, one count, across the files of a client-year (issue 23): a row that another committed file
 * of the year already counts (the same response, or the same score) is refused, naming both files and
 * lines. The parser refuses such rows within one file; here the other files' stored rows are compared.
 * Rows are compared as stored, ids pseudonymised: the pseudonym is made of the normalised id, so every
 * spelling of one person meets its other spellings.
 */

/** A row of another file: which file, and its index among that file's stored rows. */
export interface CountedRow {
  fileName: string;
  rowIndex: number;
}

/** What makes two rows one: the parser's duplicate-response and duplicate-score keys. */
function reactionKey(row: ReactionRow): string {
  return `${row.respondent}\u0000${row.program}\u0000${row.date}`;
}

function assessmentKey(row: AssessmentRow): string {
  return [row.respondent, row.leader, row.program, row.instrument, row.wave, row.rater, row.item ?? row.dimension].join('\u0000');
}

function keysOf(dataset: Dataset, json: string): string[] {
  return dataset === 'reaction' ? unpackReactions(json).map(reactionKey) : unpackAssessments(json).map(assessmentKey);
}

/**
 * Every row the other committed files of this dataset count, by key; undefined when there is no other
 * such file (the usual single-file year costs one read and nothing more).
 */
export async function rowsCountedElsewhere(deps: IngestDeps, key: UploadKey, dataset: Dataset): Promise<Map<string, CountedRow> | undefined> {
  const snapshot = await deps.table.readClientYear(key.clientId, key.year);
  const others = new Map(snapshot.files.filter((f) => f.dataset === dataset && f.fileName !== key.fileName).map((f) => [f.fileId, f]));
  if (others.size === 0) return undefined;
  const counted = new Map<string, CountedRow>();
  const nextIndex = new Map<string, number>();
  // Chunks come in key order, which is each file's row order.
  for (const chunk of snapshot.chunks) {
    const file = others.get(chunk.fileId);
    if (file === undefined || file.ingestId !== chunk.ingestId) continue;
    let rowIndex = nextIndex.get(chunk.fileId) ?? 0;
    for (const rowKey of keysOf(dataset, chunk.json)) {
      if (!counted.has(rowKey)) counted.set(rowKey, { fileName: file.fileName, rowIndex });
      rowIndex++;
    }
    nextIndex.set(chunk.fileId, rowIndex);
  }
  return counted;
}

/** Watches the new file's chunks on their way to the table and notes each row another file already counts. */
export class CrossFileGuard {
  /** The first MAX_PROBLEMS_LISTED rows counted elsewhere: this file's row index, and the other row. */
  readonly found: { rowIndex: number; other: CountedRow }[] = [];
  total = 0;
  private rowIndex = 0;

  constructor(
    private readonly counted: ReadonlyMap<string, CountedRow>,
    private readonly dataset: Dataset,
  ) {}

  async *watch(chunks: Iterable<RowChunk> | AsyncIterable<RowChunk>): AsyncGenerator<RowChunk, void, undefined> {
    for await (const chunk of chunks) {
      for (const rowKey of keysOf(this.dataset, chunk.json)) {
        const other = this.counted.get(rowKey);
        if (other !== undefined) {
          this.total++;
          if (this.found.length < MAX_PROBLEMS_LISTED) this.found.push({ rowIndex: this.rowIndex, other });
        }
        this.rowIndex++;
      }
      yield chunk;
    }
  }
}

/**
 * The refusal's problems: each names this file's line and the other file's line. The other file's lines
 * are found by reading it again (only on this rare path: stored rows keep no line numbers).
 */
export async function crossFileProblems(
  deps: IngestDeps,
  key: UploadKey,
  found: CrossFileGuard['found'],
  rows: readonly (ReactionRow | AssessmentRow)[],
  rowLines: readonly number[],
  reading: { instruments: ReadonlyMap<string, InstrumentDefinition>; mappings: readonly NamedMapping[]; maxBytes: number },
): Promise<Problem[]> {
  const otherLines = new Map<string, number[] | undefined>();
  for (const { other } of found) {
    if (!otherLines.has(other.fileName)) otherLines.set(other.fileName, await linesOf(deps, key, other.fileName, reading));
  }
  return found.map(({ rowIndex, other }) => {
    const row = rows[rowIndex]!;
    const line = rowLines[rowIndex];
    const otherLine = otherLines.get(other.fileName)?.[other.rowIndex];
    const there = detail.fileLine(other.fileName, otherLine);
    const isResponse = 'satisfaction' in row;
    const what = isResponse
      ? detail.responseCountedIn(row.respondent, row.program, row.date, there)
      : detail.scoreCountedIn(row.respondent, `${row.wave} ${row.rater}`, row.leader === row.respondent ? undefined : row.leader, `${row.instrument}/${row.item ?? row.dimension}`, row.program, there);
    const problem: Problem = {
      file: key.fileName,
      rule: isResponse ? 'duplicate-response' : 'duplicate-score',
      column: 'respondent',
      value: row.respondent,
      message: `${detail.fileLine(key.fileName, line)}, column respondent: ${detail.countedElsewhere(what, isResponse ? 'response' : 'score')}`,
    };
    if (line !== undefined) problem.line = line;
    return problem;
  });
}

/** Each stored row's line in another file of the year, read again from the uploads bucket; undefined if it cannot be. */
async function linesOf(
  deps: IngestDeps,
  key: UploadKey,
  fileName: string,
  reading: { instruments: ReadonlyMap<string, InstrumentDefinition>; mappings: readonly NamedMapping[]; maxBytes: number },
): Promise<number[] | undefined> {
  const object = await deps.blobs.get(deps.settings.uploadsBucket, `${key.clientId}/${key.year}/${fileName}`, reading.maxBytes).catch(() => undefined);
  if (object === undefined) return undefined;
  const rowLines: number[] = [];
  const parsed = await parseDataFile({ fileName, bytes: object.bytes, instruments: reading.instruments, mappings: reading.mappings, limits: { maxBytes: reading.maxBytes }, rowLines });
  return parsed.ok ? rowLines : undefined;
}
