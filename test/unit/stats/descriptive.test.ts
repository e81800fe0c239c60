import { describe, expect, it } from 'vitest';
import { mean, median, pearson, sampleSd, sum } from '../../../functions/core/stats/descriptive.ts';

describe('descriptive statistics', () => {
  it('sums without depending on order', () => {
    const values = [0.1, 1e16, 0.2, -1e16, 0.3];
    expect(sum(values)).toBe(sum([...values].reverse()));
    expect(sum(values)).toBeCloseTo(0.6, 12);
  });

  it('mean, sample sd (n − 1) and median', () => {
    expect(mean([2, 4, 9])).toBe(5);
    expect(sampleSd([2, 4, 4, 4, 5, 5, 7, 9])).toBeCloseTo(2.138089935, 9);
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('pearson is undefined without variance', () => {
    expect(pearson([1, 2, 3], [2, 4, 6])).toBeCloseTo(1, 12);
    expect(pearson([1, 1, 1], [2, 4, 6])).toBeUndefined();
  });
});
