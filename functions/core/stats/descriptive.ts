/** Descriptive statistics. Every sum runs over the values in ascending order, so results never depend on input order. */
import { studentTQuantile } from './distributions.ts';

/** Order-independent, compensated (Neumaier) sum. */
export function sum(values: readonly number[]): number {
  // Integers whose partial sums stay within 2^53 add exactly in any order, so the plain sum is the
  // compensated sum of the sorted values, to the bit (ratings are integers; a year can hold a million).
  if (integersAddExactly(values)) {
    let exact = 0;
    for (let i = 0; i < values.length; i++) exact += values[i] as number;
    return exact;
  }
  // A typed array sorts numerically without a comparator call per step; equal values are interchangeable.
  const sorted = Float64Array.from(values).sort();
  let total = 0;
  let compensation = 0;
  for (const value of sorted) {
    const next = total + value;
    compensation += Math.abs(total) >= Math.abs(value) ? total - next + value : value - next + total;
    total = next;
  }
  return total + compensation;
}

/** Whether every value is an integer and no partial sum, in any order, can leave the range of exact integers. */
function integersAddExactly(values: readonly number[]): boolean {
  let largest = 0;
  for (let i = 0; i < values.length; i++) {
    const value = values[i] as number;
    if (!Number.isInteger(value)) return false;
    const magnitude = Math.abs(value);
    if (magnitude > largest) largest = magnitude;
  }
  return largest * values.length <= Number.MAX_SAFE_INTEGER;
}

export function mean(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('mean of no values');
  return sum(values) / values.length;
}

/** Sample variance with n − 1 in the denominator (two-pass for accuracy). */
export function sampleVariance(values: readonly number[]): number {
  if (values.length < 2) throw new RangeError('sample variance needs at least two values');
  const centre = mean(values);
  return sum(values.map((v) => (v - centre) ** 2)) / (values.length - 1);
}

export function sampleSd(values: readonly number[]): number {
  return Math.sqrt(sampleVariance(values));
}

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('median of no values');
  const sorted = Float64Array.from(values).sort();
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** Pearson r; undefined when either variable has no variance. */
export function pearson(x: readonly number[], y: readonly number[]): number | undefined {
  if (x.length !== y.length) throw new RangeError('pearson needs equally long vectors');
  if (x.length < 2) return undefined;
  const mx = mean(x);
  const my = mean(y);
  const dx = x.map((v) => v - mx);
  const dy = y.map((v) => v - my);
  const sxy = sum(dx.map((v, i) => v * (dy[i] as number)));
  const sxx = sum(dx.map((v) => v * v));
  const syy = sum(dy.map((v) => v * v));
  if (sxx === 0 || syy === 0) return undefined;
  return Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
}

/** t-based confidence interval of a mean: mean ± t(1 − α/2, n − 1) · sd/√n. */
export function meanConfidenceInterval(values: readonly number[], level = 0.95): [number, number] {
  return meanIntervalOf(mean(values), sampleSd(values), values.length, level);
}

/** `meanConfidenceInterval` from a mean and sample sd already computed (of `n` values). */
export function meanIntervalOf(centre: number, sd: number, n: number, level = 0.95): [number, number] {
  const halfWidth = studentTQuantile(1 - (1 - level) / 2, n - 1) * (sd / Math.sqrt(n));
  return [centre - halfWidth, centre + halfWidth];
}
