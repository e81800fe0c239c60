/** Over the years: the headline figures per year, when there is more than one year. */
import type { Content, TableCell } from 'pdfmake/interfaces.js';
import type { TrendChange, TrendPoint } from '../../model/index.ts';
import type { ChartRow } from '../charts.ts';
import type { ReportContext } from '../context.ts';
import { chartBlock, dataTable, heading, keepTogether, paragraph, sectionStart } from '../layout.ts';
import { fill } from '../texts.ts';

export async function trendSection(ctx: ReportContext): Promise<Content[]> {
  const { t, metrics } = ctx;
  if (metrics.trend.length < 2) return [];
  const rows = trendRows(ctx, metrics.trend);
  const intro = paragraph(fill(t.trend.intro, { client: ctx.settings.displayName }), 'lead');
  const chart = rows.length > 0 ? [await chartBlock(ctx, 'trend', { data: { values: rows } }, { caption: t.trend.caption })] : [];
  return [sectionStart(t.trend.heading, [intro, ...chart]), trendTable(ctx, metrics.trend), ...likeForLike(ctx, metrics.trendChanges)];
}

/** Effect sizes of the same programme, instrument, dimension and rater group in each year it was shown. */
function likeForLike(ctx: ReportContext, lines: readonly TrendChange[]): Content[] {
  const { t, f } = ctx;
  const hasAssessments = ctx.metrics.change.length > 0 || lines.length > 0;
  if (!hasAssessments) return [];
  if (lines.length === 0) return [keepTogether(heading(t.trend.likeHeading, 2), paragraph(t.trend.noLike))];
  const years = [...new Set(lines.flatMap((l) => l.points.map((p) => p.year)))].sort((a, b) => a - b);
  const rows: TableCell[][] = lines.map((line) => {
    const measure = `${ctx.instrumentName(line.instrument)}: ${ctx.dimensionLabel(line)}, ${ctx.raterLabel(line).toLowerCase()}`;
    const cells = years.map((year) => {
      const point = line.points.find((p) => p.year === year);
      if (!point) return '–';
      const unit = ctx.instrument(line.instrument)?.kind === 'indicator' ? t.summary.unitsN : t.summary.leadersN;
      // Two years fit on one line per row; more years need the n on a line of its own.
      return `${f.number(point.gav, 2)} (${f.interval(point.gavCi95, 2)})${years.length <= 2 ? ' · ' : '\n'}${fill(unit, { n: f.integer(point.pairs) })}`;
    });
    return [measure, ...cells];
  });
  return [
    keepTogether(heading(t.trend.likeHeading, 2), paragraph(t.trend.likeIntro)),
    dataTable([t.trend.measure, ...years.map(String)], rows, ['*', ...years.map(() => (years.length <= 2 ? 138 : 92))], { alignRight: years.map((_, i) => i + 1) }),
  ];
}

function trendRows(ctx: ReportContext, trend: TrendPoint[]): ChartRow[] {
  const { t, f } = ctx;
  const series = [
    { panel: t.trend.means, panelOrder: 0, series: t.trend.satisfaction, value: (p: TrendPoint) => p.satisfactionMean, decimals: 1, signed: false },
    { panel: t.trend.means, panelOrder: 0, series: t.trend.usefulness, value: (p: TrendPoint) => p.usefulnessMean, decimals: 1, signed: false },
    { panel: t.trend.means, panelOrder: 0, series: t.trend.recommendation, value: (p: TrendPoint) => p.recommendationMean, decimals: 1, signed: false },
    { panel: t.trend.nps, panelOrder: 1, series: t.trend.nps, value: (p: TrendPoint) => p.nps, decimals: 0, signed: true },
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
  const value = (v: number | undefined, ci: readonly [number, number] | undefined, decimals = 1) =>
    v === undefined ? '–' : ci ? `${f.number(v, decimals)}\n(${f.interval(ci, decimals)})` : f.number(v, decimals);
  const rows: TableCell[][] = trend.map((p) => [
    String(p.year),
    f.integer(p.responses),
    value(p.satisfactionMean, p.satisfactionCi95),
    value(p.usefulnessMean, p.usefulnessCi95),
    value(p.recommendationMean, p.recommendationCi95),
    p.nps === undefined ? '–' : p.npsCi95 ? `${f.signed(p.nps, 0)}\n(${f.interval(p.npsCi95, 0)})` : f.signed(p.nps, 0),
    f.integer(p.leadersMeasured),
  ]);
  return dataTable(
    [t.trend.year, t.trend.responses, t.trend.satisfaction, t.trend.usefulness, t.trend.recommendation, t.trend.nps, t.trend.pairs],
    rows,
    [34, 40, 62, 62, '*', 52, 70],
    { alignRight: [1, 2, 3, 4, 5, 6] },
  );
}
