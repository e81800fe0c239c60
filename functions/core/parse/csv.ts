import { parse } from 'csv-parse/sync';
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
export function readCsv(rawText: string): CsvResult {
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
  let records: string[][];
  try {
    records = parse(text, {
      delimiter,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
      record_delimiter: '\n',
    });
  } catch (error) {
    const unclosed = findUnclosedQuoteLine(text, delimiter);
    if (unclosed !== undefined) {
      return { ok: false, rule: 'unclosed-quote', line: unclosed, reason: detail.unclosedQuote() };
    }
    const line = lineOf(error);
    return { ok: false, rule: 'malformed-csv', line, reason: detail.brokenQuoting(error instanceof Error ? error.message : String(error)) };
  }

  return tableOf(records, delimiter);
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

/**
 * Line numbers without csv-parse's `info` (which snapshots an object per record and triples the parse
 * time): after normalisation a record spans one line plus one per line break inside its quoted fields,
 * and empty lines come through as records, so counting reproduces the file's own numbering.
 */
function tableOf(records: string[][], delimiter: string): CsvResult {
  const rows: TableRow[] = [];
  let line = 1;
  for (let r = 0; r < records.length; r++) {
    const record = records[r]!;
    rows.push({ line, cells: record });
    line += 1;
    for (let f = 0; f < record.length; f++) {
      const field = record[f]!;
      if (field.includes('\n')) line += field.split('\n').length - 1;
    }
  }
  return tableFrom(rows, delimiter);
}

/** The table of numbered rows: the header is the first non-blank row, the data rows follow it. */
function tableFrom(rows: TableRow[], delimiter: string): CsvResult {
  const headerIndex = rows.findIndex((r) => !isBlankRow(r.cells));
  const header = rows[headerIndex];
  if (header === undefined) return { ok: true, delimiter, table: emptyTable(false) };
  const headerFields = header.cells.length;
  for (let r = headerIndex + 1; r < rows.length; r++) {
    const cells = rows[r]!.cells;
    const swallowed = swallowedRecord(rows[r]!, headerFields, delimiter);
    if (swallowed !== undefined) return swallowedRefusal(swallowed);
    for (let f = headerFields; f < cells.length; f++) {
      const cell = cells[f];
      if (typeof cell === 'string' && cell.trim() !== '') return extraFieldRefusal({ line: rows[r]!.line, column: f + 1 }, headerFields);
    }
  }
  return {
    ok: true,
    delimiter,
    table: {
      headerLine: header.line,
      headers: header.cells.map((c) => (typeof c === 'string' ? c : '')),
      rows: rowList(rows.slice(headerIndex + 1)),
      typedCells: false,
    },
  };
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
