/** Levels 2–4: matched before/after comparisons per programme, instrument, dimension and rater. */
import { RATERS, type AssessmentRow, type ChangeEntry, type InstrumentDefinition, type Rater } from '../model/index.ts';
import { mean } from '../stats/descriptive.ts';
import { averageSdEffect, cohensDz } from '../stats/effect-size.ts';
import { comparePaired } from '../stats/paired.ts';
import { reliableChangeShares } from '../stats/reliable-change.ts';
import { compareText } from './order.ts';
import { minimumFor, type GroupThresholds } from './thresholds.ts';
import { verdictFor } from './verdict.ts';

interface Group {
  program: string;
  instrument: InstrumentDefinition;
  dimensionIndex: number;
  rater: Rater;
  /** respondent → scores per wave */
  byRespondent: Map<string, { pre: number[]; post: number[] }>;
}

export function buildChangeEntries(
  assessments: readonly AssessmentRow[],
  instruments: ReadonlyMap<string, InstrumentDefinition>,
  thresholds: GroupThresholds,
): ChangeEntry[] {
  const groups = new Map<string, Group>();
  for (const row of assessments) {
    const instrument = instruments.get(row.instrument);
    if (!instrument) throw new Error(`assessment row uses instrument "${row.instrument}", which is not among the given instruments`);
    const dimensionIndex = instrument.dimensions.findIndex((d) => d.id === row.dimension);
    if (dimensionIndex < 0) throw new Error(`instrument "${instrument.id}" has no dimension "${row.dimension}"`);
    const key = JSON.stringify([row.program, row.instrument, row.dimension, row.rater]);
    let group = groups.get(key);
    if (!group) {
      group = { program: row.program, instrument, dimensionIndex, rater: row.rater, byRespondent: new Map() };
      groups.set(key, group);
    }
    let scores = group.byRespondent.get(row.respondent);
    if (!scores) {
      scores = { pre: [], post: [] };
      group.byRespondent.set(row.respondent, scores);
    }
    scores[row.wave].push(row.score);
  }
  return [...groups.values()].sort(compareGroups).map((group) => toEntry(group, thresholds));
}

function compareGroups(a: Group, b: Group): number {
  return (
    compareText(a.program, b.program) ||
    compareText(a.instrument.id, b.instrument.id) ||
    a.dimensionIndex - b.dimensionIndex ||
    RATERS.indexOf(a.rater) - RATERS.indexOf(b.rater)
  );
}

function toEntry(group: Group, thresholds: GroupThresholds): ChangeEntry {
  const { instrument } = group;
  const dimension = instrument.dimensions[group.dimensionIndex];
  if (!dimension) throw new Error('dimension index out of range');
  // Respondent order fixes the pairing order, so figures never depend on row order.
  const respondents = [...group.byRespondent.keys()].sort(compareText);
  const pre: number[] = [];
  const post: number[] = [];
  let unmatchedPre = 0;
  let unmatchedPost = 0;
  for (const respondent of respondents) {
    const scores = group.byRespondent.get(respondent);
    if (!scores) continue;
    if (scores.pre.length > 0 && scores.post.length > 0) {
      // Repeated rows for one respondent and wave are averaged: each respondent counts once.
      pre.push(mean(scores.pre));
      post.push(mean(scores.post));
    } else if (scores.pre.length > 0) unmatchedPre += 1;
    else unmatchedPost += 1;
  }
  const minGroupSize = minimumFor(group.rater, thresholds);
  const descriptiveOnly = instrument.descriptiveOnly === true;
  const entry: ChangeEntry = {
    program: group.program,
    instrument: instrument.id,
    level: instrument.level,
    dimension: dimension.id,
    rater: group.rater,
    pairs: pre.length,
    unmatchedPre,
    unmatchedPost,
    minGroupSize,
    suppressed: pre.length < minGroupSize,
    descriptiveOnly,
  };
  if (entry.suppressed) return entry;

  const paired = comparePaired(pre, post);
  entry.preMean = paired.preMean;
  entry.preSd = paired.preSd;
  entry.postMean = paired.postMean;
  entry.postSd = paired.postSd;
  if (descriptiveOnly) {
    entry.verdict = 'descriptive';
    return entry;
  }

  entry.meanDiff = paired.meanDiff;
  entry.sdDiff = paired.sdDiff;
  entry.ci95 = paired.ci95;
  if (paired.t !== undefined) entry.t = paired.t;
  entry.df = paired.df;
  if (paired.p !== undefined) entry.p = paired.p;
  if (paired.r !== undefined) entry.r = paired.r;
  const dz = cohensDz(paired.meanDiff, paired.sdDiff);
  if (dz !== undefined) entry.dz = dz;
  const effect = averageSdEffect({ meanDiff: paired.meanDiff, preSd: paired.preSd, postSd: paired.postSd, r: paired.r, n: paired.n });
  if (effect) {
    entry.dav = effect.dav;
    entry.gav = effect.gav;
    entry.gavCi95 = effect.gavCi95;
  }
  const lowerIsBetter = dimension.lowerIsBetter === true;
  if (instrument.reliability !== undefined) {
    const shares = reliableChangeShares(pre, post, paired.preSd, instrument.reliability, lowerIsBetter);
    if (shares) Object.assign(entry, shares);
  }
  entry.verdict = verdictFor({ ci95: paired.ci95, gav: effect?.gav, lowerIsBetter });
  return entry;
}
