import { Parser } from 'csv-parse';
import type { DataRows, Table, TableRow } from './table.ts';
import { emptyTable, isBlankRow, rowList } from './table.ts';
import { detail } from './messages/index.ts';

/**
 * A refusal names its rule: `unclosed-quote` (a quote that never closes, or that swallows whole records),
 * `malformed-csv` (other broken quoting) or `extra-field` (a row with a value past the header's last column,
 * `column` its 1-based field number). `reason` is the sentence after the place.
 */
export type CsvResult =
  | { ok: true; table: Table; delimiter: string }
  | { ok: false; rule: 'malformed-csv' | 'unclosed-quote' | 'extra-field'; line: number; column?: number; reason: string };

const DELIMITERS = [';', ',', '\t'] as const;

/**
 * Reads CSV text into a table whose rows keep the line they start on (header = first non-empty line).
 * Line endings are normalised first so that a CRLF inside a quoted comment is one line break.
 */
export function readCsv(rawText: string, reading: CsvReading = DEFAULT_CSV_READING): CsvResult {
  const text = rawText.includes('\r') ? rawText.replace(/\r\n?/g, '\n') : rawText;
  const delimiter = detectDelimiter(text);
  // Without a single quote character there is nothing for csv-parse to interpret: every line is one
  // record and every delimiter ends a field. Splitting gives exactly csv-parse's records for such text
  // (empty lines as [''], no record after a final line break) at a fraction of the cost; any file with
  // a quote anywhere goes through csv-parse.
  if (!text.includes('"')) {
    const table = unquotedTable(text, delimiter);
    const extra = table.rows instanceof UnquotedRows ? table.rows.firstExtraField(table.headers.length) : undefined;
    return extra === undefined ? { ok: true, delimiter, table } : extraFieldRefusal(extra, table.headers.length);
  }
  const read = readQuoted(text, delimiter, reading, text.length <= reading.holdRecordsUpToChars);
  if (!('error' in read)) return read;
  const unclosed = findUnclosedQuoteLine(text, delimiter);
  if (unclosed !== undefined) {
    return { ok: false, rule: 'unclosed-quote', line: unclosed, reason: detail.unclosedQuote() };
  }
  const error = read.error;
  return { ok: false, rule: 'malformed-csv', line: lineOf(error), reason: detail.brokenQuoting(error.message) };
}

/**
 * The table of quote-free text: one record per line, fields split at the delimiter (csv-parse's records
 * for such text), each on its own line number: no field can hold a line break, so none needs counting.
 */
function unquotedTable(text: string, delimiter: string): Table {
  let line = 1;
  for (let start = 0; start < text.length; line++) {
    const end = lineEnd(text, start);
    if (!isBlankLine(text, start, end, delimiter)) {
      const headers = text.slice(start, end).split(delimiter);
      return { headerLine: line, headers, rows: new UnquotedRows(text, delimiter, end + 1, line + 1), typedCells: false };
    }
    start = end + 1;
  }
  return emptyTable(false);
}

/**
 * The data rows of quote-free text, each line split only when the iteration reaches it. Splitting the
 * whole file up front kept every row's cells alive until the reader had run, and copying them through
 * the young generation was most of the garbage collection while parsing a large file.
 */
class UnquotedRows implements DataRows {
  constructor(
    private readonly text: string,
    private readonly delimiter: string,
    /** Where the first data row starts in the text, and its line number. */
    private readonly start: number,
    private readonly firstLine: number,
  ) {}

  *[Symbol.iterator](): Iterator<TableRow> {
    const { text, delimiter } = this;
    let line = this.firstLine;
    for (let start = this.start; start < text.length; line++) {
      const end = lineEnd(text, start);
      yield { line, cells: text.slice(start, end).split(delimiter) };
      start = end + 1;
    }
  }

  /**
   * The first row with a value past the header's `headerFields` fields: its line and the 1-based number
   * of that field. Empty fields past the header (trailing delimiters, as spreadsheets write them) lose
   * nothing and pass. Walks delimiters with indexOf, no split and no allocation per row.
   */
  firstExtraField(headerFields: number): { line: number; column: number } | undefined {
    const { text, delimiter } = this;
    let line = this.firstLine;
    // The next delimiter in the text, carried from line to line: each is found once, so lines without a
    // delimiter cost no search to the end of the file each.
    let at = text.indexOf(delimiter, this.start);
    for (let start = this.start; start < text.length && at !== -1; line++) {
      const end = lineEnd(text, start);
      let fields = 1;
      while (at !== -1 && at < end) {
        fields++;
        const next = text.indexOf(delimiter, at + 1);
        if (fields > headerFields && !isBlankSpan(text, at + 1, next === -1 || next > end ? end : next)) return { line, column: fields };
        at = next;
      }
      start = end + 1;
    }
    return undefined;
  }

  countNonBlank(limit: number): number {
    const { text, delimiter } = this;
    let count = 0;
    for (let start = this.start; start < text.length && count <= limit; ) {
      const end = lineEnd(text, start);
      if (!isBlankLine(text, start, end, delimiter)) count++;
      start = end + 1;
    }
    return count;
  }
}

/** Where the line starting at `start` ends: its line break, or the end of the text. */
function lineEnd(text: string, start: number): number {
  const end = text.indexOf('\n', start);
  return end === -1 ? text.length : end;
}

/** Whether text[start, end) is only white space. */
function isBlankSpan(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (text.charCodeAt(i) > 0x20 && text[i]!.trim() !== '') return false;
  return true;
}

function extraFieldRefusal(extra: { line: number; column: number }, headerFields: number): CsvResult {
  return {
    ok: false,
    rule: 'extra-field',
    line: extra.line,
    column: extra.column,
    reason: detail.extraField(extra.column, headerFields),
  };
}

/** `isBlankRow` of the line's cells; a line that starts with a visible character other than the delimiter needs no split. */
function isBlankLine(text: string, start: number, end: number, delimiter: string): boolean {
  const first = text.charCodeAt(start);
  if (first > 0x20 && first < 0x7f && first !== delimiter.charCodeAt(0)) return false;
  return isBlankRow(text.slice(start, end).split(delimiter));
}

/** How quoted text is read (tests set small values to reach both ways and chunk boundaries with small texts). */
export interface CsvReading {
  /**
   * Quoted text up to this many characters keeps its records from the one pass that checks them; longer
   * text is checked in a first pass that keeps nothing and parsed again, chunk by chunk, as its rows are
   * iterated. Holding every record of a large file (an array of strings per row, beside the rows built from
   * them) is what kept a quoted file near the row limit from fitting the ingest function's memory.
   */
  holdRecordsUpToChars: number;
  /** How much text is encoded and handed to csv-parse at a time. */
  chunkChars: number;
}

export const DEFAULT_CSV_READING: CsvReading = { holdRecordsUpToChars: 8 * 1024 * 1024, chunkChars: 64 * 1024 };

const CSV_OPTIONS = { relax_column_count: true, relax_quotes: true, skip_empty_lines: false, record_delimiter: '\n' } as const;

/** csv-parse's core, fed piece by piece: it emits the records `csv-parse/sync` gives for the whole text, in order. */
interface RecordParser {
  parse(chunk: Buffer | undefined, end: boolean, push: (record: string[]) => void, close: () => void): Error | undefined;
}

/**
 * csv-parse's incremental parser. The package exports it only inside its stream class, as `api` (what the
 * stream and `csv-parse/sync` both drive); driving it directly keeps the reading synchronous and lets a
 * file's records be dropped or produced one chunk at a time. The check makes a csv-parse release without it
 * fail loudly (and the equivalence tests fail) rather than misread a file.
 */
function recordParser(delimiter: string): RecordParser {
  const stream: object = new Parser({ ...CSV_OPTIONS, delimiter });
  const api: unknown = 'api' in stream ? stream.api : undefined;
  if (typeof api !== 'object' || api === null || !('parse' in api) || typeof api.parse !== 'function') {
    throw new Error('csv-parse no longer exposes its incremental parser (Parser#api); csv.ts must be adapted to this release');
  }
  return api as RecordParser;
}

const NO_CLOSE = (): void => {};

/**
 * The text's records, as csv-parse emits them, a chunk's worth at a time (the same array, refilled: read it
 * before asking for the next). Returns csv-parse's error if the text is malformed, after the records before it.
 */
function* recordBatches(text: string, delimiter: string, chunkChars: number): Generator<string[][], Error | undefined> {
  const parser = recordParser(delimiter);
  const batch: string[][] = [];
  const take = (record: string[]): void => {
    batch.push(record);
  };
  for (let start = 0; ; ) {
    const last = start >= text.length;
    const end = last ? start : chunkEnd(text, start, chunkChars);
    const error = parser.parse(last ? undefined : Buffer.from(text.slice(start, end), 'utf8'), last, take, NO_CLOSE);
    if (batch.length > 0) yield batch;
    batch.length = 0;
    if (error !== undefined) return error;
    if (last) return undefined;
    start = end;
  }
}

/** Where the chunk from `start` ends: never between the two halves of a surrogate pair, which would encode as U+FFFD each. */
function chunkEnd(text: string, start: number, chunkChars: number): number {
  const end = Math.min(text.length, start + chunkChars);
  if (end === text.length) return end;
  const last = text.charCodeAt(end - 1);
  return last >= 0xd800 && last <= 0xdbff ? end + 1 : end;
}

/**
 * The line the record after `row` starts on. After normalisation a record spans one line plus one per line
 * break inside its quoted fields, and empty lines come through as records, so counting reproduces the file's
 * own numbering (csv-parse's `info` would too, but snapshots an object per record).
 */
function lineAfter(row: TableRow): number {
  let line = row.line + 1;
  for (const cell of row.cells) {
    if (typeof cell !== 'string') continue;
    for (let at = cell.indexOf('\n'); at !== -1; at = cell.indexOf('\n', at + 1)) line++;
  }
  return line;
}

/**
 * Reads quoted text: the header is the first non-blank record, the data rows follow it. One pass checks every
 * data row (a quote that swallows records, a value past the header's last column) and counts them; with
 * `holdRecords` it keeps the rows too, otherwise the table's rows parse the text again as they are iterated.
 * csv-parse's own error comes back as `error`: it outranks a row's refusal, as it is about the file's quoting.
 */
function readQuoted(text: string, delimiter: string, reading: CsvReading, holdRecords: boolean): CsvResult | { ok: false; error: Error & { lines?: number } } {
  let line = 1;
  let records = 0;
  let header: TableRow | undefined;
  let headerRecord = -1;
  let nonBlank = 0;
  let refusal: CsvResult | undefined;
  let held: TableRow[] | undefined = holdRecords ? [] : undefined;
  const batches = recordBatches(text, delimiter, reading.chunkChars);
  let next = batches.next();
  for (; next.done !== true; next = batches.next()) {
    for (const cells of next.value) {
      const row: TableRow = { line, cells };
      line = lineAfter(row);
      records++;
      if (header === undefined) {
        if (!isBlankRow(cells)) {
          header = row;
          headerRecord = records - 1;
        }
        continue;
      }
      if (refusal !== undefined) continue;
      refusal = rowRefusal(row, header.cells.length, delimiter);
      if (refusal !== undefined) {
        held = undefined;
        continue;
      }
      if (!isBlankRow(cells)) nonBlank++;
      held?.push(row);
    }
  }
  const error = next.value;
  if (error !== undefined) return { ok: false, error };
  if (refusal !== undefined) return refusal;
  if (header === undefined) return { ok: true, delimiter, table: emptyTable(false) };
  const rows = held === undefined ? new QuotedRows(text, delimiter, reading.chunkChars, headerRecord, nonBlank) : rowList(held);
  return { ok: true, delimiter, table: { headerLine: header.line, headers: header.cells.map((c) => (typeof c === 'string' ? c : '')), rows, typedCells: false } };
}

/** A data row's refusal: a quoted field that swallows records, or a value past the header's `headerFields` fields. */
function rowRefusal(row: TableRow, headerFields: number, delimiter: string): CsvResult | undefined {
  const swallowed = swallowedRecord(row, headerFields, delimiter);
  if (swallowed !== undefined) return swallowedRefusal(swallowed);
  const cells = row.cells;
  for (let f = headerFields; f < cells.length; f++) {
    const cell = cells[f];
    if (typeof cell === 'string' && cell.trim() !== '') return extraFieldRefusal({ line: row.line, column: f + 1 }, headerFields);
  }
  return undefined;
}

/**
 * The data rows of a large quoted text, parsed again each time they are iterated, one chunk at a time, so
 * that no more than a chunk's records are alive beside the rows the reader builds. `readQuoted` has parsed
 * the same text without error, so parsing it again cannot fail.
 */
class QuotedRows implements DataRows {
  constructor(
    private readonly text: string,
    private readonly delimiter: string,
    private readonly chunkChars: number,
    /** The header's index among the text's records: the data rows are the records after it. */
    private readonly headerRecord: number,
    private readonly nonBlank: number,
  ) {}

  *[Symbol.iterator](): Iterator<TableRow> {
    const batches = recordBatches(this.text, this.delimiter, this.chunkChars);
    let line = 1;
    let records = 0;
    let next = batches.next();
    for (; next.done !== true; next = batches.next()) {
      for (const cells of next.value) {
        const row: TableRow = { line, cells };
        line = lineAfter(row);
        if (records++ > this.headerRecord) yield row;
      }
    }
    if (next.value !== undefined) throw next.value;
  }

  countNonBlank(): number {
    return this.nonBlank;
  }
}

/**
 * A quoted field whose inner lines are themselves records of the file: a line with exactly the header's
 * number of fields and an id-like first field (one word, no quote). A real multi-line comment almost never
 * splits into exactly that many fields with a single word first; a quote opened by mistake and closed by
 * a later one swallows the rows between, raw ids included, into one comment. Returns where the quote
 * opens and the swallowed line.
 */
function swallowedRecord(row: TableRow, headerFields: number, delimiter: string): { opensOn: number; swallowedLine: number } | undefined {
  let line = row.line;
  for (const cell of row.cells) {
    if (typeof cell !== 'string' || !cell.includes('\n')) continue;
    const parts = cell.split('\n');
    for (let i = 1; i < parts.length; i++) {
      const fields = parts[i]!.split(delimiter);
      if (fields.length === headerFields && ID_LIKE.test(fields[0]!.trim())) return { opensOn: line, swallowedLine: line + i };
    }
    line += parts.length - 1;
  }
  return undefined;
}

/** One word of at most 64 characters without quotes: what an id in the first column looks like. */
const ID_LIKE = /^[^\s"]{1,64}$/;

function swallowedRefusal(swallowed: { opensOn: number; swallowedLine: number }): CsvResult {
  return {
    ok: false,
    rule: 'unclosed-quote',
    line: swallowed.opensOn,
    reason: detail.swallowedRecord(swallowed.swallowedLine),
  };
}

/** The delimiter that occurs most often (outside quotes) on the first non-empty line; comma on a tie. */
export function detectDelimiter(text: string): string {
  const firstLine = text.split('\n', 20).find((l) => l.trim() !== '') ?? '';
  const unquoted = firstLine.replace(/"[^"]*"/g, '');
  let best: string = ',';
  let bestCount = 0;
  for (const d of DELIMITERS) {
    const count = unquoted.split(d).length - 1;
    if (count > bestCount) {
      best = d;
      bestCount = count;
    }
  }
  return best;
}

/** The line where a quote opens a field and is never closed, found by a plain quote-state scan. */
export function findUnclosedQuoteLine(text: string, delimiter: string): number | undefined {
  let line = 1;
  let inQuotes = false;
  let openedOn = 0;
  let atFieldStart = true;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inQuotes) {
      if (ch === '"') {
        if (text[i + 1] === '"') i++;
        else inQuotes = false;
      } else if (ch === '\n') line++;
      continue;
    }
    if (ch === '"' && atFieldStart) {
      inQuotes = true;
      openedOn = line;
      atFieldStart = false;
    } else if (ch === '\n') {
      line++;
      atFieldStart = true;
    } else if (ch === delimiter) {
      atFieldStart = true;
    } else if (ch !== ' ') {
      atFieldStart = false;
    }
  }
  return inQuotes ? openedOn : undefined;
}

function lineOf(error: unknown): number {
  if (typeof error === 'object' && error !== null && 'lines' in error && typeof error.lines === 'number') return error.lines;
  return 1;
}
