/**
 * No suppressed figure may be derivable from printed ones: pooled minus shown programmes, this version
 * minus the previous one, or one rater group minus another.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeMetrics } from '../../../functions/core/metrics/index.ts';
import type { AssessmentRow, MetricsDocument, Rater, ReactionGroup, ReactionRow } from '../../../functions/core/model/index.ts';
import { leadForward, metricsInput, settings } from './fixtures.ts';

const MIN = 5;

function reactionRow(respondent: string, program: string, score: number, comment?: string): ReactionRow {
  return { respondent, program, date: '2025-05-20', satisfaction: score, usefulness: score, recommendation: score, ...(comment ? { comment } : {}) };
}

function reactionsDoc(reactions: ReactionRow[], previousVersion?: MetricsDocument): MetricsDocument {
  return computeMetrics(metricsInput({ reactions, assessments: [], instruments: [], settings: { ...settings, minGroupSize: MIN }, ...(previousVersion ? { previousVersion } : {}) }));
}

/** Everything a reader can sum: n·mean of each printed group. */
const total = (group: ReactionGroup) => (group.satisfaction.mean ?? Number.NaN) * group.responses;

describe('pooled minus shown programmes', () => {
  const sizes = fc.array(fc.integer({ min: 1, max: 12 }), { minLength: 1, maxLength: 5 });

  it('never isolates fewer than the minimum number of people', () => {
    fc.assert(
      fc.property(sizes, fc.array(fc.integer({ min: 1, max: 10 }), { minLength: 60, maxLength: 60 }), (programSizes, scores) => {
        let k = 0;
        const rows = programSizes.flatMap((size, p) => Array.from({ length: size }, (_, i) => reactionRow(`p${p}-${i}`, `program-${p}`, scores[k++ % scores.length] ?? 5)));
        const reaction = reactionsDoc(rows).reaction;
        if (!reaction || reaction.suppressed) return;
        const shown = reaction.byProgram.filter((g) => !g.suppressed);
        const hidden = reaction.byProgram.filter((g) => g.suppressed);
        if (hidden.length === 0) return;
        // What the reader can recover: the hidden programmes' pooled sum, over this many people.
        const recoverable = reaction.responses - shown.reduce((n, g) => n + g.responses, 0);
        expect(recoverable).toBeGreaterThanOrEqual(MIN);
        const pooledMean = (total(reaction) - shown.reduce((sum, g) => sum + total(g), 0)) / recoverable;
        expect(pooledMean).toBeGreaterThanOrEqual(1);
      }),
      { numRuns: 200 },
    );
  });
});

describe('this version minus the previous one', () => {
  it('does not let a late respondent be read off as 6·v2 − 5·v1', () => {
    const first = ['a', 'b', 'c', 'd', 'e'].map((id, i) => reactionRow(id, 'ledarprogram', 6 + i, 'Bra'));
    const v1 = reactionsDoc(first);
    expect(v1.reaction?.suppressed).toBe(false);
    const v2 = reactionsDoc([...first, reactionRow('late', 'ledarprogram', 2, 'Ring mig, det här var dåligt')], v1);
    expect(v2.reaction).toMatchObject({ responses: 6, suppressed: true, suppressedReason: 'version-difference', comments: [] });
    expect(v2.reaction?.satisfaction).not.toHaveProperty('mean');
    expect(JSON.stringify(v2)).not.toContain('dåligt');
    // Once as many people have joined as the minimum group, the figures come back.
    const v3 = reactionsDoc([...first, ...['late', 'f', 'g', 'h', 'i'].map((id) => reactionRow(id, 'ledarprogram', 7))], v2);
    expect(v3.reaction?.suppressed).toBe(false);
    // …and the version that left the late respondent out is not a way around it.
    const v4 = reactionsDoc(first.slice(0, 4).concat([reactionRow('late', 'ledarprogram', 2)]), v3);
    expect(v4.reaction?.suppressed).toBe(true);
  });

  it('does not let one late leader be read off a rater group', () => {
    const rows = (leaders: string[]): AssessmentRow[] =>
      leaders.flatMap((leader, i) =>
        (['pre', 'post'] as const).map((wave) => ({
          respondent: `${leader}-chef`,
          leader,
          program: 'ledarprogram',
          instrument: 'lead-forward',
          wave,
          date: '2025-03-01',
          rater: 'manager' as Rater,
          dimension: 'tydlighet',
          score: wave === 'pre' ? 3 + (i % 3) * 0.5 : 4 + (i % 2) * 0.5,
        })),
      );
    const input = (leaders: string[], previousVersion?: MetricsDocument) =>
      metricsInput({ reactions: [], assessments: rows(leaders), instruments: [leadForward], ...(previousVersion ? { previousVersion } : {}) });
    const v1 = computeMetrics(input(['l1', 'l2', 'l3', 'l4', 'l5']));
    expect(v1.change[0]?.suppressed).toBe(false);
    const v2 = computeMetrics(input(['l1', 'l2', 'l3', 'l4', 'l5', 'l6'], v1));
    expect(v2.change[0]).toMatchObject({ pairs: 6, suppressed: true, suppressedReason: 'version-difference' });
    expect(v2.change[0]).not.toHaveProperty('meanDiff');
  });

  it('never prints two versions of a group whose memberships differ by fewer than the minimum (property)', () => {
    const edits = fc.record({ add: fc.integer({ min: 0, max: 8 }), remove: fc.integer({ min: 0, max: 4 }) });
    fc.assert(
      fc.property(fc.integer({ min: 3, max: 14 }), fc.array(edits, { minLength: 1, maxLength: 4 }), fc.integer({ min: 1, max: 10 }), (start, steps, score) => {
        let people = Array.from({ length: start }, (_, i) => `p${i}`);
        let next = start;
        const versions: { members: string[]; doc: MetricsDocument }[] = [];
        let previous: MetricsDocument | undefined;
        for (const step of [{ add: 0, remove: 0 }, ...steps]) {
          people = people.slice(step.remove).concat(Array.from({ length: step.add }, () => `p${next++}`));
          if (people.length === 0) continue;
          const doc = reactionsDoc(
            people.map((id, i) => reactionRow(id, 'ledarprogram', ((score + i) % 10) + 1)),
            previous,
          );
          versions.push({ members: [...people].sort(), doc });
          previous = doc;
        }
        const printed = versions.filter((v) => v.doc.reaction && !v.doc.reaction.suppressed);
        for (let i = 0; i < printed.length; i++) {
          for (let j = i + 1; j < printed.length; j++) {
            const a = printed[i] as (typeof printed)[number];
            const b = printed[j] as (typeof printed)[number];
            const same = a.members.join() === b.members.join();
            // The difference of two printed sums stands on at least |n₂ − n₁| people.
            if (!same) expect(Math.abs(a.members.length - b.members.length)).toBeGreaterThanOrEqual(MIN);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('one rater group minus another', () => {
  it('prints no figure pooled over rater groups: each shown entry is one rater group with its own minimums', () => {
    const doc = computeMetrics(metricsInput());
    for (const entry of doc.change) {
      if (entry.suppressed) continue;
      expect(entry.pairs).toBeGreaterThanOrEqual(doc.settings.minGroupSize);
      if (entry.rater !== 'self') expect(entry.raters).toBeGreaterThanOrEqual(doc.settings.minRaterGroupSize);
    }
    // The pyramid's figure is a median of entries, never a mean that could be unpicked.
    for (const level of doc.kirkpatrick.slice(1)) expect(level.keyFigure?.kind ?? 'median-gav').not.toBe('mean');
  });
});
