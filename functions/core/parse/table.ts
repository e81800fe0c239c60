/** The format-neutral grid every reader (CSV, XLSX, JSON) produces and every validator consumes. */

/** A raw cell: text from CSV, typed values from XLSX and JSON. */
export type Cell = string | number | boolean | Date | null;

export interface TableRow {
  /** Where the consultant finds the row: CSV/text line, spreadsheet row number, or JSON line. */
  line: number;
  /** Extra locator shown after the line number, e.g. "item 3" for JSON. */
  locator?: string;
  cells: Cell[];
}

export interface Table {
  headerLine: number;
  headers: string[];
  /** The headers as the file spells them, where `headers` were rewritten (a mapping's canonical names): used in messages. */
  displayHeaders?: string[];
  rows: DataRows;
  /** XLSX and JSON carry typed cells; only they may hold Excel serial dates as numbers. */
  typedCells: boolean;
}

/**
 * The data rows after the header, in file order. A quote-free CSV splits each line only when the
 * iteration reaches it (csv.ts), so every pass over its rows splits the whole file again: iterate once.
 */
export interface DataRows extends Iterable<TableRow> {
  /** How many rows are not blank, counting no further than `limit + 1`. */
  countNonBlank(limit: number): number;
}

/** The table of a file with no header and no rows (the readers' verdict on a blank file or sheet). */
export function emptyTable(typedCells: boolean): Table {
  return { headerLine: 1, headers: [], rows: rowList([]), typedCells };
}

/** Rows read in full up front (XLSX, JSON, quoted CSV). */
export function rowList(rows: readonly TableRow[]): DataRows {
  return {
    [Symbol.iterator]: () => rows[Symbol.iterator](),
    countNonBlank(limit) {
      let count = 0;
      for (const row of rows) {
        if (isBlankRow(row.cells)) continue;
        count++;
        if (count > limit) break;
      }
      return count;
    },
  };
}

export function cellText(cell: Cell | undefined): string {
  if (typeof cell === 'string') return cell.trim();
  if (cell === null || cell === undefined) return '';
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? '' : cell.toISOString().slice(0, 10);
  return String(cell).trim();
}

export function isBlankCell(cell: Cell | undefined): boolean {
  if (typeof cell === 'string') {
    if (cell.length === 0) return true;
    // A visible ASCII character first cannot be trimmed away: the common case needs no trim().
    const first = cell.charCodeAt(0);
    if (first > 0x20 && first < 0x7f) return false;
  }
  return cellText(cell) === '';
}

export function isBlankRow(cells: readonly Cell[]): boolean {
  for (let i = 0; i < cells.length; i++) if (!isBlankCell(cells[i])) return false;
  return true;
}
