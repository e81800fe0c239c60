/**
 * Reading an export through a mapping: the exported table is rewritten into the canonical one
 * (canonical headers, translated answers, constants as columns), which the ordinary readers then check
 * cell by cell. Only files a mapping fits take this path; canonical files are read as before.
 */
import { mappingHeaderKey, type Mapping, type NamedMapping } from '../../model/index.ts';
import { cellText, type Cell, type DataRows, type Table, type TableRow } from '../table.ts';

export type MappingChoice = { kind: 'none' } | { kind: 'one'; named: NamedMapping } | { kind: 'ambiguous'; names: string[] };

/** The headers a mapping names, in `columns` and `ignore`. */
export function namedHeaders(mapping: Mapping): string[] {
  return [...Object.keys(mapping.columns), ...(mapping.ignore ?? [])];
}

/** A mapping fits a file when every header it names occurs in the file's header (compared by mappingHeaderKey). */
export function mappingFits(headers: readonly string[], mapping: Mapping): boolean {
  const present = new Set(headers.map(mappingHeaderKey));
  return namedHeaders(mapping).every((h) => present.has(mappingHeaderKey(h)));
}

export function chooseMapping(headers: readonly string[], mappings: readonly NamedMapping[]): MappingChoice {
  const fitting = mappings.filter((m) => mappingFits(headers, m.mapping));
  if (fitting.length === 0) return { kind: 'none' };
  if (fitting.length === 1) return { kind: 'one', named: fitting[0] as NamedMapping };
  return { kind: 'ambiguous', names: fitting.map((m) => m.fileName).sort() };
}

/** Answer labels compare like headers, and also regardless of case: "Stämmer helt" = "stämmer helt". */
export function mappingValueKey(answer: string): string {
  return mappingHeaderKey(answer).toLowerCase();
}

type ColumnPlan =
  | { kind: 'drop' }
  | { kind: 'keep' }
  | { kind: 'map'; target: string; values: ReadonlyMap<string, number | string> | undefined; person: boolean; date: boolean };

/**
 * The canonical table of an export a mapping fits. Mapped columns take their target's name; ignored
 * columns go; columns neither mapped nor ignored keep their header (so the readers report them as
 * unknown, or drop them as personal data); each constant becomes a column. `displayHeaders` keeps the
 * exported headers for messages.
 */
export function applyMapping(table: Table, mapping: Mapping): Table {
  const targets = new Map(Object.entries(mapping.columns).map(([header, target]) => [mappingHeaderKey(header), target]));
  const ignored = new Set((mapping.ignore ?? []).map(mappingHeaderKey));
  const values = new Map(
    Object.entries(mapping.values ?? {}).map(([target, answers]) => [target, new Map(Object.entries(answers).map(([answer, value]) => [mappingValueKey(answer), value]))]),
  );
  const plans: ColumnPlan[] = [];
  const headers: string[] = [];
  const displayHeaders: string[] = [];
  const sources: number[] = [];
  table.headers.forEach((raw, index) => {
    const key = mappingHeaderKey(raw);
    const target = targets.get(key);
    if (target !== undefined) {
      plans.push({ kind: 'map', target, values: values.get(target), person: target === 'respondent' || target === 'leader', date: target === 'date' });
      headers.push(target);
    } else if (ignored.has(key)) {
      plans.push({ kind: 'drop' });
      return;
    } else {
      plans.push({ kind: 'keep' });
      headers.push(raw);
    }
    displayHeaders.push(raw.trim());
    sources.push(index);
  });
  const constants = Object.entries(mapping.constants ?? {}) as [string, string][];
  for (const [field] of constants) {
    headers.push(field);
    displayHeaders.push(field);
  }
  const constantCells: Cell[] = constants.map(([, value]) => value);
  const kept = plans.filter((p) => p.kind !== 'drop');
  const dayFirst = mapping.dateOrder === 'day-first';

  const convert = (row: TableRow): TableRow => {
    const cells: Cell[] = new Array(headers.length);
    for (let i = 0; i < sources.length; i++) {
      const cell = row.cells[sources[i] as number] ?? null;
      const plan = kept[i] as ColumnPlan;
      cells[i] = plan.kind === 'map' ? mapCell(cell, plan, dayFirst) : cell;
    }
    for (let i = 0; i < constantCells.length; i++) cells[sources.length + i] = constantCells[i] as Cell;
    return row.locator === undefined ? { line: row.line, cells } : { line: row.line, locator: row.locator, cells };
  };
  const rows: DataRows = {
    *[Symbol.iterator]() {
      for (const row of table.rows) yield convert(row);
    },
    countNonBlank: (limit) => table.rows.countNonBlank(limit),
  };
  return { headerLine: table.headerLine, headers, displayHeaders, rows, typedCells: table.typedCells };
}

function mapCell(cell: Cell, plan: Extract<ColumnPlan, { kind: 'map' }>, dayFirst: boolean): Cell {
  if (plan.values !== undefined) {
    const text = cellText(cell);
    if (text !== '') {
      const value = plan.values.get(mappingValueKey(text));
      if (value !== undefined) return value;
    }
  }
  if (plan.person && typeof cell === 'string' && cell.includes('@')) {
    // E-mail addresses as ids: "Anna@X.se " and "anna@x.se" are one person across waves and files.
    return cell.normalize('NFC').trim().toLowerCase();
  }
  if (plan.date && typeof cell === 'string') return toolDate(cell, dayFirst) ?? cell;
  return cell;
}

/**
 * Dates as survey tools write them, as ISO dates (the time is dropped): `2025/03/02 10:15:22`, `2025.03.02`,
 * `3/2/2025 10:15:22 AM` (month first unless the mapping says day first), `2.3.2025`. Anything else is left
 * for the date reader to judge.
 */
export function toolDate(text: string, dayFirst: boolean): string | undefined {
  const trimmed = text.trim();
  let match = /^(\d{4})[/.-](\d{1,2})[/.-](\d{1,2})(?:$|[ T])/.exec(trimmed);
  if (match) return iso(match[1] as string, match[2] as string, match[3] as string);
  match = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:$|[ T,])/.exec(trimmed);
  if (match) return dayFirst ? iso(match[3] as string, match[2] as string, match[1] as string) : iso(match[3] as string, match[1] as string, match[2] as string);
  match = /^(\d{1,2})\.(\d{1,2})\.(\d{4})(?:$|[ T,])/.exec(trimmed);
  if (match) return iso(match[3] as string, match[2] as string, match[1] as string);
  return undefined;
}

function iso(year: string, month: string, day: string): string {
  return `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
}
