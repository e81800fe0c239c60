import fc from 'fast-check';
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

/** The compensated sum as first written: the values sorted with a comparator, then Neumaier's loop. */
function sortedNeumaier(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  let total = 0;
  let compensation = 0;
  for (const value of sorted) {
    const next = total + value;
    compensation += Math.abs(total) >= Math.abs(value) ? total - next + value : value - next + total;
    total = next;
  }
  return total + compensation;
}

describe('sum and median of many values (issue 25: a year of a million ratings)', () => {
  it('give, bit for bit, the sorted compensated sum, and the comparator-sorted median, for integers, fractions, huge and mixed values', () => {
    const value = fc.oneof(
      fc.integer({ min: 0, max: 10 }),
      fc.integer({ min: -1e6, max: 1e6 }),
      fc.double({ min: -1e3, max: 1e3, noNaN: true }),
      fc.constantFrom(2 ** 52, -(2 ** 52), 2 ** 53 - 1, 1e300, -0, 0.1),
    );
    fc.assert(
      fc.property(fc.array(value, { minLength: 1, maxLength: 200 }), (values) => {
        expect(Object.is(sum(values), sortedNeumaier(values))).toBe(true);
        const sorted = [...values].sort((a, b) => a - b);
        const middle = Math.floor(sorted.length / 2);
        const expected = sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
        // A zero's sign may differ: the comparator left -0 and 0 in input order, the typed sort puts -0 first.
        expect(median(values) === expected).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('add integers beyond 2^53 in sorted order, where the plain sum would depend on the order', () => {
    const values = [2 ** 53, 1, 1, -(2 ** 53), 3];
    expect(sum(values)).toBe(sortedNeumaier(values));
    expect(sum(values)).toBe(sum([...values].reverse()));
  });
});
