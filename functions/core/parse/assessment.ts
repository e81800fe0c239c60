import type { AssessmentRow, InstrumentDefinition, InstrumentItem, Rater, Wave } from '../model/index.ts';
import type { ProblemSink } from './problems.ts';
import type { Table, TableRow } from './table.ts';
import { cellText, isBlankRow } from './table.ts';
import type { Column, ColumnMap } from './columns.ts';
import { RowReader } from './row-reader.ts';
import { dimensionLookup, InstrumentResolver, itemLookup, scoreRange } from './instruments.ts';
import { didYouMean } from './suggest.ts';
import { parseRater, parseWave } from './values.ts';
import { normalisePersonId } from '../model/person-id.ts';
import { detail } from './messages/index.ts';
import { StringIndex } from './string-index.ts';

/** What every score on a row shares: the row's respondent, leader, program, instrument, wave, date and rater. */
interface RowContext {
  respondent: string;
  /** The rated leader; the respondent's own id (the same string) on a self-rating. */
  leader: string;
  program: string;
  instrument: InstrumentDefinition;
  wave: Wave;
  date: string;
  rater: Rater;
  /** Numbers the context for FirstScores: rows with the same respondent, leader, program, instrument, wave and rater share it (numbered per instrument). */
  id: number;
}

/**
 * Assessment rows, long layout (one score per row) or wide layout (one column per dimension, expanded
 * here to long rows). Each row names who answered (respondent) and whom the score is about (leader); a
 * self-rating may name its one person in either column. Two scores for the same respondent, leader,
 * program, instrument, wave, dimension and rater are refused (duplicate-score); a peer may rate two leaders.
 */
export function readAssessments(
  table: Table,
  columns: ColumnMap,
  instruments: ReadonlyMap<string, InstrumentDefinition>,
  sink: ProblemSink,
  onRespondent?: (respondent: string) => void,
  onLeader?: (leader: string) => void,
  rowLines?: number[],
  maxRows = Number.POSITIVE_INFINITY,
): AssessmentRow[] | 'too-many-rows' {
  const reader = new RowReader(sink, columns, table.typedCells, onRespondent, onLeader);
  const resolver = new InstrumentResolver(instruments);
  const rows: AssessmentRow[] = [];
  const scores = new FirstScores();
  const waveDates = new WaveDates();
  // Resolved once per file, not per row.
  const contextColumns: ContextColumns = {
    respondent: reader.column('respondent'),
    leader: reader.column('leader'),
    program: reader.column('program'),
    instrument: reader.column('instrument'),
    wave: reader.column('wave'),
    date: reader.column('date'),
    rater: reader.column('rater'),
  };
  const dimensionColumn = reader.column('dimension');
  const itemColumn = reader.column('item');
  const scoreColumn = reader.column('score');

  const addScore = (row: TableRow, context: RowContext | undefined, dimension: string | undefined, score: number | undefined, at: Column, item?: InstrumentItem) => {
    if (context === undefined || dimension === undefined) return;
    // Item ids never equal dimension ids (definitions.ts), so an item keys its own first lines.
    const firstLine = scores.firstLineOf(context, item === undefined ? dimension : item.id, row.line);
    if (firstLine !== undefined) {
      reader.report(
        'duplicate-score',
        reader.at(row, at),
        () => detail.duplicateScore({ ...context, what: `${context.instrument.id}/${item === undefined ? dimension : `${dimension}/${item.id}`}` }, firstLine, row.line),
        context.respondent,
      );
      return;
    }
    if (score === undefined) return;
    rowLines?.push(row.line);
    if (item !== undefined) {
      rows.push({
        respondent: context.respondent,
        leader: context.leader,
        program: context.program,
        instrument: context.instrument.id,
        wave: context.wave,
        date: context.date,
        rater: context.rater,
        dimension,
        item: item.id,
        score,
      });
      return;
    }
    // Spelled out: `{ ...context, instrument: id }` (a spread that overwrites a field with a value of
    // another type) was the costliest step of parsing a large assessment file.
    rows.push({
      respondent: context.respondent,
      leader: context.leader,
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
    // A wide file's row gives a row per dimension column: reading stops once there are more than one file
    // may hold, before they fill the ingest function's memory.
    if (rows.length > maxRows) return 'too-many-rows';
    if (isBlankRow(row.cells)) continue;
    const context = readContext(row, reader, resolver, contextColumns, scores);
    if (context !== undefined && contextColumns.date !== undefined) waveDates.check(row, reader, contextColumns.date, context);
    if (columns.wide) {
      for (const column of columns.dimensionColumns) {
        if (cellText(reader.cell(row, column)) === '') continue;
        if (column.item === true) {
          const item = context === undefined ? undefined : resolveItem(row, reader, context.instrument, column, column.name ?? column.header);
          const score = context === undefined || item === undefined ? undefined : readScore(row, reader, context.instrument, column);
          addScore(row, context, item?.dimension, score, column, item);
          continue;
        }
        const dimension = context === undefined ? undefined : resolveDimension(row, reader, context.instrument, column, column.name ?? column.header);
        // A score under an unknown dimension has no scale to check against; one problem per cell is enough.
        const score = context === undefined || dimension === undefined ? undefined : readScore(row, reader, context.instrument, column);
        addScore(row, context, dimension, score, column);
      }
      continue;
    }
    if (scoreColumn === undefined) continue;
    if (itemColumn !== undefined && (dimensionColumn === undefined || cellText(reader.cell(row, itemColumn)) !== '')) {
      const itemText = reader.requiredText(row, itemColumn, 'item');
      const item = context === undefined || itemText === undefined ? undefined : resolveItem(row, reader, context.instrument, itemColumn, itemText);
      const score = context === undefined || item === undefined ? undefined : readScore(row, reader, context.instrument, scoreColumn);
      addScore(row, context, item?.dimension, score, itemColumn, item);
      continue;
    }
    if (dimensionColumn === undefined) continue;
    const dimensionText = reader.requiredText(row, dimensionColumn, 'dimension');
    const dimension = context === undefined || dimensionText === undefined ? undefined : resolveDimension(row, reader, context.instrument, dimensionColumn, dimensionText);
    const score = context === undefined || dimension === undefined ? undefined : readScore(row, reader, context.instrument, scoreColumn);
    addScore(row, context, dimension, score, dimensionColumn);
  }
  return rows.length > maxRows ? 'too-many-rows' : rows;
}

type ContextColumns = Record<'respondent' | 'leader' | 'program' | 'instrument' | 'wave' | 'date' | 'rater', Column | undefined>;

function readContext(row: TableRow, reader: RowReader, resolver: InstrumentResolver, columns: ContextColumns, scores: FirstScores): RowContext | undefined {
  const program = reader.requiredText(row, columns.program, 'program');
  const instrumentText = reader.requiredText(row, columns.instrument, 'instrument');
  const date = reader.date(row, columns.date);

  let instrument: InstrumentDefinition | undefined;
  if (instrumentText !== undefined) {
    instrument = resolver.resolve(instrumentText);
    const column = columns.instrument;
    if (instrument === undefined && column !== undefined) {
      reader.report(
        'unknown-instrument',
        reader.at(row, column),
        () => detail.unknownInstrument(instrumentText, resolver.ids(), didYouMean(instrumentText, resolver.ids())),
        instrumentText,
      );
    }
  }

  let wave: Wave | undefined;
  const waveText = reader.requiredText(row, columns.wave, 'wave');
  if (waveText !== undefined && columns.wave !== undefined) {
    wave = parseWave(waveText);
    if (wave === undefined) reader.report('invalid-wave', reader.at(row, columns.wave), detail.invalidWave(waveText), waveText);
  }

  let rater: Rater | undefined = 'self';
  const raterText = reader.optionalText(row, columns.rater);
  if (raterText !== '' && columns.rater !== undefined) {
    rater = parseRater(raterText);
    if (rater === undefined) {
      reader.report('unknown-rater', reader.at(row, columns.rater), detail.unknownRater(raterText), raterText);
    }
  }

  // Who answered and whom the score is about, read after the rater, which decides what must be there.
  // Inline rather than a helper returning both ids: that would be an object per row.
  const respondentText = reader.optionalPersonText(row, columns.respondent);
  const leaderText = reader.optionalPersonText(row, columns.leader);
  let respondent: string | undefined = respondentText;
  let leader: string | undefined = leaderText;
  if (rater === 'self' || rater === undefined) {
    // One person, named by either column. Named in both, it must be one person; the row keeps one spelling.
    if (respondentText === '' && leaderText === '') {
      respondent = leader = undefined;
      const column = columns.respondent ?? columns.leader;
      if (column !== undefined) {
        reader.report(
          'missing-respondent',
          reader.at(row, column),
          detail.selfRatingIdEmpty(column === columns.respondent ? 'respondent' : 'leader'),
        );
      }
    } else if (leaderText === '') {
      leader = respondentText;
    } else if (respondentText === '') {
      respondent = leaderText;
    } else if (leaderText !== respondentText) {
      if (sameId(respondentText, leaderText)) leader = respondentText;
      else if (rater === 'self' && columns.leader !== undefined) {
        leader = undefined;
        reader.report(
          'self-leader-mismatch',
          reader.at(row, columns.leader),
          () => detail.selfLeaderMismatch(respondentText, leaderText),
          leaderText,
        );
      }
    }
  } else {
    if (respondentText === '') {
      respondent = undefined;
      reader.report(
        'missing-respondent',
        reader.at(row, columns.respondent ?? 'respondent'),
        columns.respondent === undefined ? detail.noRespondentColumn(rater) : detail.raterRespondentEmpty(rater),
      );
    }
    if (leaderText === '') {
      leader = undefined;
      reader.report(
        'missing-leader',
        reader.at(row, columns.leader ?? 'leader'),
        columns.leader === undefined ? detail.noLeaderColumn(rater) : detail.leaderEmpty(rater),
      );
    }
  }
  if (respondent !== undefined) reader.tellRespondent(respondent);
  if (leader !== undefined && leader !== respondent) reader.tellLeader(leader);

  if (respondent === undefined || leader === undefined || program === undefined || instrument === undefined || wave === undefined || date === undefined || rater === undefined) return undefined;
  return { respondent, leader, program, instrument, wave, date, rater, id: scores.contextId(respondent, leader, program, instrument.id, wave, rater) };
}

/**
 * A pre measurement dated after a post measurement of the same person (respondent, leader, program,
 * instrument, rater) is refused (pre-after-post): the change from pre to post would run backwards in time,
 * which is almost always a swapped wave or a mistyped date. The same day passes. Each person is checked
 * once a row's context or date differs from the previous row's (a long file repeats both per dimension).
 */
class WaveDates {
  private readonly spans = new Map<string, { latestPre?: WaveDate; earliestPost?: WaveDate; reported?: boolean }>();
  private previous: { context: RowContext | undefined; date: string } = { context: undefined, date: '' };

  check(row: TableRow, reader: RowReader, dateColumn: Column, context: RowContext): void {
    const previous = this.previous.context;
    if (previous !== undefined && previous.id === context.id && previous.instrument.id === context.instrument.id && this.previous.date === context.date) return;
    this.previous = { context, date: context.date };
    const key = [normalisePersonId(context.respondent), normalisePersonId(context.leader), context.program, context.instrument.id, context.rater].join('\u0000');
    let span = this.spans.get(key);
    if (span === undefined) {
      span = {};
      this.spans.set(key, span);
    }
    if (span.reported) return;
    const here: WaveDate = { date: context.date, line: row.line, at: reader.at(row, dateColumn) };
    if (context.wave === 'pre' && (span.latestPre === undefined || here.date > span.latestPre.date)) span.latestPre = here;
    if (context.wave === 'post' && (span.earliestPost === undefined || here.date < span.earliestPost.date)) span.earliestPost = here;
    const { latestPre: pre, earliestPost: post } = span;
    if (pre === undefined || post === undefined || pre.date <= post.date) return;
    span.reported = true;
    // Named at the pre measurement, the one dated after its post.
    reader.report(
      'pre-after-post',
      pre.at,
      () =>
        `the pre measurement of respondent "${context.respondent}" is dated ${pre.date}, after the post measurement dated ${post.date} at line ${post.line} (same program, instrument and rater); correct the date or the wave.`,
      pre.date,
    );
  }
}

interface WaveDate {
  date: string;
  line: number;
  at: ReturnType<RowReader['at']>;
}

/** Two spellings of one id: the same person, and the same pseudonym (see pseudonymise.ts). */
function sameId(a: string, b: string): boolean {
  return normalisePersonId(a) === normalisePersonId(b);
}

/**
 * The line each score (respondent, leader, program, instrument, wave, rater, dimension) first appears on.
 * A row's context (all but the dimension) is numbered once per row, not keyed per score (a wide row
 * holds a score per dimension; a long file repeats each context for every dimension), and each
 * dimension keeps first lines in an array indexed by context number, a fraction of the cost of a Map
 * per score. Contexts are numbered per instrument, in order of appearance, so that the arrays grow by
 * appending; a context without some dimension leaves a hole, which is correct but a slower store.
 */
class FirstScores {
  private readonly byInstrument = new Map<string, InstrumentScores>();
  /** The previous row's context: in a long file it is usually this row's too, and needs no key. */
  private previous = { respondent: '', leader: '', program: '', instrument: '', wave: '', rater: '', id: -1 };

  contextId(respondent: string, leader: string, program: string, instrument: string, wave: Wave, rater: Rater): number {
    const previous = this.previous;
    if (
      respondent === previous.respondent &&
      leader === previous.leader &&
      program === previous.program &&
      instrument === previous.instrument &&
      wave === previous.wave &&
      rater === previous.rater
    ) {
      return previous.id;
    }
    const contextIds = this.scoresOf(instrument).contextIds;
    // Ids compared as the person they name (normalisePersonId): `L01` and `l01` are one context, so
    // their two scores are a duplicate, not two people.
    const key = [normalisePersonId(respondent), normalisePersonId(leader), program, wave, rater].join('\u0000');
    const id = contextIds.getOrAdd(key, contextIds.size) ?? contextIds.size - 1;
    this.previous = { respondent, leader, program, instrument, wave, rater, id };
    return id;
  }

  /** The line this score first appeared on, or undefined when it is new (and is now recorded at `line`). */
  firstLineOf(context: RowContext, dimension: string, line: number): number | undefined {
    const firstLinesByDimension = this.scoresOf(context.instrument.id).firstLinesByDimension;
    let firstLines = firstLinesByDimension.get(dimension);
    if (firstLines === undefined) {
      firstLines = [];
      firstLinesByDimension.set(dimension, firstLines);
    }
    const firstLine = firstLines[context.id];
    if (firstLine === undefined) firstLines[context.id] = line;
    return firstLine;
  }

  private scoresOf(instrument: string): InstrumentScores {
    let scores = this.byInstrument.get(instrument);
    if (scores === undefined) {
      scores = { contextIds: new StringIndex(), firstLinesByDimension: new Map() };
      this.byInstrument.set(instrument, scores);
    }
    return scores;
  }
}

interface InstrumentScores {
  /** Context (respondent, leader, program, wave, rater) to its number. */
  contextIds: StringIndex;
  /** Per dimension, the first line of each context's score, by context number. */
  firstLinesByDimension: Map<string, (number | undefined)[]>;
}

function resolveDimension(row: TableRow, reader: RowReader, instrument: InstrumentDefinition, column: Column, written: string): string | undefined {
  const dimension = dimensionLookup(instrument, written);
  if (dimension !== undefined) return dimension;
  const ids = instrument.dimensions.map((d) => d.id);
  reader.report(
    'unknown-dimension',
    reader.at(row, column),
    () => detail.unknownDimension(written, instrument.id, ids, didYouMean(written, ids)),
    written,
  );
  return undefined;
}

function resolveItem(row: TableRow, reader: RowReader, instrument: InstrumentDefinition, column: Column, written: string): InstrumentItem | undefined {
  const item = itemLookup(instrument, written);
  if (item !== undefined) return item;
  const ids = (instrument.items ?? []).map((i) => i.id);
  reader.report(
    'unknown-dimension',
    reader.at(row, column),
    () =>
      ids.length === 0
        ? detail.itemOfDimensionInstrument(written, instrument.id, instrument.dimensions.map((d) => d.id))
        : detail.unknownItem(written, instrument.id, ids, didYouMean(written, ids)),
    written,
  );
  return undefined;
}

function readScore(row: TableRow, reader: RowReader, instrument: InstrumentDefinition, column: Column): number | undefined {
  return reader.number(row, column, scoreRange(instrument));
}
