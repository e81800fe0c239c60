import type { Worksheet } from 'exceljs';
import type { Cell, Table, TableRow } from './table.ts';
import { emptyTable, isBlankRow, rowList } from './table.ts';
import { normaliseName } from './headers.ts';
import { MAX_SHEET_COLUMNS } from './zip-guard.ts';
import { detail } from './messages/index.ts';

export type XlsxResult = { ok: true; table: Table; sheetName: string } | { ok: false; reason: string; tooWide?: boolean };

/** Sheet names that say which dataset they hold; such a sheet wins over the first sheet. */
export const DATASET_SHEET_NAMES: readonly string[] = [
  'reaktioner', 'reaktion', 'reactions', 'reaction', 'utvärdering', 'utvardering',
  'bedömning', 'bedömningar', 'bedomning', 'bedomningar', 'assessment', 'assessments', 'skattningar', 'mätningar',
];

/** Call only after checkZip has passed: exceljs trusts the archive completely. */
export async function readXlsx(bytes: Uint8Array): Promise<XlsxResult> {
  // Loaded on the first workbook only: exceljs (with JSZip, unzipper, bluebird) is the largest part of
  // the ingest bundle, and CSV and JSON uploads never need it.
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  try {
    // JSZip (inside exceljs) reads a plain ArrayBuffer; copying gives one that holds exactly this file.
    const copy = new Uint8Array(bytes.byteLength);
    copy.set(bytes);
    await workbook.xlsx.load(copy.buffer);
  } catch (error) {
    return { ok: false, reason: detail.workbookUnopenable(error instanceof Error ? error.message : String(error)) };
  }
  const sheet = chooseSheet(workbook.worksheets);
  if (sheet === undefined) return { ok: true, sheetName: '', table: emptyTable(true) };
  if (sheet.columnCount > MAX_SHEET_COLUMNS) {
    return { ok: false, tooWide: true, reason: detail.sheetTooWide(sheet.name, sheet.columnCount, MAX_SHEET_COLUMNS) };
  }

  const rows: TableRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const values = row.values;
    const cells: Cell[] = [];
    if (Array.isArray(values)) {
      for (let c = 1; c < values.length; c++) cells.push(toCell(values[c]));
    }
    rows.push({ line: rowNumber, cells });
  });
  const headerIndex = rows.findIndex((r) => !isBlankRow(r.cells));
  const header = rows[headerIndex];
  if (header === undefined) return { ok: true, sheetName: sheet.name, table: emptyTable(true) };
  return {
    ok: true,
    sheetName: sheet.name,
    table: {
      headerLine: header.line,
      headers: header.cells.map((c) => (c === null ? '' : c instanceof Date ? c.toISOString() : String(c))),
      rows: rowList(rows.slice(headerIndex + 1)),
      typedCells: true,
    },
  };
}

function chooseSheet(sheets: Worksheet[]): Worksheet | undefined {
  const named = sheets.find((s) => DATASET_SHEET_NAMES.includes(normaliseName(s.name)));
  if (named !== undefined) return named;
  return sheets.find((s) => s.state !== 'hidden' && s.state !== 'veryHidden' && s.actualRowCount > 0) ?? sheets[0];
}

/** Flattens exceljs's cell value shapes (rich text, formulas, hyperlinks, errors) to a plain cell. */
export function toCell(value: unknown): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (value instanceof Date) return value;
  if (typeof value !== 'object') return null;
  if ('richText' in value && Array.isArray(value.richText)) {
    return value.richText.map((part: unknown) => (typeof part === 'object' && part !== null && 'text' in part ? String(part.text) : '')).join('');
  }
  if ('result' in value) return toCell(value.result);
  if ('formula' in value || 'sharedFormula' in value) return null;
  if ('hyperlink' in value && 'text' in value) return toCell(value.text);
  if ('error' in value) return String(value.error);
  if ('text' in value) return toCell(value.text);
  return null;
}
