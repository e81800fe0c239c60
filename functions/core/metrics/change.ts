/**
 * Levels 2–4: matched before/after comparisons per programme, instrument, dimension and rater group,
 * with the rated leader as the unit of analysis.
 *
 * Raters are nested in leaders: the four employees of one leader share that leader, so their answers are
 * not independent observations of the programme's effect. As in 360-degree practice, each rater group's
 * answers are first aggregated per ratee (the leader), and the paired statistics run across leaders.
 */
import { RATERS, type AssessmentRow, type ChangeEntry, type InstrumentDefinition, type Rater, type ReleaseHistory } from '../model/index.ts';
import { mean } from '../stats/descriptive.ts';
import { averageSdEffect, cohensDz } from '../stats/effect-size.ts';
import { holmAdjust } from '../stats/multiplicity.ts';
import { comparePaired } from '../stats/paired.ts';
import { reliableChangeShares } from '../stats/reliable-change.ts';
import { compareText } from './order.ts';
import { blockedByEarlierVersions, type Membership } from './release.ts';
import type { GroupThresholds } from './thresholds.ts';
import { verdictFor } from './verdict.ts';

/** One rater's scores for one leader, per wave (one score each; repeated rows are averaged). */
interface RaterScores {
  pre: number[];
  post: number[];
}

interface Group {
  program: string;
  instrument: InstrumentDefinition;
  dimensionIndex: number;
  rater: Rater;
  /** leader → rater (respondent) → scores */
  byLeader: Map<string, Map<string, RaterScores>>;
}

/** A change entry with the people behind it, which never leave the metrics engine. */
export interface ChangeResult {
  entry: ChangeEntry;
  /** Leaders with a matched pair (the analysis units). */
  leaders: ReadonlySet<string>;
  /** Raters who answered both waves for some leader. */
  raters: ReadonlySet<string>;
  /** Raters with one wave only, for some leader. */
  unmatchedRaters: ReadonlySet<string>;
  /** The entry's group and everyone behind its figures (leaders and raters), for the release history. */
  membership: Membership;
}

export function buildChangeEntries(
  assessments: readonly AssessmentRow[],
  instruments: ReadonlyMap<string, InstrumentDefinition>,
  thresholds: GroupThresholds,
  history: ReleaseHistory = {},
  /** Cronbach's alpha measured on the data (metrics/items.ts), by instrument and dimension: the RCI's reliability when the instrument publishes none. */
  reliabilityFromData: ReadonlyMap<string, number> = new Map(),
): ChangeResult[] {
  const groups = new Map<string, Group>();
  for (const row of assessments) {
    const instrument = instruments.get(row.instrument);
    if (!instrument) throw new Error(`assessment row uses instrument "${row.instrument}", which is not among the given instruments`);
    const dimensionIndex = instrument.dimensions.findIndex((d) => d.id === row.dimension);
    if (dimensionIndex < 0) throw new Error(`instrument "${instrument.id}" has no dimension "${row.dimension}"`);
    const key = JSON.stringify([row.program, row.instrument, row.dimension, row.rater]);
    let group = groups.get(key);
    if (!group) {
      group = { program: row.program, instrument, dimensionIndex, rater: row.rater, byLeader: new Map() };
      groups.set(key, group);
    }
    let raters = group.byLeader.get(row.leader);
    if (!raters) {
      raters = new Map();
      group.byLeader.set(row.leader, raters);
    }
    let scores = raters.get(row.respondent);
    if (!scores) {
      scores = { pre: [], post: [] };
      raters.set(row.respondent, scores);
    }
    scores[row.wave].push(row.score);
  }
  const sorted = [...groups.values()].sort(compareGroups).map((group) => {
    const means = leaderMeans(group);
    const key = JSON.stringify(['change', group.program, group.instrument.id, group.instrument.dimensions[group.dimensionIndex]?.id, group.rater]);
    return { group, means, membership: { key, members: new Set([...means.leaders, ...means.raters]) } };
  });
  const blocked = blockedByEarlierVersions(
    sorted.map((s) => s.membership),
    history,
    thresholds.minGroupSize,
  );
  const results = sorted.map(({ group, means, membership }) => toResult(group, means, membership, blocked.has(membership.key), thresholds, reliabilityFromData));
  applyHolmAndVerdicts(results, instruments);
  return results;
}

function compareGroups(a: Group, b: Group): number {
  return (
    compareText(a.program, b.program) ||
    compareText(a.instrument.id, b.instrument.id) ||
    a.dimensionIndex - b.dimensionIndex ||
    RATERS.indexOf(a.rater) - RATERS.indexOf(b.rater)
  );
}

/** Per-leader means over the raters who answered both waves; leaders in pseudonym order so figures never depend on row order. */
interface LeaderMeans {
  pre: number[];
  post: number[];
  leaders: Set<string>;
  raters: Set<string>;
  unmatchedPre: Set<string>;
  unmatchedPost: Set<string>;
}

function leaderMeans(group: Group): LeaderMeans {
  const pre: number[] = [];
  const post: number[] = [];
  const leaders = new Set<string>();
  const raters = new Set<string>();
  const unmatchedPre = new Set<string>();
  const unmatchedPost = new Set<string>();
  for (const leader of [...group.byLeader.keys()].sort(compareText)) {
    const byRater = group.byLeader.get(leader);
    if (!byRater) continue;
    const matchedPre: number[] = [];
    const matchedPost: number[] = [];
    for (const rater of [...byRater.keys()].sort(compareText)) {
      const scores = byRater.get(rater);
      if (!scores) continue;
      if (scores.pre.length > 0 && scores.post.length > 0) {
        matchedPre.push(mean(scores.pre));
        matchedPost.push(mean(scores.post));
        raters.add(rater);
      } else if (scores.pre.length > 0) unmatchedPre.add(rater);
      else unmatchedPost.add(rater);
    }
    if (matchedPre.length === 0) continue;
    pre.push(mean(matchedPre));
    post.push(mean(matchedPost));
    leaders.add(leader);
  }
  return { pre, post, leaders, raters, unmatchedPre, unmatchedPost };
}

function toResult(
  group: Group,
  means: LeaderMeans,
  membership: Membership,
  versionBlocked: boolean,
  thresholds: GroupThresholds,
  reliabilityFromData: ReadonlyMap<string, number>,
): ChangeResult {
  const { instrument } = group;
  const dimension = instrument.dimensions[group.dimensionIndex];
  if (!dimension) throw new Error('dimension index out of range');
  const { pre, post, leaders, raters, unmatchedPre, unmatchedPost } = means;
  const isSelf = group.rater === 'self';
  const fewLeaders = leaders.size < thresholds.minGroupSize;
  const fewRaters = !isSelf && raters.size < thresholds.minRaterGroupSize;
  const descriptiveOnly = instrument.descriptiveOnly === true;
  const entry: ChangeEntry = {
    program: group.program,
    instrument: instrument.id,
    level: instrument.level,
    dimension: dimension.id,
    rater: group.rater,
    pairs: leaders.size,
    raters: raters.size,
    unmatchedPre: unmatchedPre.size,
    unmatchedPost: unmatchedPost.size,
    minGroupSize: thresholds.minGroupSize,
    ...(isSelf ? {} : { minRaters: thresholds.minRaterGroupSize }),
    suppressed: fewLeaders || fewRaters || versionBlocked,
    ...(fewLeaders
      ? { suppressedReason: 'few-leaders' as const }
      : fewRaters
        ? { suppressedReason: 'few-raters' as const }
        : versionBlocked
          ? { suppressedReason: 'version-difference' as const }
          : {}),
    descriptiveOnly,
  };
  const unmatchedRaters = new Set([...unmatchedPre, ...unmatchedPost]);
  const result: ChangeResult = { entry, leaders, raters, unmatchedRaters, membership };
  if (entry.suppressed) return result;

  const paired = comparePaired(pre, post);
  entry.preMean = paired.preMean;
  entry.preSd = paired.preSd;
  entry.postMean = paired.postMean;
  entry.postSd = paired.postSd;
  if (descriptiveOnly) {
    entry.verdict = 'descriptive';
    return result;
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
  const reliability = instrument.reliability ?? reliabilityFromData.get(`${instrument.id}\u0000${dimension.id}`);
  if (reliability !== undefined) {
    const shares = reliableChangeShares(pre, post, paired.preSd, reliability, dimension.lowerIsBetter === true);
    if (shares) Object.assign(entry, shares);
  }
  return result;
}

/** The p of an entry's test; identical differences (no t) count as certain when they differ from zero. */
function testP(entry: ChangeEntry): number | undefined {
  if (entry.meanDiff === undefined) return undefined;
  if (entry.p !== undefined) return entry.p;
  return entry.meanDiff === 0 ? 1 : 0;
}

/**
 * The family is every shown, non-descriptive test of the client-year: Holm's adjustment over all of
 * them, and the verdicts decided on the adjusted p and the unrounded interval.
 */
function applyHolmAndVerdicts(results: readonly ChangeResult[], instruments: ReadonlyMap<string, InstrumentDefinition>): void {
  const tested = results.map((r) => r.entry).filter((e) => !e.suppressed && !e.descriptiveOnly && testP(e) !== undefined);
  const adjusted = holmAdjust(tested.map((e) => testP(e) as number));
  tested.forEach((entry, index) => {
    const pHolm = adjusted[index] as number;
    entry.pHolm = pHolm;
    const lowerIsBetter = instruments.get(entry.instrument)?.dimensions.find((d) => d.id === entry.dimension)?.lowerIsBetter === true;
    entry.verdict = verdictFor({ ci95: entry.ci95 as [number, number], gav: entry.gav, lowerIsBetter, pHolm });
  });
}
