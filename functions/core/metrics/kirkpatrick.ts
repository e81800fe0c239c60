/** The four-level Kirkpatrick overview: what was measured, on how many people, and one headline figure per level. */
import { LEVEL_NUMBER, type ChangeEntry, type InstrumentSummary, type KirkpatrickLevel, type ReactionMetrics } from '../model/index.ts';
import { median } from '../stats/descriptive.ts';
import type { ChangeResult } from './change.ts';
import { improvementGav, isLowerBetter, isShowable, isTested } from './headline.ts';
import { distinctSorted } from './order.ts';
import type { GroupThresholds } from './thresholds.ts';

const ASSESSED_LEVELS = ['learning', 'behaviour', 'results'] as const;

export function buildKirkpatrick(input: {
  reaction: ReactionMetrics | null;
  change: readonly ChangeResult[];
  instruments: readonly InstrumentSummary[];
  thresholds: GroupThresholds;
}): KirkpatrickLevel[] {
  const { reaction } = input;
  const levelOne: KirkpatrickLevel = { level: 1, name: 'reaction', measured: reaction !== null, instruments: [], n: reaction?.responses ?? 0, unit: 'respondents' };
  if (reaction && !reaction.suppressed && reaction.satisfaction.mean !== undefined) {
    levelOne.keyFigure = { kind: 'satisfaction-mean', value: reaction.satisfaction.mean, scaleMax: reaction.satisfaction.scale.max };
  }
  return [levelOne, ...ASSESSED_LEVELS.map((name) => assessedLevel(name, input))];
}

function assessedLevel(
  name: (typeof ASSESSED_LEVELS)[number],
  input: { change: readonly ChangeResult[]; instruments: readonly InstrumentSummary[]; thresholds: GroupThresholds },
): KirkpatrickLevel {
  const instruments = input.instruments.filter((i) => i.level === name);
  const results = input.change.filter((r) => r.entry.level === name);
  const figure = keyFigureOf(results, input.instruments, input.thresholds);
  // n counts the people behind the figure; without a figure, everyone measured at the level (a count only).
  const behind = figure ? figure.results : results.filter((r) => r.entry.pairs > 0);
  const level: KirkpatrickLevel = {
    level: LEVEL_NUMBER[name],
    name,
    measured: results.some((r) => r.entry.pairs > 0),
    instruments: distinctSorted(instruments.map((i) => i.id)),
    n: new Set(behind.flatMap((r) => [...r.leaders])).size,
    unit: instruments.length > 0 && instruments.every((i) => i.kind === 'indicator') ? 'units' : 'leaders',
  };
  if (figure) level.keyFigure = figure.keyFigure;
  return level;
}

/**
 * Median g_av (oriented to improvement) over the level's tested entries, ratings by others preferred:
 * self-ratings enter only when no other rater group can be shown. Descriptive-only instruments never
 * give an effect size; when they are all a level has, the median improvement in scale points.
 */
function keyFigureOf(
  results: readonly ChangeResult[],
  instruments: readonly InstrumentSummary[],
  thresholds: GroupThresholds,
): { keyFigure: NonNullable<KirkpatrickLevel['keyFigure']>; results: ChangeResult[] } | undefined {
  const tested = results.filter((r) => isTested(r.entry, thresholds));
  const byOthers = tested.filter((r) => r.entry.rater !== 'self');
  const basis = byOthers.length > 0 ? byOthers : tested;
  if (basis.length > 0) {
    const values = basis.map((r) => improvementGav(r.entry, instruments) as number);
    return {
      keyFigure: { kind: 'median-gav', value: median(values), basis: byOthers.length > 0 ? 'others' : 'self', entries: basis.length },
      results: basis,
    };
  }
  const descriptive = results.filter((r) => isShowable(r.entry, thresholds) && r.entry.descriptiveOnly && r.entry.preMean !== undefined && r.entry.postMean !== undefined);
  const scales = descriptive.map((r) => instruments.find((i) => i.id === r.entry.instrument)?.scale);
  // Differences on different scales cannot share one median.
  const distinctScales = new Set(scales.map((s) => (s ? `${s.min}..${s.max}` : 'unknown')));
  const scaleMax = scales[0]?.max;
  if (descriptive.length === 0 || distinctScales.size !== 1 || scaleMax === undefined) return undefined;
  const improvements = descriptive.map(({ entry }) => scalePointGain(entry, instruments));
  return { keyFigure: { kind: 'mean-diff', value: median(improvements), scaleMax, entries: descriptive.length }, results: descriptive };
}

function scalePointGain(entry: ChangeEntry, instruments: readonly InstrumentSummary[]): number {
  return ((entry.postMean as number) - (entry.preMean as number)) * (isLowerBetter(entry, instruments) ? -1 : 1);
}
