/**
 * SurveyMonkey's expanded export has two header rows: the question, written once over all of its columns,
 * then per column "Response" (one answer), "Open-Ended Response", or the row of a matrix question (the
 * statement rated) or an answer option. Read as one header: the question alone where the second row says
 * "Response", otherwise "question - second row".
 */
import { cellText, isBlankRow, type DataRows, type Table, type TableRow } from '../table.ts';

/** What SurveyMonkey writes in the second header row over a column that holds the answer itself (English and Swedish interface). */
const RESPONSE_MARKERS = new Set(['response', 'open-ended response', 'svar', 'öppet svar', 'other (please specify)', 'annat (ange)']);

function firstDataRow(table: Table): TableRow | undefined {
  for (const row of table.rows) {
    if (!isBlankRow(row.cells)) return row;
  }
  return undefined;
}

/** The table with its two header rows read as one, or undefined when the file has one header row. */
export function mergeTwoRowHeader(table: Table): Table | undefined {
  const second = firstDataRow(table);
  if (second === undefined) return undefined;
  const markers = second.cells.filter((cell) => RESPONSE_MARKERS.has(cellText(cell).toLowerCase())).length;
  if (markers === 0) return undefined;
  let question = '';
  const headers = table.headers.map((raw, index) => {
    const top = raw.trim();
    if (top !== '') question = top;
    const below = cellText(second.cells[index] ?? null);
    if (below === '' || RESPONSE_MARKERS.has(below.toLowerCase())) return top !== '' ? top : question;
    return question === '' ? below : `${question} - ${below}`;
  });
  const rows: DataRows = {
    *[Symbol.iterator]() {
      for (const row of table.rows) if (row !== second && row.line !== second.line) yield row;
    },
    countNonBlank: (limit) => Math.max(0, table.rows.countNonBlank(limit + 1) - 1),
  };
  return { ...table, headerLine: second.line, headers, rows };
}
