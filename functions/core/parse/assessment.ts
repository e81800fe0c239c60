import type { AssessmentRow, InstrumentDefinition, Rater, Wave } from '../model/index.ts';
import type { ProblemSink } from './problems.ts';
import type { Table, TableRow } from './table.ts';
import { cellText, isBlankRow } from './table.ts';
import type { Column, ColumnMap } from './columns.ts';
import { RowReader } from './row-reader.ts';
import { dimensionLookup, InstrumentResolver, scoreRange } from './instruments.ts';
import { didYouMean } from './suggest.ts';
import { parseRater, parseWave } from './values.ts';

/** What every score on a row shares: the row's respondent, program, instrument, wave, date and rater. */
interface RowContext {
  respondent: string;
  program: string;
  instrument: InstrumentDefinition;
  wave: Wave;
  date: string;
  rater: Rater;
}

/**
 * Assessment rows, long layout (one score per row) or wide layout (one column per dimension, expanded
 * here to long rows). Two scores for the same respondent, program, instrument, wave, dimension and
 * rater are refused (duplicate-score): rater groups (employees, peers) arrive as one mean per leader.
 */
export function readAssessments(table: Table, columns: ColumnMap, instruments: ReadonlyMap<string, InstrumentDefinition>, sink: ProblemSink): AssessmentRow[] {
  const reader = new RowReader(sink, columns, table.typedCells);
  const resolver = new InstrumentResolver(instruments);
  const rows: AssessmentRow[] = [];
  const firstLineByKey = new Map<string, number>();

  const addScore = (row: TableRow, context: RowContext | undefined, dimension: string | undefined, score: number | undefined, at: Column) => {
    if (context === undefined || dimension === undefined) return;
    const key = [context.respondent, context.program, context.instrument.id, context.wave, dimension, context.rater].join('\u0000');
    const firstLine = firstLineByKey.get(key);
    if (firstLine !== undefined) {
      reader.report(
        'duplicate-score',
        reader.at(row, at),
        `respondent "${context.respondent}" already has a ${context.wave} ${context.rater} score for ${context.instrument.id}/${dimension} in program "${context.program}" at line ${firstLine}; keep one of lines ${firstLine} and ${row.line}.`,
        context.respondent,
      );
      return;
    }
    firstLineByKey.set(key, row.line);
    if (score === undefined) return;
    // Spelled out: `{ ...context, instrument: id }` (a spread that overwrites a field with a value of
    // another type) measured as half the CPU time of parsing a 100k-row assessment file.
    rows.push({
      respondent: context.respondent,
      program: context.program,
      instrument: context.instrument.id,
      wave: context.wave,
      date: context.date,
      rater: context.rater,
      dimension,
      score,
    });
  };

  for (const row of table.rows) {
    if (isBlankRow(row.cells)) continue;
    const context = readContext(row, reader, resolver);
    if (columns.wide) {
      for (const column of columns.dimensionColumns) {
        if (cellText(reader.cell(row, column)) === '') continue;
        const dimension = context === undefined ? undefined : resolveDimension(row, reader, context.instrument, column, column.header);
        // A score under an unknown dimension has no scale to check against; one problem per cell is enough.
        const score = context === undefined || dimension === undefined ? undefined : readScore(row, reader, context.instrument, column);
        addScore(row, context, dimension, score, column);
      }
      continue;
    }
    const dimensionColumn = reader.column('dimension');
    const scoreColumn = reader.column('score');
    if (dimensionColumn === undefined || scoreColumn === undefined) continue;
    const dimensionText = reader.requiredText(row, dimensionColumn, 'dimension');
    const dimension = context === undefined || dimensionText === undefined ? undefined : resolveDimension(row, reader, context.instrument, dimensionColumn, dimensionText);
    const score = context === undefined || dimension === undefined ? undefined : readScore(row, reader, context.instrument, scoreColumn);
    addScore(row, context, dimension, score, dimensionColumn);
  }
  return rows;
}

function readContext(row: TableRow, reader: RowReader, resolver: InstrumentResolver): RowContext | undefined {
  const respondent = reader.requiredText(row, reader.column('respondent'), 'respondent');
  const program = reader.requiredText(row, reader.column('program'), 'program');
  const instrumentText = reader.requiredText(row, reader.column('instrument'), 'instrument');
  const date = reader.date(row, reader.column('date'));

  let instrument: InstrumentDefinition | undefined;
  if (instrumentText !== undefined) {
    instrument = resolver.resolve(instrumentText);
    const column = reader.column('instrument');
    if (instrument === undefined && column !== undefined) {
      reader.report(
        'unknown-instrument',
        reader.at(row, column),
        () => `"${instrumentText}" is not a known instrument (known: ${resolver.ids().join(', ')}).${didYouMean(instrumentText, resolver.ids())} Upload its .instrument.json first if it is your own.`,
        instrumentText,
      );
    }
  }

  let wave: Wave | undefined;
  const waveText = reader.requiredText(row, reader.column('wave'), 'wave');
  const waveColumn = reader.column('wave');
  if (waveText !== undefined && waveColumn !== undefined) {
    wave = parseWave(waveText);
    if (wave === undefined) reader.report('invalid-wave', reader.at(row, waveColumn), `"${waveText}" is not a wave; write pre (före) or post (efter).`, waveText);
  }

  let rater: Rater | undefined = 'self';
  const raterText = reader.optionalText(row, reader.column('rater'));
  const raterColumn = reader.column('rater');
  if (raterText !== '' && raterColumn !== undefined) {
    rater = parseRater(raterText);
    if (rater === undefined) {
      reader.report('unknown-rater', reader.at(row, raterColumn), `"${raterText}" is not a rater; write self (själv), manager (chef), employee (medarbetare) or peer (kollega).`, raterText);
    }
  }

  if (respondent === undefined || program === undefined || instrument === undefined || wave === undefined || date === undefined || rater === undefined) return undefined;
  return { respondent, program, instrument, wave, date, rater };
}

function resolveDimension(row: TableRow, reader: RowReader, instrument: InstrumentDefinition, column: Column, written: string): string | undefined {
  const dimension = dimensionLookup(instrument, written);
  if (dimension !== undefined) return dimension;
  const ids = instrument.dimensions.map((d) => d.id);
  reader.report(
    'unknown-dimension',
    reader.at(row, column),
    () => `"${written}" is not a dimension of ${instrument.id} (its dimensions: ${ids.join(', ')}).${didYouMean(written, ids)}`,
    written,
  );
  return undefined;
}

function readScore(row: TableRow, reader: RowReader, instrument: InstrumentDefinition, column: Column): number | undefined {
  return reader.number(row, column, scoreRange(instrument));
}
