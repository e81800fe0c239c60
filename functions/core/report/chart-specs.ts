/**
 * The Vega-Lite chart specs (report-templates/charts/*.vl.json), their compilation to Vega with the brand
 * theme as config (compiled/*.vg.json), and that Vega parsed into the dataflow description a vega View is built
 * from (compiled/*.runtime.json). Build/test time only: the renderer (charts.ts) builds its Views from the
 * runtime files and loads neither vega-lite nor vega's parser. Regenerate them with `npm run charts`
 * (tools/compile-charts.ts); test/unit/report/charts.test.ts fails when one is stale.
 */
import { parse, Warn, type LoggerInterface, type Spec } from 'vega';
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

/**
 * What charts.ts builds a chart's Views from, exactly as tools/compile-charts.ts writes it to
 * compiled/<name>.runtime.json: the compiled spec (as its JSON file reads back) parsed by vega, and the fields whose
 * values become vega's keyed state (charts.ts `shapeOf`).
 */
export function runtimeChartJson(name: ChartName): string {
  const spec = JSON.parse(compiledChartJson(name)) as Spec;
  const keyFields = new Set<string>();
  collectKeyFields(spec, keyFields);
  return `${JSON.stringify({ keyFields: [...keyFields].sort(), runtime: parse(spec) })}\n`;
}

const DISCRETE_SCALES = new Set(['band', 'point', 'ordinal']);

/**
 * The fields a compiled spec groups or facets by (every `groupby`, every `key`) or takes a band, point or ordinal
 * scale's domain from: their values become facet subflows, aggregate cells and category domains.
 */
function collectKeyFields(node: unknown, out: Set<string>): void {
  if (Array.isArray(node)) {
    for (const child of node) collectKeyFields(child, out);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  const object = node as Record<string, unknown>;
  for (const field of [object.groupby, object.key].flat()) if (typeof field === 'string') out.add(field);
  if (Array.isArray(object.scales)) {
    for (const scale of object.scales as { type?: unknown; domain?: unknown }[]) {
      if (typeof scale.type === 'string' && !DISCRETE_SCALES.has(scale.type)) continue;
      const domain = (scale.domain ?? {}) as { field?: unknown; fields?: unknown };
      for (const ref of [domain, ...(Array.isArray(domain.fields) ? domain.fields : [])] as { field?: unknown }[]) {
        if (typeof ref.field === 'string') out.add(ref.field);
      }
    }
  }
  for (const value of Object.values(object)) collectKeyFields(value, out);
}
