import { describe, expect, it } from 'vitest';
import { averageSdEffect, hedgesJ, standardizedDiffSe } from '../../../functions/core/stats/effect-size.ts';
import { comparePaired } from '../../../functions/core/stats/paired.ts';
import { expectRelativelyClose, references } from './reference.ts';

describe("Hedges' J", () => {
  it.each(Object.entries(references.hedgesJ.exact))('exact gamma form for df %s', (df, expected) => {
    expectRelativelyClose(hedgesJ(Number(df)), expected, 1e-6);
  });

  it('is not the 1 − 3/(4df − 1) approximation', () => {
    expect(Math.abs(hedgesJ(5) - (1 - 3 / (4 * 5 - 1)))).toBeGreaterThan(1e-4);
  });

  it('stays finite for large df and tends to 1', () => {
    expect(hedgesJ(100_000)).toBeLessThan(1);
    expect(hedgesJ(100_000)).toBeGreaterThan(0.99999);
    expect(() => hedgesJ(1)).toThrow(RangeError);
  });
});

describe('Bonett (2008) standard error', () => {
  // statpsych::ci.stdmean.ps(.05, 110.4, 102.1, 15.3, 14.6, .75, 25), documented output:
  // unweighted standardizer: estimate 0.5550319, SE 0.1609934, CI 0.2394905–0.8705732.
  it("reproduces statpsych's paired example with Bonett's root-mean-square standardiser", () => {
    const d = (110.4 - 102.1) / Math.sqrt((15.3 ** 2 + 14.6 ** 2) / 2);
    expectRelativelyClose(d, 0.5550319, 1e-6);
    const se = standardizedDiffSe({ d, sd1: 15.3, sd2: 14.6, r: 0.75, n: 25, standardizer: 'root-mean-square-sd' });
    expectRelativelyClose(se, 0.1609934, 1e-6);
    expectRelativelyClose(d - 1.959963984540054 * se, 0.2394905, 1e-6);
    expectRelativelyClose(d + 1.959963984540054 * se, 0.8705732, 1e-6);
  });

  it('the average-sd form equals Bonett when the two sds are equal', () => {
    const common = { d: 0.7, sd1: 2, sd2: 2, r: 0.6, n: 12 };
    expect(standardizedDiffSe({ ...common, standardizer: 'average-sd' })).toBeCloseTo(
      standardizedDiffSe({ ...common, standardizer: 'root-mean-square-sd' }),
      14,
    );
  });
});

describe('g_av on sleep', () => {
  it('is d_av × J(9) with a CI around it', () => {
    const ref = references.sleep;
    const paired = comparePaired(ref.pre, ref.post);
    const effect = averageSdEffect({ ...paired, r: paired.r });
    expect(effect).toBeDefined();
    if (!effect) return;
    expectRelativelyClose(effect.dav, ref.dav as number);
    expectRelativelyClose(effect.gav, (ref.dav as number) * (references.hedgesJ.exact['9'] as number));
    expect(effect.gavCi95[0]).toBeLessThan(effect.gav);
    expect(effect.gavCi95[1]).toBeGreaterThan(effect.gav);
    expect(effect.gavCi95[0]).toBeGreaterThan(0);
  });

  it('is undefined when neither occasion varies', () => {
    expect(averageSdEffect({ meanDiff: 1, preSd: 0, postSd: 0, r: undefined, n: 5 })).toBeUndefined();
  });
});
