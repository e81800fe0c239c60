/** The four-level Kirkpatrick overview: what was measured, on how many, and one headline figure per level. */
import { LEVEL_NUMBER, type AssessmentRow, type ChangeEntry, type InstrumentSummary, type KirkpatrickLevel, type ReactionMetrics } from '../model/index.ts';
import { median } from '../stats/descriptive.ts';
import { isLowerBetter, isShowable, medianImprovementGav } from './headline.ts';
import { distinctSorted } from './order.ts';
import type { GroupThresholds } from './thresholds.ts';

const ASSESSED_LEVELS = ['learning', 'behaviour', 'results'] as const;

export function buildKirkpatrick(input: {
  reaction: ReactionMetrics | null;
  change: readonly ChangeEntry[];
  assessments: readonly AssessmentRow[];
  instruments: readonly InstrumentSummary[];
  thresholds: GroupThresholds;
}): KirkpatrickLevel[] {
  const { reaction } = input;
  const levelOne: KirkpatrickLevel = { level: 1, name: 'reaction', measured: reaction !== null, instruments: [], n: reaction?.responses ?? 0 };
  if (reaction && !reaction.suppressed && reaction.satisfaction.mean !== undefined) {
    levelOne.keyFigure = { kind: 'satisfaction-mean', value: reaction.satisfaction.mean, scaleMax: reaction.satisfaction.scale.max };
  }
  return [levelOne, ...ASSESSED_LEVELS.map((name) => assessedLevel(name, input))];
}

function assessedLevel(
  name: (typeof ASSESSED_LEVELS)[number],
  input: { change: readonly ChangeEntry[]; assessments: readonly AssessmentRow[]; instruments: readonly InstrumentSummary[]; thresholds: GroupThresholds },
): KirkpatrickLevel {
  const instruments = input.instruments.filter((i) => i.level === name);
  const ids = new Set(instruments.map((i) => i.id));
  const entries = input.change.filter((e) => e.level === name);
  const level: KirkpatrickLevel = {
    level: LEVEL_NUMBER[name],
    name,
    measured: entries.some((e) => e.pairs > 0),
    instruments: distinctSorted(ids),
    n: respondentsWithPairs(input.assessments.filter((a) => ids.has(a.instrument))),
  };
  const keyFigure = keyFigureOf(entries, input.instruments, input.thresholds);
  if (keyFigure) level.keyFigure = keyFigure;
  return level;
}

/** Median g_av (oriented to improvement); when only descriptive entries may be shown, the median improvement in scale points. */
function keyFigureOf(entries: readonly ChangeEntry[], instruments: readonly InstrumentSummary[], thresholds: GroupThresholds): KirkpatrickLevel['keyFigure'] {
  const medianGav = medianImprovementGav(entries, instruments, thresholds);
  if (medianGav !== undefined) return { kind: 'median-gav', value: medianGav };
  const showable = entries.filter((e) => isShowable(e, thresholds) && e.descriptiveOnly && e.preMean !== undefined && e.postMean !== undefined);
  const scales = showable.map((e) => instruments.find((i) => i.id === e.instrument)?.scale);
  // Differences on different scales cannot share one median.
  const distinctScales = new Set(scales.map((s) => (s ? `${s.min}..${s.max}` : 'unknown')));
  const scaleMax = scales[0]?.max;
  if (showable.length === 0 || distinctScales.size !== 1 || scaleMax === undefined) return undefined;
  const improvements = showable.map((e) => ((e.postMean as number) - (e.preMean as number)) * (isLowerBetter(e, instruments) ? -1 : 1));
  return { kind: 'mean-diff', value: median(improvements), scaleMax };
}

/** Distinct respondents with at least one matched pre/post pair at the level. */
function respondentsWithPairs(rows: readonly AssessmentRow[]): number {
  const waves = new Map<string, Set<string>>();
  for (const row of rows) {
    const key = JSON.stringify([row.respondent, row.program, row.instrument, row.dimension, row.rater]);
    const seen = waves.get(key) ?? new Set<string>();
    seen.add(row.wave);
    waves.set(key, seen);
  }
  const respondents = new Set<string>();
  for (const [key, seen] of waves) {
    if (seen.size === 2) respondents.add((JSON.parse(key) as string[])[0] as string);
  }
  return respondents.size;
}
