/**
 * Charts laid out in Node with the headless vega View (no canvas, no browser, no SVG): the View's scenegraph
 * is drawn straight into the PDF by vega-pdf.ts. The Vega-Lite specs
 * (report-templates/charts/*.vl.json) are compiled to Vega with the brand theme at build time (`npm run
 * charts`, chart-specs.ts) into report-templates/charts/compiled/*.vg.json: only vega is loaded here, and
 * each compiled spec is parsed to a vega runtime once per process. Specs are imported statically so an
 * esbuild bundle carries them.
 */
import type * as vega from 'vega';
import { Error as vegaError, locale as vegaLocale, parse as vegaParse, textMetrics, View } from './vega-core.ts';
import reactionDistribution from '../../../report-templates/charts/compiled/reaction-distribution.vg.json' with { type: 'json' };
import reactionPrograms from '../../../report-templates/charts/compiled/reaction-programs.vg.json' with { type: 'json' };
import changeDumbbell from '../../../report-templates/charts/compiled/change-dumbbell.vg.json' with { type: 'json' };
import changeEffect from '../../../report-templates/charts/compiled/change-effect.vg.json' with { type: 'json' };
import trend from '../../../report-templates/charts/compiled/trend.vg.json' with { type: 'json' };
import fontMetrics from '../../../report-templates/brand/font-metrics.json' with { type: 'json' };
import type { Locale } from '../model/index.ts';
import { VEGA_LOCALES } from './format.ts';
import { recordChart, type ChartDrawing, type ChartScene, type SceneNode } from './vega-pdf.ts';

/** The compiled Vega specs as imported; vega.parse does not mutate them. */
export const COMPILED_CHARTS = {
  'reaction-distribution': reactionDistribution,
  'reaction-programs': reactionPrograms,
  'change-dumbbell': changeDumbbell,
  'change-effect': changeEffect,
  trend,
} as const;

export type ChartName = keyof typeof COMPILED_CHARTS;
export const CHART_NAMES = Object.keys(COMPILED_CHARTS) as ChartName[];

export type ChartRow = Record<string, string | number | boolean | null>;

export interface ChartInput {
  /** Named datasets, e.g. `{ values: [...] }`, bound to the spec's `{"data": {"name": ...}}`. */
  data: Record<string, ChartRow[]>;
  /** Values for the spec's top-level params (e.g. a scale's domain). */
  params?: Record<string, number | string>;
}

/** In points: the chart is drawn 1 px = 1 pt so font sizes in the spec are true point sizes. */
export type RenderedChart = ChartDrawing;

const runtimes = new Map<ChartName, vega.Runtime>();

function runtimeFor(name: ChartName): vega.Runtime {
  let runtime = runtimes.get(name);
  if (!runtime) {
    runtime = vegaParse(COMPILED_CHARTS[name] as unknown as vega.Spec);
    runtimes.set(name, runtime);
  }
  return runtime;
}

const vegaLocales = new Map<Locale, vega.LocaleFormatters>();

function vegaLocaleFor(locale: Locale): vega.LocaleFormatters {
  let formatters = vegaLocales.get(locale);
  if (!formatters) {
    const definition = VEGA_LOCALES[locale];
    // vega.locale builds formatters for this view only; the global vega default stays untouched.
    formatters = vegaLocale(definition.number, definition.time);
    vegaLocales.set(locale, formatters);
  }
  return formatters;
}

/** A chart with data bound by name, laid out and recorded for drawing into the PDF (vega-pdf.ts). */
export async function renderChart(name: ChartName, input: ChartInput, locale: Locale): Promise<RenderedChart> {
  return recordChart(await layoutChart(name, input, locale));
}

/** Lays a chart out with data bound by name: vega's scenegraph and the box it is drawn in. */
export async function layoutChart(name: ChartName, input: ChartInput, locale: Locale): Promise<ChartScene> {
  useRobotoMetrics();
  const view = new View(runtimeFor(name), { renderer: 'none', logLevel: vegaError });
  // The constructor's `locale` option wants d3 definitions, not formatters (its typing says otherwise): set it here.
  view.locale(vegaLocaleFor(locale));
  try {
    for (const [dataset, rows] of Object.entries(input.data)) view.data(dataset, rows);
    for (const [param, value] of Object.entries(input.params ?? {})) view.signal(param, value);
    for (const [signal, value] of Object.entries(sizeToContent(name, input))) view.signal(signal, value);
    await view.runAsync();
    return sceneOf(view);
  } finally {
    view.finalize();
  }
}

/**
 * Panel sizes that follow the content: a before/after chart with one or two rater groups gets wider panels
 * (the specs' width is for three side by side), so a single dimension is not a sliver in a corner.
 */
export function sizeToContent(name: ChartName, input: ChartInput): Record<string, number> {
  if (name !== 'change-dumbbell') return {};
  const panels = new Set((input.data.values ?? []).map((row) => row.rater)).size;
  return panels === 1 ? { child_width: 300 } : panels === 2 ? { child_width: 190 } : {};
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
  if (textMetrics.width === measureRoboto) return;
  textMetrics.width = measureRoboto;
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

/** Internals of vega's View that its own headless renderers read for the drawing's size (vega-view render-size.js). */
interface ViewSize {
  _viewWidth: number;
  _viewHeight: number;
}

/** The scenegraph and the box vega's SVG renderer would draw it in: the view's size plus padding, offset by its origin. */
function sceneOf(view: vega.View): ChartScene {
  const { _viewWidth, _viewHeight } = view as unknown as ViewSize;
  const padding = view.padding() as { left: number; right: number; top: number; bottom: number };
  const origin = view.origin();
  const background = view.background();
  return {
    root: (view.scenegraph() as unknown as { root: SceneNode }).root,
    width: Math.max(0, _viewWidth + padding.left + padding.right),
    height: Math.max(0, _viewHeight + padding.top + padding.bottom),
    origin: [padding.left + origin[0], padding.top + origin[1]],
    background: typeof background === 'string' ? background : null,
  };
}
