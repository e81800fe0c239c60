import type { ProblemSink } from './problems.ts';
import type { Cell, TableRow } from './table.ts';
import { cellText } from './table.ts';
import type { Column, ColumnMap } from './columns.ts';
import type { Field } from './headers.ts';
import { parseDate, parseDateText, parseNumber, parseText, writtenWithFraction } from './values.ts';
import { formatNumber, formatRange } from './instruments.ts';
import { namesPerson } from '../model/person-id.ts';
import { detail } from './messages/index.ts';

/** Reads and checks the cells of one row, reporting each problem at its line and column. */
export class RowReader {
  constructor(
    private readonly sink: ProblemSink,
    private readonly columns: ColumnMap,
    private readonly typedCells: boolean,
    private readonly onRespondent?: (respondent: string) => void,
    private readonly onLeader?: (leader: string) => void,
  ) {}

  /** The field's column, or undefined if the file has none; callers look it up once per file, not per row. */
  column(field: Field): Column | undefined {
    return this.columns.fields.get(field);
  }

  cell(row: TableRow, column: Column): Cell {
    return row.cells[column.index] ?? null;
  }

  at(row: TableRow, column: Column | string) {
    const at: { line: number; column: string; locator?: string } = { line: row.line, column: typeof column === 'string' ? column : column.header };
    if (row.locator !== undefined) at.locator = row.locator;
    return at;
  }

  report(...args: Parameters<ProblemSink['add']>): void {
    this.sink.add(...args);
  }

  /** Optional text: '' when the column is absent or the cell empty. */
  optionalText(row: TableRow, column: Column | undefined): string {
    return column === undefined ? '' : parseText(this.cell(row, column));
  }

  /** A respondent's or leader's id as written, or '' when the column is absent or the cell names no one (see namesPerson). */
  optionalPersonText(row: TableRow, column: Column | undefined): string {
    const text = this.optionalText(row, column);
    return text === '' || namesPerson(text) ? text : '';
  }

  /** The row's respondent id, told to `onRespondent` as soon as it is read (see ParseInput). */
  respondent(row: TableRow, column: Column | undefined): string | undefined {
    const respondent = this.requiredText(row, column, 'respondent');
    if (respondent !== undefined) this.onRespondent?.(respondent);
    return respondent;
  }

  /** Tells `onRespondent` a respondent id read by the caller (assessments, where it may come from the leader column). */
  tellRespondent(respondent: string): void {
    this.onRespondent?.(respondent);
  }

  /** Tells `onLeader` a leader id that differs from its row's respondent id (see ParseInput). */
  tellLeader(leader: string): void {
    this.onLeader?.(leader);
  }

  requiredText(row: TableRow, column: Column | undefined, field: Field): string | undefined {
    if (column === undefined) return undefined;
    const text = parseText(this.cell(row, column));
    if (text !== '' && (field !== 'respondent' || namesPerson(text))) return text;
    if (field === 'respondent') {
      this.sink.add('missing-respondent', this.at(row, column), detail.respondentEmpty());
    } else {
      this.sink.add('missing-value', this.at(row, column), detail.cellEmpty(field));
    }
    return undefined;
  }

  date(row: TableRow, column: Column | undefined): string | undefined {
    if (column === undefined) return undefined;
    const cell = this.cell(row, column);
    const written = cellText(cell);
    if (written === '') {
      this.sink.add('missing-value', this.at(row, column), detail.dateEmpty());
      return undefined;
    }
    // A text cell (every CSV cell) is parsed from the text just trimmed instead of trimming it again.
    const iso = typeof cell === 'string' ? parseDateText(written) : parseDate(cell, this.typedCells);
    if (iso === undefined) {
      this.sink.add('invalid-date', this.at(row, column), () => detail.invalidDate(written), written);
    }
    return iso;
  }

  /** A number within [min, max]; whole numbers only when `integer`. `what` names the scale in messages. */
  number(row: TableRow, column: Column, range: { min: number; max: number; integer: boolean; what: string }): number | undefined {
    const cell = this.cell(row, column);
    // Fast path for the usual rating, one or two plain digits within range: the same value the checks
    // below accept. Anything else (decimals, signs, spaces, out of range, typed cells) takes the full path.
    if (typeof cell === 'string' && (cell.length === 1 || cell.length === 2)) {
      const d0 = cell.charCodeAt(0) - 48;
      const d1 = cell.length === 2 ? cell.charCodeAt(1) - 48 : 0;
      if (d0 >= 0 && d0 <= 9 && d1 >= 0 && d1 <= 9) {
        const value = cell.length === 2 ? d0 * 10 + d1 : d0;
        if (value >= range.min && value <= range.max) return value;
      }
    }
    const written = cellText(cell);
    if (written === '') {
      this.sink.add('missing-value', this.at(row, column), detail.numberEmpty(column.header, range.what, formatRange(range.min, range.max)));
      return undefined;
    }
    const value = parseNumber(cell);
    if (value === undefined) {
      this.sink.add('not-a-number', this.at(row, column), () => detail.notANumber(written, range.what, formatRange(range.min, range.max)), written);
      return undefined;
    }
    // Text is judged as written: "9.9999999999999999" reads as the double 10 but is not a whole number.
    if (range.integer && (!Number.isInteger(value) || (typeof cell === 'string' && writtenWithFraction(written)))) {
      this.sink.add('not-an-integer', this.at(row, column), () => detail.notAnInteger(typeof cell === 'string' ? written : formatNumber(value), range.what, formatRange(range.min, range.max)), written);
      return undefined;
    }
    if (value < range.min || value > range.max) {
      this.sink.add('out-of-range', this.at(row, column), () => detail.outOfRange(formatNumber(value), formatRange(range.min, range.max), range.what), written);
      return undefined;
    }
    return value;
  }
}
