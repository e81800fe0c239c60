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
  const responses = new ResponseIndex();
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
      const firstLine = responses.lineOf(respondent, program, date);
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
      responses.add(respondent, program, date, row.line);
    }
    if (respondent === undefined || program === undefined || date === undefined || satisfaction === undefined || usefulness === undefined || recommendation === undefined) continue;
    const parsed: ReactionRow = { respondent, program, date, satisfaction, usefulness, recommendation };
    if (comment !== '') parsed.comment = comment;
    rows.push(parsed);
  }
  return rows;
}

/**
 * The line of each (respondent, program, date) seen so far. Keyed by the respondent text itself, with a
 * respondent's responses chained, instead of one joined key string per row: on a 100k-row file those keys
 * were a quarter of the parse time (allocation and GC). A respondent with many responses (a shared or
 * placeholder id) moves to its own map, so a lookup never walks more than a short chain.
 */
class ResponseIndex {
  private static readonly MAX_CHAIN = 16;
  /** Respondent → index of their latest response in the arrays below. */
  private readonly latest = new Map<string, number>();
  private readonly program: string[] = [];
  private readonly date: string[] = [];
  private readonly line: number[] = [];
  /** Index of the same respondent's previous response, or -1. */
  private readonly previous: number[] = [];
  private readonly chainLength: number[] = [];
  /** Respondents with more than MAX_CHAIN responses: "program NUL date" → line. */
  private readonly many = new Map<string, Map<string, number>>();

  lineOf(respondent: string, program: string, date: string): number | undefined {
    const many = this.many.get(respondent);
    if (many !== undefined) return many.get(`${program}\u0000${date}`);
    for (let i = this.latest.get(respondent) ?? -1; i >= 0; i = this.previous[i]!) {
      if (this.program[i] === program && this.date[i] === date) return this.line[i];
    }
    return undefined;
  }

  /** Records a response `lineOf` did not find. */
  add(respondent: string, program: string, date: string, line: number): void {
    const many = this.many.get(respondent);
    if (many !== undefined) {
      many.set(`${program}\u0000${date}`, line);
      return;
    }
    const previous = this.latest.get(respondent) ?? -1;
    const length = previous < 0 ? 1 : this.chainLength[previous]! + 1;
    if (length > ResponseIndex.MAX_CHAIN) {
      const map = new Map<string, number>();
      // Oldest first, so each key keeps the line it was first seen on (keys in a chain are distinct anyway).
      const chain: number[] = [];
      for (let i = previous; i >= 0; i = this.previous[i]!) chain.push(i);
      for (let c = chain.length - 1; c >= 0; c--) map.set(`${this.program[chain[c]!]}\u0000${this.date[chain[c]!]}`, this.line[chain[c]!]!);
      map.set(`${program}\u0000${date}`, line);
      this.many.set(respondent, map);
      this.latest.delete(respondent);
      return;
    }
    const index = this.program.length;
    this.program.push(program);
    this.date.push(date);
    this.line.push(line);
    this.previous.push(previous);
    this.chainLength.push(length);
    this.latest.set(respondent, index);
  }
}
