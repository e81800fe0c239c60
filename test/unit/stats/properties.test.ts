import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { averageSdEffect, cohensDz } from '../../../functions/core/stats/effect-size.ts';
import { comparePaired } from '../../../functions/core/stats/paired.ts';

/** Scores on a quarter-point grid: exact in binary floating point, like Likert means. */
const score = fc.integer({ min: -40, max: 40 }).map((k) => k / 4);
const pairs = fc.array(fc.tuple(score, score), { minLength: 3, maxLength: 25 });

function differenceStatistics(pre: number[], post: number[]) {
  const paired = comparePaired(pre, post);
  const effect = averageSdEffect({ ...paired, r: paired.r });
  return {
    meanDiff: paired.meanDiff,
    sdDiff: paired.sdDiff,
    ci95: paired.ci95,
    t: paired.t,
    p: paired.p,
    r: paired.r,
    dz: cohensDz(paired.meanDiff, paired.sdDiff),
    dav: effect?.dav,
    gav: effect?.gav,
    gavCi95: effect?.gavCi95,
  };
}

function expectNear(actual: number | undefined, expected: number | undefined): void {
  if (expected === undefined) {
    expect(actual).toBeUndefined();
    return;
  }
  expect(actual).toBeDefined();
  expect(Math.abs((actual as number) - expected)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(expected)));
}

describe('paired statistics properties', () => {
  it('shifting every score by a constant changes no difference statistic', () => {
    fc.assert(
      fc.property(pairs, fc.integer({ min: -100, max: 100 }), (rows, shift) => {
        const pre = rows.map(([a]) => a);
        const post = rows.map(([, b]) => b);
        const before = differenceStatistics(pre, post);
        const after = differenceStatistics(
          pre.map((v) => v + shift),
          post.map((v) => v + shift),
        );
        for (const key of ['meanDiff', 'sdDiff', 't', 'p', 'r', 'dz', 'dav', 'gav'] as const) expectNear(after[key], before[key]);
        expectNear(after.ci95[0], before.ci95[0]);
        expectNear(after.ci95[1], before.ci95[1]);
        expectNear(after.gavCi95?.[0], before.gavCi95?.[0]);
        expectNear(after.gavCi95?.[1], before.gavCi95?.[1]);
      }),
      { numRuns: 200 },
    );
  });

  it('swapping pre and post flips the sign of every directional statistic', () => {
    fc.assert(
      fc.property(pairs, (rows) => {
        const pre = rows.map(([a]) => a);
        const post = rows.map(([, b]) => b);
        const forward = differenceStatistics(pre, post);
        const backward = differenceStatistics(post, pre);
        const negate = (v: number | undefined) => (v === undefined ? undefined : -v);
        for (const key of ['meanDiff', 't', 'dz', 'dav', 'gav'] as const) expectNear(backward[key], negate(forward[key]));
        expectNear(backward.ci95[0], -forward.ci95[1]);
        expectNear(backward.ci95[1], -forward.ci95[0]);
        expectNear(backward.gavCi95?.[0], negate(forward.gavCi95?.[1]));
        expectNear(backward.gavCi95?.[1], negate(forward.gavCi95?.[0]));
        expectNear(backward.p, forward.p);
        expectNear(backward.sdDiff, forward.sdDiff);
      }),
      { numRuns: 200 },
    );
  });
});
