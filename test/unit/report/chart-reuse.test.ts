/**
 * renderChart keeps a vega View per chart, locale and shape and lays the next chart of that shape out in it
 * (charts.ts). A kept View must draw exactly what a new View draws for the same input, whatever it drew before:
 * other numbers (ticks, extents, scales), other categories and counts of them (facets, domains, legends), other
 * locales, nulls where intervals were. Compared here call for call against `layoutChart`, which builds a new View
 * every time; test/unit/render/warm-identical.test.ts compares whole reports with a fresh process's.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CHART_NAMES, layoutChart, renderChart, shapeOf, type ChartInput, type ChartName, type ChartRow } from '../../../functions/core/report/charts.ts';
import type { Locale } from '../../../functions/core/model/index.ts';
import { recordChart, type ChartDrawing } from '../../../functions/core/report/vega-pdf.ts';
import { SAMPLE } from './chart-samples.ts';

async function fresh(name: ChartName, input: ChartInput, locale: Locale): Promise<ChartDrawing> {
  return recordChart(await layoutChart(name, input, locale));
}

async function expectLikeFresh(name: ChartName, input: ChartInput, locale: Locale): Promise<void> {
  const kept = await renderChart(name, input, locale);
  expect(kept, `${name} (${locale}) drawn by a kept View differs from a new View's drawing`).toEqual(await fresh(name, input, locale));
}

const QUESTIONS = ['Nöjdhet', 'Nytta', 'Rekommendation'];
const RATERS = ['Självskattning', 'Chef', 'Medarbetare', 'Kollega'];
const DIMENSIONS = ['Tillit och trygghet', 'Delaktighet', 'Riktning', 'Återkoppling', 'Utveckling'];
const PROGRAMS = ['Utvecklande ledarskap', 'UGL', 'Chefsprogrammet', 'Nya chefer', 'Coaching'];
const COLORS = ['#1F4E5F', '#E07A3F', '#4A7785'];

/** A few of `pool` in a random order, so categories repeat often enough for kept Views to be used again. */
const some = (pool: string[], max = pool.length) => fc.shuffledSubarray(pool, { minLength: 1, maxLength: max });
const num = (min: number, max: number) => fc.double({ min, max, noNaN: true, noDefaultInfinity: true }).map((v) => Math.round(v * 100) / 100);
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null, freq: 4 });

const distribution = fc
  .tuple(some(QUESTIONS), fc.constantFrom([1, 2, 3, 4, 5], [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10], [1, 2, 3, 8, 9, 10]), fc.array(fc.nat(400), { minLength: 11, maxLength: 11 }))
  .map(([questions, values, counts]): ChartInput => ({
    data: {
      values: questions.flatMap((question) =>
        values.map((value, i) => {
          const count = counts[(i + QUESTIONS.indexOf(question)) % counts.length]!;
          return { question, questionOrder: QUESTIONS.indexOf(question), value, count, countLabel: count > 0 ? String(count) : '', topTwo: value >= values.length - 1, color: COLORS[value % 2]! };
        }),
      ),
    },
  }));

const programs = fc
  .tuple(some(QUESTIONS), some(PROGRAMS), fc.constantFrom([1, 10], [1, 7], [0, 10]), fc.array(fc.tuple(num(0, 1), num(0, 0.2)), { minLength: 15, maxLength: 15 }))
  .map(([questions, names, [scaleMin, scaleMax], stats]): ChartInput => ({
    data: {
      values: questions.flatMap((question, q) =>
        names.map((program, p) => {
          const [at, spread] = stats[(q * 5 + p) % stats.length]!;
          const mean = scaleMin! + at * (scaleMax! - scaleMin!);
          return { question, questionOrder: QUESTIONS.indexOf(question), program, mean, low: mean - spread * 3, high: mean + spread * 3, label: mean.toFixed(1), color: COLORS[p % COLORS.length]! };
        }),
      ),
    },
    params: { scaleMin: scaleMin!, scaleMax: scaleMax! },
  }));

const dumbbell = fc
  .tuple(some(RATERS, 3), some(DIMENSIONS), fc.constantFrom([1, 5], [1, 7], [0, 10]), fc.boolean(), fc.array(fc.tuple(num(0, 1), num(0, 1)), { minLength: 20, maxLength: 20 }))
  .map(([raters, dimensions, [scaleMin, scaleMax], intervals, stats]): ChartInput => {
    const span = scaleMax! - scaleMin!;
    const values: ChartRow[] = raters.flatMap((rater, r) =>
      dimensions.flatMap((dimension, d) =>
        (['Före', 'Efter'] as const).map((wave, waveOrder) => {
          const [at, spread] = stats[(r * 5 + d + waveOrder * 7) % stats.length]!;
          const mean = scaleMin! + at * span;
          return { rater, raterOrder: RATERS.indexOf(rater), dimension, dimensionOrder: DIMENSIONS.indexOf(dimension), wave, waveOrder, mean, low: intervals ? mean - spread : null, high: intervals ? mean + spread : null };
        }),
      ),
    );
    return { data: { values }, params: { scaleMin: scaleMin!, scaleMax: scaleMax!, preColor: '#9DB4BE', postColor: '#1F4E5F' } };
  });

const effect = fc
  .tuple(some(RATERS, 3), some(DIMENSIONS), num(0.1, 1.2), fc.array(fc.tuple(num(-1.5, 2.5), maybe(num(0.05, 0.8))), { minLength: 20, maxLength: 20 }))
  .map(([raters, dimensions, benchmark, stats]): ChartInput => ({
    data: {
      values: dimensions.flatMap((dimension, d) =>
        raters.map((rater, r) => {
          const [gav, spread] = stats[(d * 4 + r) % stats.length]!;
          return { dimension, dimensionOrder: DIMENSIONS.indexOf(dimension), rater, raterOrder: RATERS.indexOf(rater), gav, low: spread === null ? null : gav - spread, high: spread === null ? null : gav + spread };
        }),
      ),
      benchmark: [{ value: benchmark, label: `Jämförelsevärde ${benchmark.toFixed(2)}`, color: '#E07A3F' }],
      zero: [{ value: 0, color: '#5B6B75' }],
    },
  }));

const trend = fc
  .tuple(fc.integer({ min: 2018, max: 2022 }), fc.integer({ min: 1, max: 5 }), fc.boolean(), fc.array(num(1, 10), { minLength: 24, maxLength: 24 }), fc.array(num(-60, 80), { minLength: 6, maxLength: 6 }))
  .map(([first, count, withMeans, means, nps]): ChartInput => {
    const years = Array.from({ length: count }, (_, i) => String(first + i));
    const series = [
      ...(withMeans ? ['Nöjdhet', 'Nytta', 'Rekommendation'].map((name, i) => ({ panel: 'Medelvärden', panelOrder: 0, series: name, seriesOrder: i })) : []),
      { panel: 'NPS', panelOrder: 1, series: 'NPS', seriesOrder: 3 },
    ];
    const points: ChartRow[] = series.flatMap((s) =>
      years.map((year, y) => {
        const value = s.panelOrder === 0 ? means[(s.seriesOrder * 6 + y) % means.length]! : nps[y % nps.length]!;
        return { ...s, year, value, label: s.panelOrder > 0 ? String(Math.round(value)) : '' };
      }),
    );
    const floors = series
      .filter((s, i) => series.findIndex((o) => o.panelOrder === s.panelOrder) === i)
      .map((s) => ({ ...s, year: years[0]!, value: s.panelOrder === 0 ? 1 : Math.min(0, ...nps), label: '', axisFloor: true }));
    return { data: { values: [...points, ...floors] } };
  });

const INPUTS: Record<ChartName, fc.Arbitrary<ChartInput>> = {
  'reaction-distribution': distribution,
  'reaction-programs': programs,
  'change-dumbbell': dumbbell,
  'change-effect': effect,
  trend,
};

/** The same input with its numbers moved (not the ones that key facets or domains): the same shape, other ticks and extents. */
function moved(name: ChartName, input: ChartInput, by: number): ChartInput {
  const data = Object.fromEntries(
    Object.entries(input.data).map(([dataset, rows]) => [
      dataset,
      rows.map((row) => Object.fromEntries(Object.entries(row).map(([field, value]) => [field, typeof value === 'number' && !field.endsWith('Order') ? Math.round((value * (1 + by) + by * 3) * 100) / 100 : value]))),
    ]),
  );
  const candidate = { ...input, data };
  return shapeOf(name, candidate) === shapeOf(name, input) ? candidate : input;
}

describe('a kept chart View', () => {
  it.each(CHART_NAMES)('%s: draws a sequence of inputs exactly as new Views do', { timeout: 180_000 }, async (name) => {
    const steps = fc.array(fc.tuple(fc.nat(5), num(-0.6, 0.6), fc.constantFrom<Locale>('sv', 'sv', 'en')), { minLength: 2, maxLength: 6 });
    await fc.assert(
      fc.asyncProperty(fc.array(INPUTS[name], { minLength: 1, maxLength: 3 }), steps, async (inputs, sequence) => {
        for (const [pick, by, locale] of sequence) await expectLikeFresh(name, moved(name, inputs[pick % inputs.length]!, by), locale);
      }),
      { numRuns: 25 },
    );
  });

  it('is used again for a chart of the same shape with other numbers, and the shape ignores numbers and labels', async () => {
    const a = fc.sample(effect, { seed: 7, numRuns: 1 })[0]!;
    const b: ChartInput = {
      data: {
        ...a.data,
        values: a.data.values!.map((row) => ({ ...row, gav: Number(row.gav) + 0.37, low: row.low === null ? null : Number(row.low) - 0.2 })),
        benchmark: [{ ...a.data.benchmark![0]!, value: 0.42, label: 'Jämförelsevärde 0,42' }],
      },
    };
    expect(shapeOf('change-effect', b)).toBe(shapeOf('change-effect', a));
    const renamed = { ...a, data: { ...a.data, values: a.data.values!.map((row) => ({ ...row, rater: `${row.rater} ` })) } };
    expect(shapeOf('change-effect', renamed)).not.toBe(shapeOf('change-effect', a));
    // A, B, A again with the same kept View: each as a new View draws it.
    for (const input of [a, b, a]) await expectLikeFresh('change-effect', input, 'sv');
  });

  it('draws A, then B with other categories and counts, then A again, each as a new View does', async () => {
    for (const name of CHART_NAMES) {
      const [other] = fc.sample(INPUTS[name], { seed: 11, numRuns: 1 });
      for (const input of [SAMPLE[name], other!, SAMPLE[name], other!]) await expectLikeFresh(name, input, 'sv');
    }
  });
});
