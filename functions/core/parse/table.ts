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
  rows: TableRow[];
  /** XLSX and JSON carry typed cells; only they may hold Excel serial dates as numbers. */
  typedCells: boolean;
}

export function cellText(cell: Cell | undefined): string {
  if (cell === null || cell === undefined) return '';
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? '' : cell.toISOString().slice(0, 10);
  return String(cell).trim();
}

export function isBlankCell(cell: Cell | undefined): boolean {
  return cellText(cell) === '';
}

export function isBlankRow(cells: readonly Cell[]): boolean {
  return cells.every(isBlankCell);
}
