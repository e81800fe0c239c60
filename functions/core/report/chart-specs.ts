/**
 * The Vega-Lite chart specs (report-templates/charts/*.vl.json) and their compilation to Vega with the brand
 * theme as config. Build/test time only: the renderer (charts.ts) draws the compiled Vega specs in
 * report-templates/charts/compiled/ and never loads vega-lite. Regenerate them with `npm run charts`
 * (tools/compile-charts.ts); test/unit/report/charts.test.ts fails when one is stale.
 */
import { Warn, type LoggerInterface, type Spec } from 'vega';
import { compile, type TopLevelSpec, type Config } from 'vega-lite';
import reactionDistribution from '../../../report-templates/charts/reaction-distribution.vl.json' with { type: 'json' };
import reactionPrograms from '../../../report-templates/charts/reaction-programs.vl.json' with { type: 'json' };
import changeDumbbell from '../../../report-templates/charts/change-dumbbell.vl.json' with { type: 'json' };
import changeEffect from '../../../report-templates/charts/change-effect.vl.json' with { type: 'json' };
import trend from '../../../report-templates/charts/trend.vl.json' with { type: 'json' };
import type { ChartName } from './charts.ts';
import { FONT_FAMILY, THEME } from './theme.ts';

/** The spec files as imported; never mutated (compile works on a deep copy). */
export const CHART_SPECS: Record<ChartName, object> = {
  'reaction-distribution': reactionDistribution,
  'reaction-programs': reactionPrograms,
  'change-dumbbell': changeDumbbell,
  'change-effect': changeEffect,
  trend,
};

export interface ChartLogger {
  warnings: string[];
}

/** The brand theme as Vega-Lite config: every chart gets the same font, ink and grid. */
export function chartConfig(): Config {
  const { colors, chart } = THEME;
  return {
    font: FONT_FAMILY,
    // No ARIA attributes: a PDF has no use for them, and they make every SVG element heavier to parse.
    aria: false,
    background: colors.white,
    padding: 4,
    view: { stroke: null },
    axis: {
      labelFont: FONT_FAMILY,
      titleFont: FONT_FAMILY,
      labelFontSize: 8.5,
      titleFontSize: 9,
      labelColor: colors.text,
      titleColor: colors.text,
      domainColor: colors.rule,
      tickColor: colors.rule,
      gridColor: chart.grid,
      labelPadding: 3,
    },
    axisY: { grid: false },
    header: { labelFont: FONT_FAMILY, titleFont: FONT_FAMILY, labelColor: colors.ink },
    legend: { labelFont: FONT_FAMILY, titleFont: FONT_FAMILY, labelColor: colors.text, padding: 0, offset: 6 },
    text: { font: FONT_FAMILY, color: colors.text },
    mark: { color: chart.bar },
    range: { category: chart.palette },
  };
}

/** Compiles a spec to Vega, collecting Vega-Lite's warnings instead of printing them. */
export function compileChart(name: ChartName, logger: ChartLogger = { warnings: [] }): Spec {
  // A deep copy: vega-lite must never touch the imported spec object.
  const spec = structuredClone(CHART_SPECS[name]) as unknown as TopLevelSpec;
  const collect = (...args: readonly unknown[]) => {
    logger.warnings.push(args.map(String).join(' '));
  };
  const vlLogger: LoggerInterface = {
    level(level?: number) {
      return level === undefined ? Warn : vlLogger;
    },
    error: (...args: readonly unknown[]) => {
      collect(...args);
      return vlLogger;
    },
    warn: (...args: readonly unknown[]) => {
      collect(...args);
      return vlLogger;
    },
    info: () => vlLogger,
    debug: () => vlLogger,
  } as LoggerInterface;
  return compile(spec, { config: chartConfig(), logger: vlLogger }).spec;
}

/** The compiled spec exactly as tools/compile-charts.ts writes it to report-templates/charts/compiled/. */
export function compiledChartJson(name: ChartName, logger?: ChartLogger): string {
  return `${JSON.stringify(compileChart(name, logger), null, 1)}\n`;
}
