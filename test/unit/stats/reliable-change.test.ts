import { describe, expect, it } from 'vitest';
import { reliableChangeIndex, reliableChangeShares } from '../../../functions/core/stats/reliable-change.ts';

describe('Jacobson & Truax reliable change', () => {
  it('RCI = (post − pre) / (√2 · sd_pre · √(1 − r))', () => {
    // sd 10, reliability .84 → SE 4, S_diff 5.657; a change of 12 gives 2.1213.
    expect(reliableChangeIndex(50, 62, 10, 0.84)).toBeCloseTo(12 / (Math.SQRT2 * 4), 12);
  });

  it('classifies |RCI| > 1.96 and respects lowerIsBetter', () => {
    const pre = [50, 50, 50, 50];
    const post = [62, 55, 50, 38];
    expect(reliableChangeShares(pre, post, 10, 0.84, false)).toEqual({ reliablyImproved: 0.25, reliablyUnchanged: 0.5, reliablyWorse: 0.25 });
    expect(reliableChangeShares(pre, [62, 62, 62, 50], 10, 0.84, true)).toEqual({ reliablyImproved: 0, reliablyUnchanged: 0.25, reliablyWorse: 0.75 });
  });

  it('gives nothing when the pre scores do not vary', () => {
    expect(reliableChangeShares([3, 3, 3], [4, 5, 4], 0, 0.8, false)).toBeUndefined();
  });
});
