import { describe, expect, it } from 'vitest';
import { npsFigures, ratingFigures } from '../../../functions/core/stats/reaction.ts';
import { expectRelativelyClose, references } from './reference.ts';

describe('Net Promoter Score', () => {
  it('reproduces the reference example (5 promoters, 2 passives, 3 detractors of 10 → 20)', () => {
    const figures = npsFigures(references.nps.ratings);
    expect(figures.nps).toBe(references.nps.nps);
    expect(figures.promoterShare).toBe(0.5);
    expect(figures.passiveShare).toBe(0.2);
    expect(figures.detractorShare).toBe(0.3);
  });

  it('spans −100 to 100', () => {
    expect(npsFigures([0, 6, 3]).nps).toBe(-100);
    expect(npsFigures([9, 10]).nps).toBe(100);
  });
});

describe('rating figures', () => {
  it('lists every scale point ascending, zero counts included', () => {
    const figures = ratingFigures([10, 9, 9, 8, 3], { min: 1, max: 10 });
    expect(figures.distribution.map((d) => d.value)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(figures.distribution.map((d) => d.count)).toEqual([0, 0, 1, 0, 0, 0, 0, 1, 2, 1]);
    expect(figures.median).toBe(9);
    expect(figures.topTwoBoxShare).toBe(0.6);
    expect(figures.mean).toBeCloseTo(7.8, 12);
    // SciPy: mean ± t(0.975, 4)·sd/√5
    expectRelativelyClose(figures.sd, 2.7748873851023217, 1e-9);
    expectRelativelyClose(figures.ci95[0], 4.3545222348486625, 1e-7);
    expectRelativelyClose(figures.ci95[1], 11.245477765151337, 1e-7);
  });

  it('counts the top two points of the scale it is given, not 9 and 10', () => {
    // 1–5: 4 and 5 are the top two (four of six); a fixed `v >= 9` would find none.
    const fivePoint = ratingFigures([5, 4, 4, 3, 1, 5], { min: 1, max: 5 });
    expect(fivePoint.topTwoBoxShare).toBeCloseTo(4 / 6, 12);
    expect(fivePoint.distribution.map((d) => d.value)).toEqual([1, 2, 3, 4, 5]);
    // 0–4: 3 and 4; a 2 is not in the top two.
    expect(ratingFigures([4, 3, 2, 0], { min: 0, max: 4 }).topTwoBoxShare).toBe(0.5);
    // 1–7: 6 and 7.
    expect(ratingFigures([7, 6, 5, 5, 1], { min: 1, max: 7 }).topTwoBoxShare).toBeCloseTo(0.4, 12);
  });
});
