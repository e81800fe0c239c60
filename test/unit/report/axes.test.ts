/**
 * Axes that do not exaggerate: means run over the instrument's whole scale, trend axes start at the scale's
 * minimum (0 for NPS and effect sizes). Checked on the scales vega computes from the compiled specs.
 */
import { describe, expect, it } from 'vitest';
import { chartRuntime, type ChartInput, type ChartName } from '../../../functions/core/report/charts.ts';
import { View } from '../../../functions/core/report/vega-core.ts';

/** The domains of a chart's numeric scales by name, one per scenegraph group that defines them (each facet cell). */
async function domains(name: ChartName, input: ChartInput): Promise<Map<string, number[][]>> {
  const view = new View(chartRuntime(name), { renderer: 'none' });
  for (const [dataset, rows] of Object.entries(input.data)) view.data(dataset, rows);
  for (const [param, value] of Object.entries(input.params ?? {})) view.signal(param, value);
  await view.runAsync();
  const found = new Map<string, number[][]>();
  const visit = (item: { context?: { scales?: Record<string, { value: { domain(): unknown[] } }> }; items?: unknown[] }) => {
    for (const [scale, entry] of Object.entries(item.context?.scales ?? {})) {
      const domain = entry.value.domain();
      if (typeof domain[0] === 'number') found.set(scale, [...(found.get(scale) ?? []), domain as number[]]);
    }
    for (const child of item.items ?? []) visit(child as typeof item);
  };
  const scenegraph = (view.scenegraph() as unknown as { root: { items: { context?: unknown }[] } }).root;
  const walk = (node: unknown): void => {
    const n = node as { context?: Parameters<typeof visit>[0]['context']; items?: unknown[] };
    if (n.context) visit({ context: n.context });
    for (const child of n.items ?? []) walk(child);
  };
  walk(scenegraph);
  view.finalize();
  return found;
}

describe('axes', () => {
  it('runs the before/after means over the whole scale, however close the means are', async () => {
    const rows = ['pre', 'post'].map((wave, waveOrder) => ({ rater: 'Chef', raterOrder: 1, dimension: 'Tillit', dimensionOrder: 0, wave, waveOrder, mean: 4.4 + waveOrder * 0.3, low: null, high: null }));
    const x = (await domains('change-dumbbell', { data: { values: rows }, params: { scaleMin: 1, scaleMax: 7 } })).get('x');
    expect(x?.[0]).toEqual([1, 7]);
  });

  it('runs the programme means over the questions’ whole scale', async () => {
    const rows = [{ question: 'Nöjdhet', questionOrder: 0, program: 'A', mean: 8.7, low: 8.4, high: 9, label: '8,7', color: '#1F4E5F' }];
    const x = (await domains('reaction-programs', { data: { values: rows }, params: { scaleMin: 0, scaleMax: 10 } })).get('x');
    expect(x?.[0]).toEqual([0, 10]);
  });

  it('starts each trend panel where its floor row says (the scale minimum, 0 for NPS), not at the lowest value', async () => {
    const point = (panelOrder: number, year: string, value: number, axisFloor = false) => ({
      panel: `p${panelOrder}`,
      panelOrder,
      series: `s${panelOrder}`,
      seriesOrder: panelOrder,
      year,
      value,
      label: '',
      ...(axisFloor ? { axisFloor } : {}),
    });
    const values = [point(0, '2024', 8.2), point(0, '2025', 8.8), point(1, '2024', 44), point(1, '2025', 48), point(0, '2024', 1, true), point(1, '2024', 0, true)];
    const found = await domains('trend', { data: { values } });
    const y = found.get('child_y') ?? found.get('y') ?? [];
    expect([...new Set(y.map((domain) => domain[0]))].sort()).toEqual([0, 1]);
  });
});
