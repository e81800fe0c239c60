import type { ReactionRow } from '../model/index.ts';
import type { ProblemSink } from './problems.ts';
import type { Table } from './table.ts';
import { isBlankRow } from './table.ts';
import type { ColumnMap } from './columns.ts';
import { RowReader } from './row-reader.ts';

export const RATING_SCALES = {
  satisfaction: { min: 1, max: 10, integer: true, what: 'the satisfaction scale' },
  usefulness: { min: 1, max: 10, integer: true, what: 'the usefulness scale' },
  recommendation: { min: 0, max: 10, integer: true, what: 'the recommendation scale' },
} as const;

/**
 * Reaction rows. A second row with the same respondent, program and date is refused (duplicate-response):
 * it is almost always a double export or a double submission, and counting it would inflate n.
 */
export function readReactions(table: Table, columns: ColumnMap, sink: ProblemSink, onRespondent?: (respondent: string) => void): ReactionRow[] {
  const reader = new RowReader(sink, columns, table.typedCells, onRespondent);
  const rows: ReactionRow[] = [];
  const responses = new FirstResponses();
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

    if (respondent !== undefined && program !== undefined && date !== undefined) {
      const firstLine = responses.firstLineOf(respondent, program, date, row.line);
      if (firstLine !== undefined) {
        reader.report(
          'duplicate-response',
          reader.at(row, respondentColumn ?? 'respondent'),
          `respondent "${respondent}" already answered for program "${program}" on ${date} at line ${firstLine}; lines ${firstLine} and ${row.line} are the same response, remove one.`,
          respondent,
        );
        continue;
      }
    }
    if (respondent === undefined || program === undefined || date === undefined || satisfaction === undefined || usefulness === undefined || recommendation === undefined) continue;
    const parsed: ReactionRow = { respondent, program, date, satisfaction, usefulness, recommendation };
    if (comment !== '') parsed.comment = comment;
    rows.push(parsed);
  }
  return rows;
}

interface FirstResponse {
  program: string;
  date: string;
  line: number;
  /** Whether this response is also in the by-key map, as it is once its respondent has a second row. */
  keyed: boolean;
}

/**
 * The line each response (respondent, program, date) first appears on. Most files have one row per
 * respondent, so a respondent's first response is kept under the respondent alone; only a respondent
 * with more rows gets a composite key per response. Building and keeping such a key for every row cost
 * more than the rest of reading a reaction row.
 */
class FirstResponses {
  private readonly firstByRespondent = new Map<string, FirstResponse>();
  private readonly firstLineByKey = new Map<string, number>();

  /** The line this response first appeared on, or undefined when it is new (and is now recorded at `line`). */
  firstLineOf(respondent: string, program: string, date: string, line: number): number | undefined {
    const first = this.firstByRespondent.get(respondent);
    if (first === undefined) {
      this.firstByRespondent.set(respondent, { program, date, line, keyed: false });
      return undefined;
    }
    if (first.program === program && first.date === date) return first.line;
    if (!first.keyed) {
      this.firstLineByKey.set(responseKey(respondent, first.program, first.date), first.line);
      first.keyed = true;
    }
    const key = responseKey(respondent, program, date);
    const firstLine = this.firstLineByKey.get(key);
    if (firstLine === undefined) this.firstLineByKey.set(key, line);
    return firstLine;
  }
}

/** Unambiguous among one respondent's keys: the date, last, is ISO and holds no NUL. */
function responseKey(respondent: string, program: string, date: string): string {
  return `${respondent}\u0000${program}\u0000${date}`;
}
