import {
  instrumentKind,
  METRICS_SCHEMA_VERSION,
  type AssessmentRow,
  type ClientSettings,
  type InstrumentDefinition,
  type InstrumentSummary,
  type MetricsDocument,
  type ProgramDesignEntry,
  type RaterGroupCount,
  type ReactionRow,
  type SourceFile,
} from '../model/index.ts';
import { leadershipTrainingBenchmarks } from './benchmarks.ts';
import { buildChangeEntries, type ChangeResult } from './change.ts';
import { buildKirkpatrick } from './kirkpatrick.ts';
import { reliabilityByDimension, scoreItems } from './items.ts';
import { compareText, distinctSorted } from './order.ts';
import { buildReactionMetrics } from './reaction.ts';
import { effectiveThresholds } from './thresholds.ts';
import { nextHistory } from './release.ts';
import { buildTrend, buildTrendChanges } from './trend.ts';

export interface MetricsInput {
  clientId: string;
  year: number;
  settings: ClientSettings;
  /** Every instrument referenced by the assessments (built-in and the client's own). */
  instruments: InstrumentDefinition[];
  reactions: ReactionRow[];
  assessments: AssessmentRow[];
  sources: SourceFile[];
  inputsHash: string;
  /** Stored metrics of earlier years for the same client (any order), for the trend. */
  previousYears: MetricsDocument[];
  /** The last stored metrics of this same client-year, if any: no group may be isolated by differencing against it. */
  previousVersion?: MetricsDocument;
  /** The consultant's commentary for the year (Markdown subset), if any. */
  commentary?: string;
  /** The year's programme descriptions, if any. */
  programDesigns?: readonly ProgramDesignEntry[];
}

/** Pure and order-independent: the same rows in any order give the same document. */
export function computeMetrics(input: MetricsInput): MetricsDocument {
  const thresholds = effectiveThresholds(input.settings);
  const definitions = indexInstruments(input.instruments);
  const itemScoring = scoreItems(input.assessments, definitions);
  const hasItems = itemScoring.rows.length !== input.assessments.length || itemScoring.incompleteResponses.length > 0 || itemScoring.reliability.length > 0;
  const assessments = itemScoring.rows;
  const instruments = distinctSorted(input.assessments.map((a) => a.instrument)).map((id) => summarise(definitions, id));
  const history = input.previousVersion?.release ?? {};
  const { metrics: reaction, printed: printedReactions } = buildReactionMetrics(input.reactions, { ...thresholds, locale: input.settings.locale }, input.settings.invited, history);
  const results = buildChangeEntries(assessments, definitions, thresholds, history, reliabilityByDimension(itemScoring.reliability));
  const printedChanges = results.filter((r) => !r.entry.suppressed).map((r) => r.membership);
  const change = results.map((r) => r.entry);
  const leadersMeasured = countLeadersMeasured(results);
  const raterGroups = countRaterGroups(results);
  const current = { client: input.clientId, year: input.year, reaction, change, leadersMeasured };
  return {
    schemaVersion: METRICS_SCHEMA_VERSION,
    client: input.clientId,
    year: input.year,
    inputsHash: input.inputsHash,
    period: periodOf([...input.reactions.map((r) => r.date), ...input.assessments.map((a) => a.date)]),
    programs: distinctSorted([...input.reactions.map((r) => r.program), ...input.assessments.map((a) => a.program)]),
    participants: new Set(input.reactions.map((r) => r.respondent)).size,
    leadersMeasured,
    unmatchedRaters: raterGroups.reduce((n, g) => n + g.unmatched, 0),
    settings: { ...thresholds, locale: input.settings.locale },
    sources: [...input.sources].sort(compareSources).map((s) => ({ ...s })),
    instruments,
    reaction,
    raterGroups,
    change,
    benchmarks: leadershipTrainingBenchmarks(),
    trend: buildTrend(current, input.previousYears, thresholds),
    trendChanges: buildTrendChanges(current, input.previousYears, thresholds),
    kirkpatrick: buildKirkpatrick({ reaction, change: results, instruments, thresholds }),
    ...(hasItems ? { reliability: itemScoring.reliability, incompleteResponses: itemScoring.incompleteResponses } : {}),
    ...(input.commentary && input.commentary.trim() !== '' ? { commentary: input.commentary } : {}),
    ...(input.programDesigns && input.programDesigns.length > 0
      ? { programDesigns: [...input.programDesigns].sort((a, b) => compareText(a.programId, b.programId)).map((d) => ({ programId: d.programId, design: d.design })) }
      : {}),
    release: nextHistory(history, [...printedReactions, ...printedChanges]),
  };
}

/** Distinct leaders with both waves in at least one non-descriptive instrument, in any rater group. */
function countLeadersMeasured(results: readonly ChangeResult[]): number {
  return new Set(results.filter((r) => !r.entry.descriptiveOnly).flatMap((r) => [...r.leaders])).size;
}

/**
 * People per programme × instrument × rater group, each counted once whatever the number of dimensions.
 * A rater with both waves in some dimension counts as matched, not as unmatched.
 */
function countRaterGroups(results: readonly ChangeResult[]): RaterGroupCount[] {
  const groups = new Map<string, { count: RaterGroupCount; leaders: Set<string>; raters: Set<string>; unmatched: Set<string> }>();
  for (const { entry, leaders, raters, unmatchedRaters } of results) {
    const key = JSON.stringify([entry.program, entry.instrument, entry.rater]);
    let group = groups.get(key);
    if (!group) {
      group = {
        count: { program: entry.program, instrument: entry.instrument, rater: entry.rater, leaders: 0, raters: 0, unmatched: 0 },
        leaders: new Set(),
        raters: new Set(),
        unmatched: new Set(),
      };
      groups.set(key, group);
    }
    for (const leader of leaders) group.leaders.add(leader);
    for (const rater of raters) group.raters.add(rater);
    for (const rater of unmatchedRaters) group.unmatched.add(rater);
  }
  return [...groups.values()].map(({ count, leaders, raters, unmatched }) => ({
    ...count,
    leaders: leaders.size,
    raters: raters.size,
    unmatched: [...unmatched].filter((r) => !raters.has(r)).length,
  }));
}

function indexInstruments(instruments: readonly InstrumentDefinition[]): Map<string, InstrumentDefinition> {
  const byId = new Map<string, InstrumentDefinition>();
  for (const instrument of instruments) {
    const known = byId.get(instrument.id);
    if (known && JSON.stringify(known) !== JSON.stringify(instrument)) {
      throw new Error(`instrument "${instrument.id}" is given twice with different definitions`);
    }
    byId.set(instrument.id, instrument);
  }
  return byId;
}

function summarise(definitions: ReadonlyMap<string, InstrumentDefinition>, id: string): InstrumentSummary {
  const definition = definitions.get(id);
  if (!definition) throw new Error(`assessment rows use instrument "${id}", which is not among the given instruments`);
  return {
    id: definition.id,
    name: definition.name,
    ...(definition.displayName ? { displayName: { ...definition.displayName } } : {}),
    level: definition.level,
    kind: instrumentKind(definition),
    scale: { min: definition.scale.min, max: definition.scale.max },
    descriptiveOnly: definition.descriptiveOnly === true,
    ...(definition.descriptiveReason ? { descriptiveReason: { ...definition.descriptiveReason } } : {}),
    ...(definition.reliability !== undefined ? { reliability: definition.reliability } : {}),
    dimensions: definition.dimensions.map((d) => ({
      id: d.id,
      label: { ...d.label },
      ...(d.lowerIsBetter !== undefined ? { lowerIsBetter: d.lowerIsBetter } : {}),
    })),
  };
}

function periodOf(dates: readonly string[]): MetricsDocument['period'] {
  const dated = dates.filter((d) => d.length > 0).sort(compareText);
  const from = dated[0];
  const to = dated[dated.length - 1];
  return from !== undefined && to !== undefined ? { from, to } : null;
}

function compareSources(a: SourceFile, b: SourceFile): number {
  return compareText(a.file, b.file) || compareText(a.dataset, b.dataset) || compareText(a.sha256, b.sha256) || compareText(a.uploadedAt, b.uploadedAt);
}
