import { parse } from 'csv-parse/sync';
import type { Table, TableRow } from './table.ts';
import { isBlankRow } from './table.ts';

export type CsvResult = { ok: true; table: Table; delimiter: string } | { ok: false; line: number; reason: string };

const DELIMITERS = [';', ',', '\t'] as const;

/**
 * Reads CSV text into a table whose rows keep the line they start on (header = first non-empty line).
 * Line endings are normalised first so that a CRLF inside a quoted comment counts as one line:
 * csv-parse counts CR and LF separately there, which would shift every later line number.
 */
export function readCsv(rawText: string): CsvResult {
  const text = rawText.replace(/\r\n?/g, '\n');
  const delimiter = detectDelimiter(text);
  let records: unknown[];
  try {
    records = parse(text, {
      delimiter,
      info: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
      record_delimiter: '\n',
    });
  } catch (error) {
    const unclosed = findUnclosedQuoteLine(text, delimiter);
    if (unclosed !== undefined) {
      return { ok: false, line: unclosed, reason: `a quoted field opens with " on this line and is never closed` };
    }
    const line = lineOf(error);
    return { ok: false, line, reason: `the CSV quoting is broken (${error instanceof Error ? error.message : String(error)})` };
  }

  const rows: TableRow[] = [];
  let previousEnd = 0;
  for (const entry of records) {
    // With `info: true` csv-parse yields { record, info } although its typings say string[].
    if (!isRecordWithInfo(entry)) continue;
    rows.push({ line: previousEnd + 1, cells: entry.record });
    previousEnd = entry.info.lines;
  }
  const headerIndex = rows.findIndex((r) => !isBlankRow(r.cells));
  const header = rows[headerIndex];
  if (header === undefined) return { ok: true, delimiter, table: { headerLine: 1, headers: [], rows: [], typedCells: false } };
  return {
    ok: true,
    delimiter,
    table: {
      headerLine: header.line,
      headers: header.cells.map((c) => (typeof c === 'string' ? c : '')),
      rows: rows.slice(headerIndex + 1),
      typedCells: false,
    },
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

function isRecordWithInfo(entry: unknown): entry is { record: string[]; info: { lines: number } } {
  if (typeof entry !== 'object' || entry === null || !('record' in entry) || !('info' in entry)) return false;
  const { record, info } = entry;
  return Array.isArray(record) && record.every((c: unknown) => typeof c === 'string') && typeof info === 'object' && info !== null && 'lines' in info && typeof info.lines === 'number';
}

function lineOf(error: unknown): number {
  if (typeof error === 'object' && error !== null && 'lines' in error && typeof error.lines === 'number') return error.lines;
  return 1;
}
