/**
 * Charts laid out in Node with the headless vega View (no canvas, no browser, no SVG): the View's scenegraph
 * is drawn straight into the PDF by vega-pdf.ts. The Vega-Lite specs (report-templates/charts/*.vl.json) are
 * compiled to Vega with the brand theme and parsed by vega into a runtime dataflow description at build time
 * (`npm run charts`, chart-specs.ts) into report-templates/charts/compiled/*.runtime.json: only vega's runtime
 * is loaded here, nothing is compiled or parsed on a cold start. Imported statically so an esbuild bundle
 * carries them.
 */
import type * as vega from 'vega';
import { Error as vegaError, locale as vegaLocale, textMetrics, View } from './vega-core.ts';
import reactionDistribution from '../../../report-templates/charts/compiled/reaction-distribution.runtime.json' with { type: 'json' };
import reactionPrograms from '../../../report-templates/charts/compiled/reaction-programs.runtime.json' with { type: 'json' };
import changeDumbbell from '../../../report-templates/charts/compiled/change-dumbbell.runtime.json' with { type: 'json' };
import changeEffect from '../../../report-templates/charts/compiled/change-effect.runtime.json' with { type: 'json' };
import trend from '../../../report-templates/charts/compiled/trend.runtime.json' with { type: 'json' };
import fontMetrics from '../../../report-templates/brand/font-metrics.json' with { type: 'json' };
import type { Locale } from '../model/index.ts';
import { VEGA_LOCALES } from './format.ts';
import { recordChart, type ChartDrawing, type ChartScene, type SceneNode } from './vega-pdf.ts';

/**
 * Each chart as written by tools/compile-charts.ts: vega's runtime description of its dataflow (what vega.parse
 * makes of the compiled spec; a View only reads it) and its key fields (`shapeOf`).
 */
interface ChartRuntime {
  keyFields: readonly string[];
  runtime: object;
}

const CHART_RUNTIMES: Record<'reaction-distribution' | 'reaction-programs' | 'change-dumbbell' | 'change-effect' | 'trend', ChartRuntime> = {
  'reaction-distribution': reactionDistribution,
  'reaction-programs': reactionPrograms,
  'change-dumbbell': changeDumbbell,
  'change-effect': changeEffect,
  trend,
};

export type ChartName = keyof typeof CHART_RUNTIMES;
export const CHART_NAMES = Object.keys(CHART_RUNTIMES) as ChartName[];

export type ChartRow = Record<string, string | number | boolean | null>;

export interface ChartInput {
  /** Named datasets, e.g. `{ values: [...] }`, bound to the spec's `{"data": {"name": ...}}`. */
  data: Record<string, ChartRow[]>;
  /** Values for the spec's top-level params (e.g. a scale's domain). */
  params?: Record<string, number | string>;
}

/** In points: the chart is drawn 1 px = 1 pt so font sizes in the spec are true point sizes. */
export type RenderedChart = ChartDrawing;

/** The dataflow description a chart's Views are built from. */
export function chartRuntime(name: ChartName): vega.Runtime {
  return CHART_RUNTIMES[name].runtime as vega.Runtime;
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

/**
 * A chart with data bound by name, laid out and recorded for drawing into the PDF (vega-pdf.ts).
 *
 * Building a View (and, as it first runs, a subflow per facet and per header group) costs more than laying the
 * chart out, so a View is kept after its chart is recorded and used again for the next chart of the same spec,
 * locale and shape (`shapeOf`). Everything a View keeps between runs is then keyed the same way a new View's
 * would be: the same facets, aggregate groups and category domains in the same first-seen order, the same
 * datasets and signals set. Only numbers differ, and vega recomputes what depends on them; the one place their
 * history shows is the order of axis items kept by tick value, which `canonicalAxisOrder` puts back.
 * test/unit/report/chart-reuse.test.ts checks drawings from reused Views against new ones.
 */
export async function renderChart(name: ChartName, input: ChartInput, locale: Locale): Promise<RenderedChart> {
  useRobotoMetrics();
  const pool = viewPool(name, locale);
  const shape = shapeOf(name, input);
  const kept = pool.findIndex((entry) => entry.shape === shape);
  const view = kept >= 0 ? pool.splice(kept, 1)[0]!.view : newView(name, locale);
  let drawing: RenderedChart;
  try {
    // A View sizes itself to its content on its first run only; a kept one is asked to again.
    if (kept >= 0) view.resize();
    await runView(view, name, input);
    const scene = sceneOf(view);
    canonicalAxisOrder(scene.root);
    drawing = recordChart(scene);
  } catch (error) {
    // A View that failed half-way holds a state no new View would have: never use it again.
    view.finalize();
    throw error;
  }
  pool.push({ view, shape });
  if (pool.length > VIEWS_PER_CHART) pool.shift()!.view.finalize();
  return drawing;
}

/**
 * Lays a chart out in a View of its own: vega's live scenegraph and the box it is drawn in (for tests and
 * inspection; a kept View's scenegraph changes with its next chart, so renderChart never hands one out).
 */
export async function layoutChart(name: ChartName, input: ChartInput, locale: Locale): Promise<ChartScene> {
  useRobotoMetrics();
  const view = newView(name, locale);
  try {
    await runView(view, name, input);
    return sceneOf(view);
  } finally {
    view.finalize();
  }
}

/** Kept Views per chart and locale (a locale's formatters are fixed when axis labels are made). */
interface KeptView {
  view: vega.View;
  shape: string;
}

/** Shapes kept per chart and locale, least recently used first out: a report has few shapes per chart. */
const VIEWS_PER_CHART = 6;
const viewPools = new Map<string, KeptView[]>();

function viewPool(name: ChartName, locale: Locale): KeptView[] {
  const key = `${name}\u0000${locale}`;
  let pool = viewPools.get(key);
  if (!pool) {
    pool = [];
    viewPools.set(key, pool);
  }
  return pool;
}

function newView(name: ChartName, locale: Locale): vega.View {
  const view = new View(chartRuntime(name), { renderer: 'none', logLevel: vegaError });
  // The constructor's `locale` option wants d3 definitions, not formatters (its typing says otherwise): set it here.
  view.locale(vegaLocaleFor(locale));
  return view;
}

async function runView(view: vega.View, name: ChartName, input: ChartInput): Promise<void> {
  for (const [dataset, rows] of Object.entries(input.data)) view.data(dataset, rows);
  for (const [param, value] of Object.entries(input.params ?? {})) view.signal(param, value);
  for (const [signal, value] of Object.entries(sizeToContent(name, input))) view.signal(signal, value);
  await view.runAsync();
}

/**
 * What a View keeps from one chart to the next, as a string: which datasets and signals are set, and row by row the
 * values of the fields vega groups, facets or takes a category domain from (`keyFields`), with every other value
 * reduced to what filters test (a finite number, a string, null, a boolean as it is). Equal shapes build the same
 * facets, aggregate cells and category domains in the same first-seen order, so a kept View holds what a new one
 * would build. Numbers and labels are left out: they only feed items made anew and scales vega recomputes.
 */
export function shapeOf(name: ChartName, input: ChartInput): string {
  const keys = keyFields(name);
  const parts: unknown[] = [];
  for (const [dataset, rows] of Object.entries(input.data)) {
    parts.push(dataset, rows.length);
    for (const row of rows) {
      for (const [field, value] of Object.entries(row)) {
        parts.push(field, keys.has(field) || typeof value === 'boolean' || value === null ? value : typeof value === 'number' ? (Number.isFinite(value) ? 0 : null) : '');
      }
    }
  }
  for (const [param, value] of Object.entries(input.params ?? {})) parts.push('$', param, typeof value === 'number' ? 0 : value);
  return JSON.stringify(parts);
}

const keyFieldSets = new Map<ChartName, Set<string>>();

/** The fields whose values become vega's keyed state for a chart (facets, aggregate cells, category domains). */
function keyFields(name: ChartName): Set<string> {
  let fields = keyFieldSets.get(name);
  if (!fields) {
    fields = new Set(CHART_RUNTIMES[name].keyFields);
    keyFieldSets.set(name, fields);
  }
  return fields;
}

const AXIS_ITEM_ROLES = new Set(['axis-tick', 'axis-label', 'axis-grid']);

/**
 * Axis ticks, labels and grid lines are joined to their items by tick value, so a kept View keeps the items of
 * ticks it had before where they were and puts new ones after them. A new View makes them in tick order; this
 * puts them back in it (the datum's `index` is the tick's place on the axis), so they are drawn in the same order.
 */
function canonicalAxisOrder(node: SceneNode): void {
  const items = node.items;
  if (!items) return;
  if (typeof node.role === 'string' && AXIS_ITEM_ROLES.has(node.role)) {
    items.sort((a, b) => tickIndex(a) - tickIndex(b));
    return;
  }
  for (const item of items) canonicalAxisOrder(item);
}

function tickIndex(item: SceneNode): number {
  const datum = item.datum as { index?: unknown } | undefined;
  const index = datum?.index;
  if (typeof index !== 'number') throw new Error('vega changed: an axis item has no tick index (charts.ts canonicalAxisOrder)');
  // A binned axis's extra tick (index -1) comes after the others.
  return index < 0 ? Number.POSITIVE_INFINITY : index;
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
