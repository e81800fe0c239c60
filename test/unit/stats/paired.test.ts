import { describe, expect, it } from 'vitest';
import { comparePaired } from '../../../functions/core/stats/paired.ts';
import { cohensDav, cohensDz } from '../../../functions/core/stats/effect-size.ts';
import { expectRelativelyClose, references } from './reference.ts';

describe('paired t-test reproduces R', () => {
  it('sleep (Student 1908): t = 4.0621, df = 9, p = 0.002833, CI 0.700–2.460', () => {
    const ref = references.sleep;
    const result = comparePaired(ref.pre, ref.post);
    expectRelativelyClose(result.meanDiff, ref.meanDiff);
    expectRelativelyClose(result.t, ref.t);
    expect(result.df).toBe(ref.df);
    expectRelativelyClose(result.p, ref.p);
    expectRelativelyClose(result.ci95[0], ref.ci95[0]);
    expectRelativelyClose(result.ci95[1], ref.ci95[1]);
    expectRelativelyClose(result.sdDiff, ref.sdDiff as number);
    expectRelativelyClose(result.preSd, ref.preSd as number);
    expectRelativelyClose(result.postSd, ref.postSd as number);
    expectRelativelyClose(result.r, ref.r as number);
    expectRelativelyClose(cohensDz(result.meanDiff, result.sdDiff), ref.dz as number);
    expectRelativelyClose(cohensDav(result.meanDiff, result.preSd, result.postSd), ref.dav as number);
  });

  it('intake (ISwR): post − pre gives t = −11.9414, df = 10, p = 3.059e-07', () => {
    const ref = references.intake;
    const result = comparePaired(ref.pre, ref.post);
    expectRelativelyClose(result.meanDiff, ref.meanDiff);
    expectRelativelyClose(result.t, ref.t);
    expect(result.df).toBe(ref.df);
    expectRelativelyClose(result.p, ref.p);
    expectRelativelyClose(result.ci95[0], ref.ci95[0]);
    expectRelativelyClose(result.ci95[1], ref.ci95[1]);
  });

  it('identical differences: CI collapses on the difference, t and p are left out rather than infinite', () => {
    const result = comparePaired([1, 2, 3], [2, 3, 4]);
    expect(result.meanDiff).toBe(1);
    expect(result.sdDiff).toBe(0);
    expect(result.ci95).toEqual([1, 1]);
    expect(result).not.toHaveProperty('t');
    expect(result).not.toHaveProperty('p');
    expect(result.r).toBeCloseTo(1, 12);
  });

  it('needs at least two pairs', () => {
    expect(() => comparePaired([1], [2])).toThrow(RangeError);
    expect(() => comparePaired([1, 2], [2])).toThrow(RangeError);
  });
});
