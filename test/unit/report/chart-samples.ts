import type { ChartInput, ChartName } from '../../../functions/core/report/charts.ts';
import reactionDistribution from '../../../report-templates/charts/compiled/reaction-distribution.vg.json' with { type: 'json' };
import reactionPrograms from '../../../report-templates/charts/compiled/reaction-programs.vg.json' with { type: 'json' };
import changeDumbbell from '../../../report-templates/charts/compiled/change-dumbbell.vg.json' with { type: 'json' };
import changeEffect from '../../../report-templates/charts/compiled/change-effect.vg.json' with { type: 'json' };
import trend from '../../../report-templates/charts/compiled/trend.vg.json' with { type: 'json' };
import type { SceneNode } from '../../../functions/core/report/vega-pdf.ts';

/** The compiled Vega specs as committed (compiled/*.vg.json); the renderer builds its Views from compiled/*.runtime.json. */
export const COMPILED_CHARTS: Record<ChartName, object> = {
  'reaction-distribution': reactionDistribution,
  'reaction-programs': reactionPrograms,
  'change-dumbbell': changeDumbbell,
  'change-effect': changeEffect,
  trend,
};

/** Small but complete data for each chart, Swedish labels included. */
export const SAMPLE: Record<ChartName, ChartInput> = {
  'reaction-distribution': {
    data: {
      values: [1, 2, 3, 8, 9, 10].map((value, i) => ({ question: 'Nöjdhet', questionOrder: 0, value, count: i + 1, countLabel: String(i + 1), color: value >= 9 ? '#E07A3F' : '#1F4E5F' })),
    },
  },
  'reaction-programs': {
    data: { values: [{ question: 'Nöjdhet', questionOrder: 0, program: 'Utvecklande ledarskap', mean: 8.8, low: 8.4, high: 9.2, label: '8,8', color: '#1F4E5F' }] },
  },
  'change-dumbbell': {
    data: {
      values: [
        { rater: 'Självskattning', raterOrder: 0, dimension: 'Tillit och trygghet', dimensionOrder: 0, wave: 'Före', waveOrder: 0, mean: 4.2, low: 3.9, high: 4.5 },
        { rater: 'Självskattning', raterOrder: 0, dimension: 'Tillit och trygghet', dimensionOrder: 0, wave: 'Efter', waveOrder: 1, mean: 5.1, low: null, high: null },
      ],
    },
    params: { scaleMin: 1, scaleMax: 7, preColor: '#9DB4BE', postColor: '#1F4E5F' },
  },
  'change-effect': {
    data: {
      values: [{ dimension: 'Delaktighet', dimensionOrder: 0, rater: 'Chef', raterOrder: 1, gav: -0.3, low: -0.7, high: 0.1 }],
      benchmark: [{ value: 0.82, label: 'Jämförelsevärde 0,82', color: '#E07A3F' }],
      zero: [{ value: 0, color: '#5B6B75' }],
    },
  },
  trend: {
    data: {
      values: [2023, 2024].map((year, i) => ({ panel: 'NPS', panelOrder: 1, series: 'NPS', seriesOrder: 3, year: String(year), value: -12 + i * 30, label: '' })),
    },
  },
};

/** A scenegraph's marks by type, the root group's included. */
export function sceneMarks(node: SceneNode, out: SceneNode[] = []): SceneNode[] {
  if (node.marktype) out.push(node);
  for (const item of node.items ?? []) sceneMarks(item, out);
  return out;
}

/** Every text item of a chart's scenegraph that shows something, in drawing order. */
export function sceneTexts(root: SceneNode): { text: string; font: unknown; fontSize: number }[] {
  return sceneMarks(root)
    .filter((mark) => mark.marktype === 'text')
    .flatMap((mark) => mark.items ?? [])
    .filter((item) => item.text !== undefined && item.text !== null && String(item.text) !== '' && item.opacity !== 0)
    .map((item) => ({ text: String(item.text), font: item.font, fontSize: Number(item.fontSize ?? 11) }));
}
