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
export function readReactions(table: Table, columns: ColumnMap, sink: ProblemSink): ReactionRow[] {
  const reader = new RowReader(sink, columns, table.typedCells);
  const rows: ReactionRow[] = [];
  const firstLineByKey = new Map<string, number>();
  // Resolved once per file, not per row.
  const satisfactionColumn = reader.column('satisfaction');
  const usefulnessColumn = reader.column('usefulness');
  const recommendationColumn = reader.column('recommendation');
  for (const row of table.rows) {
    if (isBlankRow(row.cells)) continue;
    const respondent = reader.requiredText(row, 'respondent');
    const program = reader.requiredText(row, 'program');
    const date = reader.date(row);
    const satisfaction = satisfactionColumn === undefined ? undefined : reader.number(row, satisfactionColumn, RATING_SCALES.satisfaction);
    const usefulness = usefulnessColumn === undefined ? undefined : reader.number(row, usefulnessColumn, RATING_SCALES.usefulness);
    const recommendation = recommendationColumn === undefined ? undefined : reader.number(row, recommendationColumn, RATING_SCALES.recommendation);
    const comment = reader.optionalText(row, 'comment');

    if (respondent !== undefined && program !== undefined && date !== undefined) {
      const key = `${respondent}\u0000${program}\u0000${date}`;
      const firstLine = firstLineByKey.get(key);
      if (firstLine !== undefined) {
        const column = reader.column('respondent');
        reader.report(
          'duplicate-response',
          reader.at(row, column ?? 'respondent'),
          `respondent "${respondent}" already answered for program "${program}" on ${date} at line ${firstLine}; lines ${firstLine} and ${row.line} are the same response, remove one.`,
          respondent,
        );
        continue;
      }
      firstLineByKey.set(key, row.line);
    }
    if (respondent === undefined || program === undefined || date === undefined || satisfaction === undefined || usefulness === undefined || recommendation === undefined) continue;
    const parsed: ReactionRow = { respondent, program, date, satisfaction, usefulness, recommendation };
    if (comment !== '') parsed.comment = comment;
    rows.push(parsed);
  }
  return rows;
}
