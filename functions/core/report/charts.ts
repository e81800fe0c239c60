/**
 * Chart specs (report-templates/charts/*.vl.json) compiled once per process with the brand theme as
 * Vega-Lite config, then rendered to SVG in Node with the headless vega View (no canvas, no browser).
 * Specs are imported statically so an esbuild bundle carries them.
 */
import * as vega from 'vega';
import { compile, type TopLevelSpec, type Config } from 'vega-lite';
import reactionDistribution from '../../../report-templates/charts/reaction-distribution.vl.json' with { type: 'json' };
import reactionPrograms from '../../../report-templates/charts/reaction-programs.vl.json' with { type: 'json' };
import changeDumbbell from '../../../report-templates/charts/change-dumbbell.vl.json' with { type: 'json' };
import changeEffect from '../../../report-templates/charts/change-effect.vl.json' with { type: 'json' };
import trend from '../../../report-templates/charts/trend.vl.json' with { type: 'json' };
import fontMetrics from '../../../report-templates/brand/font-metrics.json' with { type: 'json' };
import type { Locale } from '../model/index.ts';
import { VEGA_LOCALES } from './format.ts';
import { FONT_FAMILY, THEME } from './theme.ts';

/** The spec files as imported; never mutated (compile works on a deep copy). */
export const CHART_SPECS = {
  'reaction-distribution': reactionDistribution,
  'reaction-programs': reactionPrograms,
  'change-dumbbell': changeDumbbell,
  'change-effect': changeEffect,
  trend,
} as const;

export type ChartName = keyof typeof CHART_SPECS;
export const CHART_NAMES = Object.keys(CHART_SPECS) as ChartName[];

export type ChartRow = Record<string, string | number | boolean | null>;

export interface ChartInput {
  /** Named datasets, e.g. `{ values: [...] }`, bound to the spec's `{"data": {"name": ...}}`. */
  data: Record<string, ChartRow[]>;
  /** Values for the spec's top-level params (e.g. a scale's domain). */
  params?: Record<string, number | string>;
}

export interface RenderedChart {
  svg: string;
  /** In points: the SVG is drawn 1 px = 1 pt so font sizes in the spec are true point sizes. */
  width: number;
  height: number;
}

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

/** Compiles a spec, collecting Vega-Lite's warnings instead of printing them. */
export function compileChart(name: ChartName, logger: ChartLogger = { warnings: [] }): vega.Spec {
  // A deep copy: vega-lite must never touch the imported spec object.
  const spec = structuredClone(CHART_SPECS[name]) as unknown as TopLevelSpec;
  const collect = (...args: readonly unknown[]) => {
    logger.warnings.push(args.map(String).join(' '));
  };
  const vlLogger: vega.LoggerInterface = {
    level(level?: number) {
      return level === undefined ? vega.Warn : vlLogger;
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
  } as vega.LoggerInterface;
  return compile(spec, { config: chartConfig(), logger: vlLogger }).spec;
}

const runtimes = new Map<ChartName, vega.Runtime>();

function runtimeFor(name: ChartName): vega.Runtime {
  let runtime = runtimes.get(name);
  if (!runtime) {
    const logger: ChartLogger = { warnings: [] };
    const compiled = compileChart(name, logger);
    if (logger.warnings.length > 0) throw new Error(`chart "${name}" compiles with warnings: ${logger.warnings.join('; ')}`);
    runtime = vega.parse(compiled);
    runtimes.set(name, runtime);
  }
  return runtime;
}

/** vega re-exports vega-format's `locale`, which its typings leave out. */
interface VegaLocaleFactory {
  locale(number: object, time: object): vega.LocaleFormatters;
}

const vegaLocales = new Map<Locale, vega.LocaleFormatters>();

function vegaLocaleFor(locale: Locale): vega.LocaleFormatters {
  let formatters = vegaLocales.get(locale);
  if (!formatters) {
    const definition = VEGA_LOCALES[locale];
    // vega.locale builds formatters for this view only; the global vega default stays untouched.
    formatters = (vega as unknown as VegaLocaleFactory).locale(definition.number, definition.time);
    vegaLocales.set(locale, formatters);
  }
  return formatters;
}

/** Renders a chart to SVG with data bound by name. */
export async function renderChart(name: ChartName, input: ChartInput, locale: Locale): Promise<RenderedChart> {
  useRobotoMetrics();
  const view = new vega.View(runtimeFor(name), { renderer: 'none', logLevel: vega.Error });
  // The constructor's `locale` option wants d3 definitions, not formatters (its typing says otherwise): set it here.
  view.locale(vegaLocaleFor(locale));
  try {
    for (const [dataset, rows] of Object.entries(input.data)) view.data(dataset, rows);
    for (const [param, value] of Object.entries(input.params ?? {})) view.signal(param, value);
    // Clip-path ids come from a process-wide counter: reset it so the same chart gives the same SVG.
    vega.resetSVGDefIds();
    const svg = compactSvg(await view.toSVG());
    return { svg, ...sizeOf(svg) };
  } finally {
    view.finalize();
  }
}

/**
 * Drops what only a browser uses (classes, roles, pointer events), invisible placeholder paths and float noise
 * (52.80000000000001): pdfmake parses every SVG twice, so each element saved is time saved.
 */
export function compactSvg(svg: string): string {
  return svg
    .replace(/ (?:class|role|pointer-events|aria-[a-z]+)="[^"]*"/g, '')
    .replace(/ opacity="1"/g, '')
    .replace(/<path d="(?:M0,0h0v0h0Z)?"(?: display="none")?\/>/g, '')
    .replace(/<path d="[^"]*" display="none"\/>/g, '')
    .replace(/(\d+\.\d{3})\d+/g, '$1')
    .replace(/<g(?: [^>]*)?><\/g>/g, '')
    .replace(/<g(?: [^>]*)?><\/g>/g, '')
    .replace(/<g>|<g [^>]*>|<\/g>/g, bareGroupRemover());
}

/** `<g>` without attributes changes nothing that is drawn: drop it and its matching `</g>`. */
function bareGroupRemover(): (tag: string) => string {
  const bare: boolean[] = [];
  return (tag) => {
    if (tag === '</g>') return bare.pop() === true ? '' : tag;
    bare.push(tag === '<g>');
    return tag === '<g>' ? '' : tag;
  };
}

interface TextItem {
  text?: unknown;
  fontSize?: number;
  fontWeight?: string | number;
}

const BOLD_WEIGHTS = new Set(['bold', 'bolder', '500', '600', '700', '800', '900']);

/**
 * Without a canvas vega guesses text widths generously, which truncates axis labels and wastes space.
 * Roboto's real advance widths make vega's layout match what pdfkit draws.
 */
function useRobotoMetrics(): void {
  const metrics = (vega as unknown as { textMetrics: { width: (item: TextItem, text?: unknown) => number } }).textMetrics;
  if (metrics.width === measureRoboto) return;
  metrics.width = measureRoboto;
}

function measureRoboto(item: TextItem, text?: unknown): number {
  const value = text ?? item.text;
  const string = value === undefined || value === null ? '' : String(value);
  const size = item.fontSize ?? 11;
  const face = BOLD_WEIGHTS.has(String(item.fontWeight ?? '')) ? fontMetrics.bold : fontMetrics.regular;
  const advances: Record<string, number | undefined> = face.advances;
  let units = 0;
  for (const char of string) units += advances[char] ?? face.unitsPerEm * 0.55;
  return (units * size) / face.unitsPerEm;
}

function sizeOf(svg: string): { width: number; height: number } {
  const match = /<svg[^>]*\swidth="([\d.]+)"[^>]*\sheight="([\d.]+)"/.exec(svg);
  if (!match) throw new Error('chart SVG has no width and height');
  return { width: Number(match[1]), height: Number(match[2]) };
}
