import type { ReactionRow } from '../model/index.ts';
import type { ProblemSink } from './problems.ts';
import type { Table } from './table.ts';
import { isBlankRow } from './table.ts';
import type { ColumnMap } from './columns.ts';
import { RowReader } from './row-reader.ts';
import { StringIndex } from './string-index.ts';
import { normalisePersonId } from '../model/person-id.ts';
import { detail, scaleName } from './messages/index.ts';

export const RATING_SCALES = {
  satisfaction: { min: 1, max: 10, integer: true, what: scaleName.satisfaction },
  usefulness: { min: 1, max: 10, integer: true, what: scaleName.usefulness },
  recommendation: { min: 0, max: 10, integer: true, what: scaleName.recommendation },
} as const;

/**
 * Reaction rows. A second row with the same respondent, program and date is refused (duplicate-response):
 * it is almost always a double export or a double submission, and counting it would inflate n.
 */
export function readReactions(
  table: Table,
  columns: ColumnMap,
  sink: ProblemSink,
  onRespondent?: (respondent: string) => void,
  rowLines?: number[],
  /** About how many data rows the table has (sizes the per-respondent table once). */
  expectedRows?: number,
): ReactionRow[] {
  const reader = new RowReader(sink, columns, table.typedCells, onRespondent);
  const rows: ReactionRow[] = [];
  const responses = new FirstResponses(rows, expectedRows);
  // Resolved once per file, not per row.
  const respondentColumn = reader.column('respondent');
  const programColumn = reader.column('program');
  const dateColumn = reader.column('date');
  const satisfactionColumn = reader.column('satisfaction');
  const usefulnessColumn = reader.column('usefulness');
  const recommendationColumn = reader.column('recommendation');
  const commentColumn = reader.column('comment');
  for (const row of table.rows) {
    if (isBlankRow(row.cells)) continue;
    const respondent = reader.respondent(row, respondentColumn);
    const program = reader.requiredText(row, programColumn, 'program');
    const date = reader.date(row, dateColumn);
    const satisfaction = satisfactionColumn === undefined ? undefined : reader.number(row, satisfactionColumn, RATING_SCALES.satisfaction);
    const usefulness = usefulnessColumn === undefined ? undefined : reader.number(row, usefulnessColumn, RATING_SCALES.usefulness);
    const recommendation = recommendationColumn === undefined ? undefined : reader.number(row, recommendationColumn, RATING_SCALES.recommendation);
    const comment = reader.optionalText(row, commentColumn);

    const scored = satisfaction !== undefined && usefulness !== undefined && recommendation !== undefined;
    if (respondent !== undefined && program !== undefined && date !== undefined) {
      // A new response with all its scores becomes rows[rows.length] (pushed below).
      // Keyed by the person (normalisePersonId): `R01` and `r01` on one date are one response twice.
      const firstLine = responses.firstLineOf(normalisePersonId(respondent), program, date, row.line, scored ? rows.length : -1);
      if (firstLine !== undefined) {
        reader.report(
          'duplicate-response',
          reader.at(row, respondentColumn ?? 'respondent'),
          detail.duplicateResponse(respondent, program, date, firstLine, row.line),
          respondent,
        );
        continue;
      }
    }
    if (respondent === undefined || program === undefined || date === undefined || !scored) continue;
    const parsed: ReactionRow = { respondent, program, date, satisfaction, usefulness, recommendation };
    if (comment !== '') parsed.comment = comment;
    rows.push(parsed);
    rowLines?.push(row.line);
  }
  return rows;
}

interface Response {
  program: string;
  date: string;
  line: number;
}

/**
 * The line each response (respondent, program, date) first appears on. Most files have one row per
 * respondent, so a respondent's first response is kept under the respondent alone; only a respondent
 * with more rows gets a composite key per response. Building and keeping such a key for every row cost
 * more than the rest of reading a reaction row. A first response that became a row is kept as its index
 * in the rows (its program and date are the row's): a number, where an object per row made the map
 * markedly slower and left one more object per row for the garbage collector to move.
 */
class FirstResponses {
  /** Per respondent: the index of its first response's row, or -1 when that response was not made a row. */
  private readonly firstByRespondent: StringIndex;
  /** The line of each row, by index. */
  private readonly lines: number[] = [];
  /** First responses that were not made rows (a score missing or invalid: the file is rejected anyway). */
  private readonly unscored = new Map<string, Response>();
  /** Respondents whose first response is also in `firstLineByKey`, as it is once they have a second row. */
  private readonly keyed = new Set<string>();
  private readonly firstLineByKey = new Map<string, number>();

  constructor(
    private readonly rows: readonly ReactionRow[],
    expectedRows?: number,
  ) {
    this.firstByRespondent = new StringIndex(expectedRows);
  }

  /**
   * The line this response first appeared on, or undefined when it is new (and is now recorded at `line`).
   * `rowIndex` is where its row goes in the rows when it is new, or -1 when it will not be a row.
   */
  firstLineOf(respondent: string, program: string, date: string, line: number, rowIndex: number): number | undefined {
    const at = this.firstByRespondent.getOrAdd(respondent, rowIndex);
    if (at === undefined) {
      if (rowIndex >= 0) this.lines[rowIndex] = line;
      else this.unscored.set(respondent, { program, date, line });
      return undefined;
    }
    const first: Response = at >= 0 ? { program: this.rows[at]!.program, date: this.rows[at]!.date, line: this.lines[at]! } : this.unscored.get(respondent)!;
    if (first.program === program && first.date === date) return first.line;
    if (!this.keyed.has(respondent)) {
      this.firstLineByKey.set(responseKey(respondent, first.program, first.date), first.line);
      this.keyed.add(respondent);
    }
    const key = responseKey(respondent, program, date);
    const firstLine = this.firstLineByKey.get(key);
    if (firstLine === undefined) {
      this.firstLineByKey.set(key, line);
      if (rowIndex >= 0) this.lines[rowIndex] = line;
    }
    return firstLine;
  }
}

/** Unambiguous among one respondent's keys: the date, last, is ISO and holds no NUL. */
function responseKey(respondent: string, program: string, date: string): string {
  return `${respondent}\u0000${program}\u0000${date}`;
}
