/** Over the years: the headline figures per year, when there is more than one year. */
import type { Content, TableCell } from 'pdfmake/interfaces.js';
import type { TrendPoint } from '../../model/index.ts';
import type { ChartRow } from '../charts.ts';
import type { ReportContext } from '../context.ts';
import { chartBlock, dataTable, paragraph, sectionStart } from '../layout.ts';
import { fill } from '../texts.ts';

export async function trendSection(ctx: ReportContext): Promise<Content[]> {
  const { t, metrics } = ctx;
  if (metrics.trend.length < 2) return [];
  const rows = trendRows(ctx, metrics.trend);
  const intro = paragraph(fill(t.trend.intro, { client: ctx.settings.displayName }), 'lead');
  const chart = rows.length > 0 ? [await chartBlock(ctx, 'trend', { data: { values: rows } }, { caption: t.trend.caption })] : [];
  return [sectionStart(t.trend.heading, [intro, ...chart]), trendTable(ctx, metrics.trend)];
}

function trendRows(ctx: ReportContext, trend: TrendPoint[]): ChartRow[] {
  const { t, f } = ctx;
  const series = [
    { panel: t.trend.means, panelOrder: 0, series: t.trend.satisfaction, value: (p: TrendPoint) => p.satisfactionMean, decimals: 1, signed: false },
    { panel: t.trend.means, panelOrder: 0, series: t.trend.usefulness, value: (p: TrendPoint) => p.usefulnessMean, decimals: 1, signed: false },
    { panel: t.trend.means, panelOrder: 0, series: t.trend.recommendation, value: (p: TrendPoint) => p.recommendationMean, decimals: 1, signed: false },
    { panel: t.trend.nps, panelOrder: 1, series: t.trend.nps, value: (p: TrendPoint) => p.nps, decimals: 0, signed: true },
    { panel: t.trend.medianGav, panelOrder: 2, series: t.trend.medianGav, value: (p: TrendPoint) => p.medianGav, decimals: 2, signed: false },
  ];
  const points = series.flatMap((s, seriesOrder) =>
    trend.flatMap((point) => {
      const value = s.value(point);
      if (value === undefined) return [];
      const showLabel = s.panelOrder > 0;
      return [
        {
          panel: s.panel,
          panelOrder: s.panelOrder,
          series: s.series,
          seriesOrder,
          year: String(point.year),
          value,
          label: showLabel ? (s.signed ? f.signed(value, s.decimals) : f.number(value, s.decimals)) : '',
        },
      ];
    }),
  );
  return [...points, ...axisFloors(ctx, points)];
}

/**
 * Where each panel's axis starts, so small movements do not look dramatic: the means at the lowest point of the
 * reaction scales, NPS and the median effect size at 0 (lower only if a value is below it).
 */
function axisFloors(ctx: ReportContext, points: ChartRow[]): ChartRow[] {
  const reaction = ctx.metrics.reaction;
  const scaleMin = reaction ? Math.min(reaction.satisfaction.scale.min, reaction.usefulness.scale.min, reaction.recommendation.scale.min) : 0;
  const first = points[0];
  if (!first) return [];
  const panels = new Map<number, ChartRow>();
  for (const point of points) if (!panels.has(Number(point.panelOrder))) panels.set(Number(point.panelOrder), point);
  return [...panels.values()].map((point) => ({ ...point, year: String(first.year), value: point.panelOrder === 0 ? scaleMin : 0, label: '', axisFloor: true }));
}

function trendTable(ctx: ReportContext, trend: TrendPoint[]): Content {
  const { t, f } = ctx;
  const value = (v: number | undefined, decimals = 1) => (v === undefined ? '–' : f.number(v, decimals));
  const rows: TableCell[][] = trend.map((p) => [
    String(p.year),
    f.integer(p.responses),
    value(p.satisfactionMean),
    value(p.usefulnessMean),
    value(p.recommendationMean),
    p.nps === undefined ? '–' : f.signed(p.nps, 0),
    f.integer(p.pairs),
    value(p.medianGav, 2),
  ]);
  return dataTable(
    [t.trend.year, t.trend.responses, t.trend.satisfaction, t.trend.usefulness, t.trend.recommendation, t.trend.nps, t.trend.pairs, t.trend.medianGav],
    rows,
    [34, 40, 52, 48, '*', 36, 62, 58],
    { alignRight: [1, 2, 3, 4, 5, 6, 7] },
  );
}
