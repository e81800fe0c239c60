import type { Dataset, InstrumentDefinition } from '../model/index.ts';
import type { ProblemSink } from './problems.ts';
import type { Table, TableRow } from './table.ts';
import { isBlankCell } from './table.ts';
import { detectDataset, interpretHeader, PERSON_FIELDS, REQUIRED_FIELDS, REQUIRED_WIDE_FIELDS, suggestionNames, type Field, fieldsOf } from './headers.ts';
import { didYouMean } from './suggest.ts';
import { dimensionLookup, itemLookup } from './instruments.ts';
import { detail } from './messages/index.ts';

export interface Column {
  index: number;
  /** The header as the file spells it, for messages. */
  header: string;
  /** Wide layout: the header names an item (question) of some item-level instrument, not a dimension. */
  item?: true;
  /** Wide layout read through a mapping: the dimension or item id the column was mapped to (`header` is then the exported question). */
  name?: string;
}

export interface ColumnMap {
  dataset: Dataset;
  fields: Map<Field, Column>;
  /** Wide layout only: columns that name a dimension of some instrument. */
  dimensionColumns: Column[];
  wide: boolean;
}

/**
 * Works out the dataset and which column holds which field. Reports header problems to the sink and
 * returns undefined when rows cannot be read meaningfully (layout unclear, required columns missing).
 */
export function mapColumns(table: Table, instruments: ReadonlyMap<string, InstrumentDefinition>, sink: ProblemSink): ColumnMap | undefined {
  const line = table.headerLine;
  const fields = new Map<Field, Column>();
  const others: Column[] = [];
  const meanings = table.headers.map((raw) => interpretHeader(raw.trim()));
  const unnamedValueLines = firstValueLines(table.rows, meanings.flatMap((meaning, index) => (meaning.kind === 'blank' ? [index] : [])));
  table.headers.forEach((raw, index) => {
    const header = raw.trim();
    const meaning = meanings[index]!;
    if (meaning.kind === 'personal') return;
    if (meaning.kind === 'blank') {
      const firstLine = unnamedValueLines.get(index);
      if (firstLine !== undefined) {
        sink.add('unnamed-column', { line, column: `#${index + 1}` }, detail.unnamedColumn(index + 1, firstLine));
      }
      return;
    }
    if (meaning.kind === 'other') {
      others.push({ index, header });
      return;
    }
    const previous = fields.get(meaning.field);
    const shown = table.displayHeaders?.[index] ?? header;
    if (previous !== undefined) {
      sink.add('duplicate-column', { line, column: shown }, detail.duplicateColumn(shown, previous.header, meaning.field), shown);
      return;
    }
    fields.set(meaning.field, { index, header: shown });
  });

  const dataset = detectDataset([...fields.keys()]);
  if (dataset === undefined) {
    sink.add('unrecognised-layout', { line }, detail.unrecognisedLayout(table.headers.filter((h) => h.trim() !== '')));
    return undefined;
  }

  const wide = dataset === 'assessment' && !fields.has('dimension') && !fields.has('item') && !fields.has('score');
  const dimensionColumns: Column[] = [];
  const dimensionNames = wide ? allDimensionNames(instruments) : [];
  const belongsElsewhere = new Set<Field>(fieldsOf(dataset));
  for (const [field, column] of fields) {
    if (!belongsElsewhere.has(field)) {
      const sentence = field === 'leader' && dataset === 'reaction' ? detail.leaderInReaction(column.header) : detail.columnOfOtherDataset(column.header, field, dataset);
      sink.add('unknown-column', { line, column: column.header }, sentence, column.header);
      fields.delete(field);
    }
  }
  for (const column of others) {
    const shown = table.displayHeaders?.[column.index];
    const named = shown !== undefined && shown !== column.header ? { header: shown, name: column.header } : {};
    if (wide && isDimensionOfAny(column.header, instruments)) {
      dimensionColumns.push({ ...column, ...named });
      continue;
    }
    if (wide && isItemOfAny(column.header, instruments)) {
      dimensionColumns.push({ ...column, ...named, item: true });
      continue;
    }
    const names = [...suggestionNames(dataset), ...dimensionNames];
    if (named.name !== undefined) {
      sink.add('unknown-column', { line, column: named.header }, detail.mappedToUnknown(named.header, named.name, dataset), named.header);
      continue;
    }
    sink.add('unknown-column', { line, column: column.header }, detail.unknownColumn(column.header, dataset, didYouMean(column.header, names)), column.header);
  }

  // Long item rows name the item; its dimension comes from the instrument (a dimension column is then optional).
  const required = wide ? REQUIRED_WIDE_FIELDS : fields.has('item') ? REQUIRED_FIELDS[dataset].filter((f) => f !== 'dimension') : REQUIRED_FIELDS[dataset];
  let missing = false;
  if (dataset === 'assessment' && !PERSON_FIELDS.some((field) => fields.has(field))) {
    missing = true;
    sink.add('missing-column', { line, column: 'respondent' }, detail.noPersonColumn());
  }
  for (const field of required) {
    if (fields.has(field)) continue;
    missing = true;
    sink.add('missing-column', { line, column: field }, detail.missingColumn(field));
  }
  if (wide && dimensionColumns.length === 0 && !missing) {
    missing = true;
    sink.add('missing-column', { line, column: 'dimension' }, detail.noScoreColumns());
  }
  if (missing) return undefined;
  return { dataset, fields, dimensionColumns, wide };
}

/** The line of the first value in each of `columns`, found in one pass over the rows (each pass may split the file again). */
function firstValueLines(rows: Iterable<TableRow>, columns: readonly number[]): Map<number, number> {
  const lines = new Map<number, number>();
  if (columns.length === 0) return lines;
  for (const row of rows) {
    for (const index of columns) {
      if (!lines.has(index) && !isBlankCell(row.cells[index])) lines.set(index, row.line);
    }
    if (lines.size === columns.length) break;
  }
  return lines;
}

function allDimensionNames(instruments: ReadonlyMap<string, InstrumentDefinition>): string[] {
  return [...instruments.values()].flatMap((i) => i.dimensions.map((d) => d.id));
}

function isItemOfAny(header: string, instruments: ReadonlyMap<string, InstrumentDefinition>): boolean {
  for (const instrument of instruments.values()) if (itemLookup(instrument, header) !== undefined) return true;
  return false;
}

function isDimensionOfAny(header: string, instruments: ReadonlyMap<string, InstrumentDefinition>): boolean {
  for (const instrument of instruments.values()) if (dimensionLookup(instrument, header) !== undefined) return true;
  return false;
}
