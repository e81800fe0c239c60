import { describe, expect, it } from 'vitest';
import { logGamma, normalQuantile, studentTCdf, studentTQuantile, studentTTwoSidedP } from '../../../functions/core/stats/distributions.ts';
import { expectRelativelyClose } from './reference.ts';

// Independent reference values from SciPy 1.17 (scipy.stats.t, scipy.special.gammaln); they agree with R's qt/pt.
describe('jStat-backed distributions are accurate enough for reporting', () => {
  it.each([
    [1, 12.706204736174694],
    [2, 4.302652729749462],
    [3, 3.1824463052837078],
    [5, 2.5705818356363146],
    [9, 2.262157162798205],
    [10, 2.228138851986274],
    [17, 2.1098155778333156],
    [30, 2.0422724563012378],
    [100, 1.9839715185235518],
    [200, 1.9718962236339088],
    [1000, 1.9623390808264083],
  ])('t quantile 0.975 with df %i', (df, expected) => {
    expectRelativelyClose(studentTQuantile(0.975, df), expected, 1e-7);
    expectRelativelyClose(studentTQuantile(0.025, df), -expected, 1e-7);
  });

  it.each([
    [0.5, 3, 0.6742760175759245],
    [1.2, 20, 0.8779191961579538],
    [-2.5, 4, 0.03338327240599407],
    [8, 2, 0.9923659639173309],
  ])('t cdf(%d, df %i)', (t, df, expected) => {
    expectRelativelyClose(studentTCdf(t, df), expected, 1e-7);
  });

  it('two-sided p keeps precision far in the tail', () => {
    expectRelativelyClose(studentTTwoSidedP(-11.941392877647603, 10), 3.0590209429348763e-7, 1e-9);
    expectRelativelyClose(studentTTwoSidedP(4.062127683382037, 9), 0.002832890197384273, 1e-8);
    expectRelativelyClose(studentTTwoSidedP(-30, 50), 2 * 6.190011397993622e-34, 1e-8);
    expect(studentTTwoSidedP(0, 5)).toBe(1);
    expect(studentTTwoSidedP(Number.POSITIVE_INFINITY, 5)).toBe(0);
  });

  it('normal quantile and log-gamma', () => {
    expectRelativelyClose(normalQuantile(0.975), 1.959963984540054, 1e-12);
    expectRelativelyClose(logGamma(0.5), 0.5723649429247, 1e-12);
    expectRelativelyClose(logGamma(50.5), 146.51925549072064, 1e-10);
    expectRelativelyClose(logGamma(10000.5), 82104.32265412837, 1e-12);
  });

  it('refuses impossible arguments', () => {
    expect(() => studentTQuantile(1, 5)).toThrow(RangeError);
    expect(() => studentTQuantile(0.5, 0)).toThrow(RangeError);
    expect(() => logGamma(0)).toThrow(RangeError);
  });
});
