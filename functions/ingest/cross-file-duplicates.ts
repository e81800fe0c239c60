import { detail } from '../core/parse/messages/index.ts';
import type { AssessmentRow, Dataset, InstrumentDefinition, NamedMapping, Problem, ReactionRow, UploadKey } from '../core/model/index.ts';
import { MAX_PROBLEMS_LISTED } from '../core/model/index.ts';
import { parseDataFile } from '../core/parse/index.ts';
import type { RowChunk } from '../core/rows/chunks.ts';
import { DigestFilter, RowKeyDigestBuilder, rowKeyAt, rowKeysOf, type ChunkColumns } from '../core/rows/row-keys.ts';
import type { IngestDeps } from './ingest-types.ts';

/**
 * One person, one count, across the files of a client-year (issue 23): a row that another committed file
 * of the year already counts (the same response, or the same score) is refused, naming both files and
 * lines. The parser refuses such rows within one file; here the other files' stored rows are compared.
 * Rows are compared as stored, ids pseudonymised: the pseudonym is made of the normalised id, so every
 * spelling of one person meets its other spellings. Each ingest stores a digest of its rows' keys
 * (functions/core/rows/row-keys.ts), so the check reads one small record per file, not every row.
 */

/** A row of another file: which file, and its index among that file's stored rows. */
export interface CountedRow {
  fileName: string;
  rowIndex: number;
}

/** Another committed file of the dataset; `keys`, its rows' exact keys, once they have been read. */
interface OtherFile {
  fileName: string;
  fileId: string;
  ingestId: string;
  keys?: Promise<string[]>;
}

/** The other committed files of the dataset, and their rows' key hashes (source i: files[i]). */
export interface CountedElsewhere {
  files: OtherFile[];
  filter: DigestFilter;
}

/** An ingest's rows' exact keys, read from its stored chunks. */
async function storedKeys(deps: IngestDeps, key: UploadKey, file: OtherFile): Promise<string[]> {
  const chunks = await deps.store.rows.readIngestChunks(key.clientId, key.year, file.fileId, file.ingestId);
  return chunks.flatMap((chunk) => rowKeysOf(chunk.dataset === 'reaction' ? { dataset: 'reaction', columns: chunk.columns() } : { dataset: 'assessment', columns: chunk.columns() }));
}

/**
 * What the other committed files of this dataset count: their row-key digests (one small read for the
 * client-year), or, for a file stored before digests were (or whose digest is incomplete), the hashes
 * of its rows read from its chunks, as the check always did. Undefined when there is no other such file:
 * the digests are read only once the file list shows one (the first file of a dataset costs one small read).
 */
export async function rowsCountedElsewhere(deps: IngestDeps, key: UploadKey, dataset: Dataset): Promise<CountedElsewhere | undefined> {
  const files = await deps.store.files.listFiles(key.clientId, key.year);
  // In the order of the row chunks' sort keys, so that a key counted in two other files names the same one it always did.
  const others = files.filter((f) => f.dataset === dataset && f.fileName !== key.fileName).sort((a, b) => (a.fileId < b.fileId ? -1 : a.fileId > b.fileId ? 1 : 0));
  if (others.length === 0) return undefined;
  const digests = await deps.store.rows.readRowKeyDigests(key.clientId, key.year);
  const digestOf = new Map(digests.map((d) => [`${d.fileId}#${d.ingestId}`, d.digest]));
  const sources = await Promise.all(
    others.map(async (f): Promise<{ file: OtherFile; hashes: Uint32Array }> => {
      const file: OtherFile = { fileName: f.fileName, fileId: f.fileId, ingestId: f.ingestId };
      const digest = digestOf.get(`${f.fileId}#${f.ingestId}`);
      if (digest !== undefined && digest.dataset === dataset && digest.rows === f.rows) return { file, hashes: digest.hashes };
      // No digest: the file's rows are read now, and their keys kept for confirming matches.
      const chunks = await deps.store.rows.readIngestChunks(key.clientId, key.year, f.fileId, f.ingestId);
      const builder = new RowKeyDigestBuilder(dataset);
      const keys: string[] = [];
      for (const chunk of chunks) {
        const columns: ChunkColumns = chunk.dataset === 'reaction' ? { dataset: 'reaction', columns: chunk.columns() } : { dataset: 'assessment', columns: chunk.columns() };
        builder.add(columns);
        for (const rowKey of rowKeysOf(columns)) keys.push(rowKey);
      }
      file.keys = Promise.resolve(keys);
      return { file, hashes: builder.digest().hashes };
    }),
  );
  const filter = new DigestFilter(sources.reduce((sum, s) => sum + s.hashes.length / 2, 0));
  for (const s of sources) filter.add(s.hashes);
  return { files: sources.map((s) => s.file), filter };
}

/** A new row that passed the filter: its index in the file, its hash, and its exact key. */
interface Candidate {
  rowIndex: number;
  h1: number;
  h2: number;
  key: string;
}

/**
 * Watches the new file's chunks on their way to the table: makes its row-key digest, and notes each row
 * another file already counts. Each row is tested against a filter of the other files' hashes as its
 * chunk goes by; the few that pass (every real match among them) keep their exact key, and once the last
 * chunk has gone by they are looked up among the other files' hashes and compared by exact key with
 * those rows, read from the table (only then): a hash collision is a candidate that fails the
 * comparison, never a refusal, and a real duplicate is always among the candidates.
 */
export class CrossFileGuard {
  /** The first MAX_PROBLEMS_LISTED rows counted elsewhere: this file's row index, and the other row. */
  readonly found: { rowIndex: number; other: CountedRow }[] = [];
  total = 0;
  /** Hash matches that were not the same key (collisions): counted for the log, harmless otherwise. */
  collisions = 0;
  readonly digest: RowKeyDigestBuilder;
  /** What the other files count, once read; until then the chunks that went by wait in `unchecked`. */
  private read: { counted: CountedElsewhere | undefined } | undefined;
  private readonly unchecked: { chunk: RowChunk; firstRow: number; at: number }[] = [];
  private readonly candidates: Candidate[] = [];

  /**
   * `counted` may still be being read: the first chunks go to the table meanwhile (the read overlaps
   * packing and writing) and are tested once it is there; every row is checked before the last write
   * is done, and a file with a row counted elsewhere is never committed.
   */
  constructor(
    private readonly deps: IngestDeps,
    private readonly key: UploadKey,
    private readonly counted: Promise<CountedElsewhere | undefined> | CountedElsewhere | undefined,
    dataset: Dataset,
  ) {
    this.digest = new RowKeyDigestBuilder(dataset);
    if (!(counted instanceof Promise)) this.read = { counted };
    else counted.then((c) => (this.read = { counted: c }), () => undefined);
  }

  async *watch(chunks: Iterable<RowChunk> | AsyncIterable<RowChunk>): AsyncGenerator<RowChunk, void, undefined> {
    for await (const chunk of chunks) {
      const firstRow = this.digest.rows;
      const at = this.digest.add(chunk);
      this.unchecked.push({ chunk, firstRow, at });
      if (this.read !== undefined) this.testUnchecked(this.read.counted);
      yield chunk;
    }
    const counted = await this.counted;
    this.testUnchecked(counted);
    if (counted !== undefined) await this.confirm(counted);
  }

  private testUnchecked(counted: CountedElsewhere | undefined): void {
    for (const { chunk, firstRow, at } of this.unchecked.splice(0)) {
      if (counted === undefined) continue;
      const words = this.digest.words;
      const n = chunk.columns.respondent.length;
      for (let i = 0; i < n; i++) {
        const h1 = words[at + 2 * i]!;
        const h2 = words[at + 2 * i + 1]!;
        if (counted.filter.mayHold(h1, h2)) this.candidates.push({ rowIndex: firstRow + i, h1, h2, key: rowKeyAt(chunk, i) });
      }
    }
  }

  /** Each candidate, in row order, against the other rows with its hash, earliest file and row first. */
  private async confirm(counted: CountedElsewhere): Promise<void> {
    const probes = new Uint32Array(2 * this.candidates.length);
    this.candidates.forEach((c, i) => {
      probes[2 * i] = c.h1;
      probes[2 * i + 1] = c.h2;
    });
    const entries = counted.filter.entriesOf(probes);
    for (let c = 0; c < this.candidates.length; c++) {
      const candidate = this.candidates[c]!;
      for (const hit of entries[c]!) {
        const file = counted.files[hit.source]!;
        file.keys ??= storedKeys(this.deps, this.key, file);
        if ((await file.keys)[hit.row] !== candidate.key) {
          this.collisions++;
          continue;
        }
        this.total++;
        if (this.found.length < MAX_PROBLEMS_LISTED) this.found.push({ rowIndex: candidate.rowIndex, other: { fileName: file.fileName, rowIndex: hit.row } });
        break;
      }
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
