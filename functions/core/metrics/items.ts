/**
 * Item-level instruments: answers per item (question) are scored into dimension scores before the
 * before/after analysis, and their internal consistency is measured on the client's own data.
 */
import type { AssessmentRow, IncompleteResponseCount, InstrumentDefinition, InstrumentItem, ReliabilityEntry } from '../model/index.ts';
import { cronbachAlpha } from '../stats/reliability.ts';
import { compareText } from './order.ts';

export interface ItemScoring {
  /** Dimension scores: the rows given per dimension as they were, and one scored row per complete item response. */
  rows: AssessmentRow[];
  /** Responses (respondent × leader × program × wave × rater) that answered too few of a dimension's items. */
  incompleteResponses: IncompleteResponseCount[];
  /** Cronbach's alpha per item-level dimension, from the pre-wave responses that answered all its items. */
  reliability: ReliabilityEntry[];
}

interface ItemResponse {
  row: AssessmentRow;
  instrument: InstrumentDefinition;
  /** Item id → the answer (as given). */
  answers: Map<string, number>;
}

/**
 * A respondent's dimension score for a wave is the mean of the dimension's answered items after
 * reverse-keying (min + max − x); at least half of the dimension's items, rounded up, must be answered,
 * otherwise the score is missing and the response counted as incomplete. Pure and order-independent.
 */
export function scoreItems(assessments: readonly AssessmentRow[], instruments: ReadonlyMap<string, InstrumentDefinition>): ItemScoring {
  const rows: AssessmentRow[] = [];
  const responses = new Map<string, ItemResponse>();
  for (const row of assessments) {
    if (row.item === undefined) {
      rows.push(row);
      continue;
    }
    const instrument = instruments.get(row.instrument);
    if (!instrument) throw new Error(`assessment row uses instrument "${row.instrument}", which is not among the given instruments`);
    const key = JSON.stringify([row.respondent, row.leader, row.program, row.instrument, row.wave, row.rater, row.dimension]);
    let response = responses.get(key);
    if (!response) {
      response = { row, instrument, answers: new Map() };
      responses.set(key, response);
    } else if (compareText(row.date, response.row.date) < 0) {
      // The earliest date of the response's answers, whatever the row order.
      response.row = row;
    }
    response.answers.set(row.item, row.score);
  }

  const incomplete = new Map<string, IncompleteResponseCount>();
  const complete = new Map<string, { instrument: string; dimension: string; items: InstrumentItem[]; answers: number[][] }>();
  for (const key of [...responses.keys()].sort(compareText)) {
    const { row, instrument, answers } = responses.get(key) as ItemResponse;
    const items = itemsOf(instrument, row.dimension);
    const keyed: number[] = [];
    for (const item of items) {
      const answer = answers.get(item.id);
      if (answer !== undefined) keyed.push(item.reverse === true ? instrument.scale.min + instrument.scale.max - answer : answer);
    }
    const dimensionKey = JSON.stringify([row.instrument, row.dimension]);
    if (keyed.length < Math.ceil(items.length / 2)) {
      const count = incomplete.get(dimensionKey) ?? { instrument: row.instrument, dimension: row.dimension, responses: 0 };
      count.responses++;
      incomplete.set(dimensionKey, count);
      continue;
    }
    rows.push({
      respondent: row.respondent,
      leader: row.leader,
      program: row.program,
      instrument: row.instrument,
      wave: row.wave,
      date: row.date,
      rater: row.rater,
      dimension: row.dimension,
      score: keyed.reduce((a, b) => a + b, 0) / keyed.length,
    });
    if (row.wave === 'pre' && keyed.length === items.length && items.length >= 2) {
      let entry = complete.get(dimensionKey);
      if (!entry) {
        entry = { instrument: row.instrument, dimension: row.dimension, items, answers: [] };
        complete.set(dimensionKey, entry);
      }
      entry.answers.push(keyed);
    }
  }

  const reliability: ReliabilityEntry[] = [];
  for (const key of [...complete.keys()].sort(compareText)) {
    const { instrument, dimension, answers } = complete.get(key) as { instrument: string; dimension: string; answers: number[][] };
    const alpha = cronbachAlpha(answers);
    if (alpha === undefined) continue;
    reliability.push({ instrument, dimension, alpha: alpha.alpha, ...(alpha.ci95 ? { ci95: alpha.ci95 } : {}), n: alpha.n, items: alpha.items });
  }
  return { rows, incompleteResponses: [...incomplete.keys()].sort(compareText).map((k) => incomplete.get(k) as IncompleteResponseCount), reliability };
}

const itemsByDimension = new WeakMap<InstrumentDefinition, Map<string, InstrumentItem[]>>();

/** The dimension's items in the order the instrument lists them. */
function itemsOf(instrument: InstrumentDefinition, dimension: string): InstrumentItem[] {
  let byDimension = itemsByDimension.get(instrument);
  if (!byDimension) {
    byDimension = new Map();
    for (const item of instrument.items ?? []) {
      const list = byDimension.get(item.dimension) ?? [];
      list.push(item);
      byDimension.set(item.dimension, list);
    }
    itemsByDimension.set(instrument, byDimension);
  }
  return byDimension.get(dimension) ?? [];
}

/** Alpha usable as the reliable change index's reliability, per instrument and dimension. */
export function reliabilityByDimension(entries: readonly ReliabilityEntry[]): Map<string, number> {
  const byKey = new Map<string, number>();
  for (const entry of entries) if (entry.alpha > 0 && entry.alpha < 1) byKey.set(reliabilityKey(entry.instrument, entry.dimension), entry.alpha);
  return byKey;
}

export function reliabilityKey(instrument: string, dimension: string): string {
  return `${instrument}\u0000${dimension}`;
}
